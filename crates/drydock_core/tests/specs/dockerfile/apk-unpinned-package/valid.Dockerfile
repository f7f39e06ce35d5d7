FROM alpine:3.19
RUN apk add --no-cache curl=8.5.0-r0
