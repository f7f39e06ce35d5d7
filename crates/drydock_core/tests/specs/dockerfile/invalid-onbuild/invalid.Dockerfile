FROM node:20
ONBUILD ONBUILD RUN npm ci
ONBUILD FROM node:20-slim
onbuild maintainer someone@example.com
