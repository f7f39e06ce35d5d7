FROM node:20 build
FROM node:20 AS build extra
FROM
COPY package.json
COPY ["package.json"]
ADD --chown=node app.tar.gz
WORKDIR
USER
ENV
LABEL
EXPOSE
ARG
ARG =1
VOLUME
VOLUME ["/data", ""]
STOPSIGNAL
ONBUILD
MAINTAINER
