ARG DEBIAN=debian:12.5
FROM $DEBIAN
RUN echo hello
