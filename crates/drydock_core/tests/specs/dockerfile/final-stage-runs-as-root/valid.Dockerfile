FROM node:20
COPY . /app
USER node
CMD ["node", "/app/index.js"]
