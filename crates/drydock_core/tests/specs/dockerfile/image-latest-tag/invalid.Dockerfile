FROM ubuntu:latest
RUN echo hello
