FROM debian:12
USER app
RUN sudo make install
