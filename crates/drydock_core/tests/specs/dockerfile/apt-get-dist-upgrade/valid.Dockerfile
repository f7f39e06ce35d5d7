FROM debian:12.5
RUN echo up to date
