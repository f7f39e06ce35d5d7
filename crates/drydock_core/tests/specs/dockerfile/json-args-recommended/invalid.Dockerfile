FROM node:20
CMD node server.js --port=80
ENTRYPOINT exec node "$APP"
FROM node:20
SHELL ["/bin/bash", "-c"]
CMD node server.js
