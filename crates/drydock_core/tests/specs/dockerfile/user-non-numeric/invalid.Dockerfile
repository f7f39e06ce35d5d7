FROM debian:12
RUN useradd -l -u 10001 app
USER app
ENV APP_USER=app
USER ${APP_USER}:app
