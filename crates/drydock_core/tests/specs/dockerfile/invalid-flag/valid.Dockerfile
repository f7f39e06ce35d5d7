FROM --platform=$BUILDPLATFORM golang:1.22 AS build
RUN --network=none --security=insecure --mount=type=cache,target=/root/.cache --mount=type=cache,target=/go go build ./...
RUN --device=name=nvidia.com/gpu=all nvidia-smi
FROM alpine:3.20
COPY --from=build --chown=1000:1000 --chmod=755 --link /go/bin/app /usr/local/bin/app
COPY --parents --exclude=*.md --exclude=*.txt ./docs/ /docs/
COPY --link=false app /app
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tar.gz /a
ADD --keep-git-dir=true --unpack=false https://github.com/moby/buildkit.git /src
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --start-interval=1s --retries=3 CMD true
HEALTHCHECK --whatever NONE
STOPSIGNAL --ignored SIGTERM
ARG --ignored=1 VERSION
COPY -- --not-a-flag /app
