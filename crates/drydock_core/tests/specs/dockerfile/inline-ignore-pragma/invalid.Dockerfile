FROM debian:12
# hadolint ignore=DL3008,DL3015
RUN apt-get update && apt-get install -y curl
# drydock ignore=apt-get-unpinned-package reason: pinned by the base image
RUN apt-get install -y --no-install-recommends wget
