FROM --platfrom=$BUILDPLATFORM golang:1.22 AS build
RUN --network=off --security=sandbox go build ./...
RUN --mount=type=cache,target=/root/.cache --mount=type=cache,target=/go --netwrok=host go test ./...
FROM alpine:3.20
COPY --form=build /go/bin/app /usr/local/bin/app
COPY --from build /go/bin/app /usr/local/bin/
COPY --checksum=sha256:abc app /app
ADD --from=build /go/bin/app /app
COPY --link=yes --link app /app
ADD --keep-git-dir= https://github.com/moby/buildkit.git /src
COPY --FROM=build /a /b
HEALTHCHECK --interval=30s --intreval=5s CMD true
WORKDIR --path=/app /app
ENV --foo A=b
