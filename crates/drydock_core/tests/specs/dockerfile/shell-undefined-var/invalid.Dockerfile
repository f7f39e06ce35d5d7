ARG VERSION=1.2.3
# A typo of a defined name: suggested, and fixed.
FROM alpine:3.20 AS typo
ENV BUILD_DIR=/src
RUN make -C $BUILD_DRI && cp out "${BUILD_DRI}/bin"

# A global ARG the stage did not declare, and an automatic platform ARG.
FROM alpine:3.20 AS global
RUN echo "$VERSION" > /version && echo $TARGETARCH

# Built from scratch: nothing defines anything.
FROM scratch AS empty
COPY busybox /bin/sh
RUN echo $ANYTHING

# Continued lines and a heredoc: the range is the expansion itself.
FROM debian:12 AS lines
ARG PREFIX=/usr/local
RUN ./configure \
        --prefix=$PREFX \
    && make install
RUN <<EOF
set -e
cd ${PREFX}
EOF

# An image Drydock does not know may define anything: only a near typo is reported.
FROM example.com/custom:1 AS custom
ENV APP_HOME=/app
RUN cd $APP_HOM && ./start $FROM_THE_IMAGE

# What `sh -c` runs, and a CMD in shell form.
FROM ubuntu:24.04 AS nested
ENV PORT=8080
RUN sh -c 'echo $UNSET_IN_SH'
CMD exec server --port $PROT
