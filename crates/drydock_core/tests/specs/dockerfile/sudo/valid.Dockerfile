FROM debian:12
USER root
RUN make install
USER app
