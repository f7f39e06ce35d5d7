# hadolint global ignore=DL3008
FROM debian:12
# hadolint stage ignore=DL3015
# hadolint shell=bash
# a comment that mentions hadolint ignore=DL3008
RUN apt-get update && apt-get install -y curl
