FROM golang:1.22 AS build
COPY . /src
FROM debian:12
COPY --from=build /src /src
