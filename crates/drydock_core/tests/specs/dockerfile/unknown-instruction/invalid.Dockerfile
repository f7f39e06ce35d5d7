FROM node:20
COPY. /app
RUNN echo ready
cmd["node", "server.js"]
FROB x
  # a comment between
WORKDIR /app
