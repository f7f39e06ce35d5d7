ARG VERSION=20
FROM node:${VERSION} AS build
FROM node:20 as runtime
COPY package.json ./
COPY ["package.json", "package-lock.json", "./"]
COPY <<EOF /etc/motd
hello
EOF
WORKDIR /app
USER node
ENV NODE_ENV=production
LABEL org.opencontainers.image.title=app
EXPOSE 3000
VOLUME ["/data"]
STOPSIGNAL SIGTERM
ONBUILD RUN npm ci
RUN
CMD ["node", "server.js"]
