FROM debian:12
ENV APP=/opt/app
ENV BIN=$APP/bin
