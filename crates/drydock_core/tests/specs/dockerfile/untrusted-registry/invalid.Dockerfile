ARG REGISTRY=ghcr.io
FROM quay.io/prometheus/busybox:1.36 AS tools
FROM ${REGISTRY}/acme/base:1.0
FROM gcr.io/distroless/static-debian12
COPY --from=tools /bin/sh /bin/sh
