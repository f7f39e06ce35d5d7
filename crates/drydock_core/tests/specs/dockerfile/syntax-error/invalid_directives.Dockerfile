# syntax=docker/dockerfile:1
# SYNTAX = other
# escape=x
FROM alpine
COPY. /
