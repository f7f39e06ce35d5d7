FROM golang:1.22 AS build
COPY --from=build /src /src
