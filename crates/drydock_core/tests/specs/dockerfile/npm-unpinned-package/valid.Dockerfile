FROM node:20
RUN npm install -g typescript@5.4.5
