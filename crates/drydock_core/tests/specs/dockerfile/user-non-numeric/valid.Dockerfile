FROM debian:12
RUN useradd -l -u 10001 app
USER 10001
ARG UID=10001
USER $UID
# Only known at build time: not judged.
ARG BUILD_USER
USER $BUILD_USER
