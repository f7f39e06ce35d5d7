FROM golang:1.22 AS build
FROM alpine:3.20 AS runtime
COPY --from=build /go/bin/app /app
