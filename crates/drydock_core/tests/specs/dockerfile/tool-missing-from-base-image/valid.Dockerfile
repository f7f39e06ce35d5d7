FROM node:20
COPY package.json /app/
RUN npm install
