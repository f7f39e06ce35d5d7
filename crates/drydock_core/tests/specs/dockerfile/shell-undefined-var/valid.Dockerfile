ARG VERSION=1.2.3
FROM alpine:3.20 AS script
# The script sets its own variables, wherever it does.
RUN set -eux; \
    arch="$(apk --print-arch)"; \
    url="https://example.com/tool-$arch.tgz"; \
    for f in a b; do echo "$f"; done; \
    read -r line < /etc/hostname; echo "$line"; \
    export GOPATH=/go; echo "$GOPATH"; \
    setup() { local dir=/opt; RESULT="$dir"; }; setup; echo "$RESULT $url"; \
    while getopts "ab" opt; do echo "$opt $OPTARG"; done; \
    declare -a list; typeset count; readonly limit; echo "$list $count $limit"; \
    (( n = 1 )); echo "$n"; \
    EXTRA=1 env | grep "$EXTRA"

# Defaults, alternatives, quotes, escapes, special and positional parameters.
FROM alpine:3.20 AS forms
RUN echo "${CC:-cc}" "${DEBUG+-x}" "${#NAME}" "${REQUIRED:?set it}" \
    '$SINGLE' \$ESCAPED $1 $@ $# $? $$ $! $0 \
    "$HOME" "$PWD" "$HOSTNAME" "$http_proxy" "$LC_ALL" "$BASH_VERSION"

# A global ARG declared again in the stage; an automatic ARG declared.
FROM alpine:3.20 AS declared
ARG VERSION
ARG TARGETARCH
RUN echo "$VERSION $TARGETARCH"

# After a sourced file, anything may be set.
FROM debian:12 AS sourced
RUN . /etc/os-release && echo "$VERSION_CODENAME"
RUN set -a && . ./env && echo "$FROM_ENV_FILE"

# Base images: what a known one defines, and names an unknown one may define.
FROM node:22 AS known
RUN echo "$NODE_VERSION $YARN_VERSION"
FROM example.com/custom:1 AS custom
RUN echo "$SOMETHING_FROM_THE_IMAGE"
FROM custom AS child
RUN echo "$SOMETHING_FROM_THE_IMAGE"

# A secret mounted as an environment variable.
FROM alpine:3.20 AS secret
RUN --mount=type=secret,id=token,env=API_TOKEN curl -H "Authorization: $API_TOKEN" https://example.com

# Not a POSIX shell, no shell at all, or a login shell that reads profile files.
FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS windows
SHELL ["powershell", "-Command"]
RUN Write-Host $Env:PATH; $ProgressPreference = 'SilentlyContinue'
FROM alpine:3.20 AS exec
CMD ["echo", "$NOT_EXPANDED"]
ENTRYPOINT ["/bin/run", "$LITERAL"]
FROM continuumio/miniconda3 AS login
SHELL ["/bin/bash", "--login", "-c"]
RUN conda activate base && echo "$CONDA_PREFIX"

# CMD and ENTRYPOINT run with the container's environment: only typos are reported.
FROM alpine:3.20 AS start
ENV PORT=8080
CMD exec server --port "$PORT" $EXTRA_OPTIONS

# ONBUILD runs in another build.
FROM alpine:3.20 AS onbuild
ONBUILD RUN echo $FROM_THE_CHILD
