FROM ubuntu:24.04
COPY package.json /app/
RUN npm install
