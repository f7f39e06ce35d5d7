FROM node:20
COPY. /app
RUNN npm ci
cmd["node", "server.js"]
FROB x
  # a comment between
WORKDIR /app
