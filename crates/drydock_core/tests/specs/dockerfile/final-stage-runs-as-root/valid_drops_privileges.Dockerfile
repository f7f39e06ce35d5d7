FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends gosu=1.14-1+b6 \
    && rm -rf /var/lib/apt/lists/*
COPY docker-entrypoint.sh /usr/local/bin/
# The entrypoint starts as root, fixes ownership, then `exec gosu app "$@"`.
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["app"]
