FROM golang:1.22 AS build-stage
FROM alpine:3.20
COPY --from=build-stage /go/bin/app /app
