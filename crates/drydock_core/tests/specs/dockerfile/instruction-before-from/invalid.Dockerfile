RUN echo hello
FROM debian:12
