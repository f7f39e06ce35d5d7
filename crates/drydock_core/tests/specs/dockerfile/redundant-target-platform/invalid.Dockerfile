FROM --platform=$TARGETPLATFORM alpine
FROM --platform=${TARGETPLATFORM}  alpine AS b
FROM --platform=$BUILDPLATFORM alpine AS c
