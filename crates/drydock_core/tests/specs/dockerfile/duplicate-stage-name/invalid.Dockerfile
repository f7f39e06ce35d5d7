FROM alpine AS build
FROM alpine AS test
FROM debian AS Build
