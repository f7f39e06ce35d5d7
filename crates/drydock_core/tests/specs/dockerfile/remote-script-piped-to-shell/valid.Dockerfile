FROM debian:12
RUN curl -fsSLo /tmp/get-docker.sh https://get.docker.com/ \
    && echo "4f282167c2c2d6e6e0ad4e4b3d58dd4c5d4a4c7a  /tmp/get-docker.sh" | sha1sum -c - \
    && sh /tmp/get-docker.sh
