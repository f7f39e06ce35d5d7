FROM debian:12
RUN mkdir /app
RUN chown nobody /app
