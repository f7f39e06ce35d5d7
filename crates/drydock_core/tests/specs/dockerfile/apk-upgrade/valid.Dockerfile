FROM alpine:3.19.1
RUN echo up to date
