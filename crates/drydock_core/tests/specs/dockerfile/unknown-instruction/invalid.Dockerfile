FROM node:20
COPY. /app
RUNN echo ready
cmd["node", "server.js"]
EXPOS 8080
  # a comment between
WORKDIR /app
