FROM debian:12
USER root
RUN apt-get update
CMD ["app"]
