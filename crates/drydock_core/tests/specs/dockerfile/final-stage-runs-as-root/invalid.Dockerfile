FROM node:20
COPY . /app
CMD ["node", "/app/index.js"]
