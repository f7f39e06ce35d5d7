FROM alpine
RUN echo "déjà 😀" && \
    ls
COPY. /dst
