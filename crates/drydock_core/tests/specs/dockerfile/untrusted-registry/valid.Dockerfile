ARG BASE
FROM registry.example.com/base/node:20 AS build
FROM node:20-slim AS deps
FROM docker.io/library/alpine:3.20
FROM REGISTRY.example.com/base/python:3.12
FROM build
FROM Deps
FROM scratch
# Only known at build time: not judged.
FROM $BASE
