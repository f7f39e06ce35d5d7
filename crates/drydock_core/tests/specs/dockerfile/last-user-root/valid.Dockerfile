FROM debian:12
USER root
RUN useradd -l app
USER app
CMD ["app"]
