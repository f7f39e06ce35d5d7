FROM debian:12
ENV APP=/opt/app BIN=$APP/bin
