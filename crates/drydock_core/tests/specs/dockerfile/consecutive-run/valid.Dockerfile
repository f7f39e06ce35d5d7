FROM debian:12
RUN mkdir /app && chown nobody /app
