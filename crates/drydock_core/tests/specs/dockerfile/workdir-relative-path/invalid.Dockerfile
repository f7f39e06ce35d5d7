FROM alpine
WORKDIR app
WORKDIR sub
FROM golang:1.22 AS go
WORKDIR src
FROM example.com/custom AS custom
WORKDIR "src"
FROM scratch
WORKDIR /abs
