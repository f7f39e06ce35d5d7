FROM alpine:3.20
# A package list in a variable may hold the tool's package.
ENV BUILD_DEPS="make gcc musl-dev"
RUN apk add --no-cache $BUILD_DEPS && make -C /src
FROM debian:12-slim
# A build from source installs what it builds.
RUN apt-get update && apt-get install -y make gcc \
    && cd /usr/src/python && ./configure && make install && pip3 --version
FROM alpine:3.20
RUN apk add --no-cache python2 py2-pip && pip install six
