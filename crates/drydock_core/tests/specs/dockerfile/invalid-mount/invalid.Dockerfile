FROM golang:1.22
RUN --mount=type=cahce,target=/root/.cache/go-build go build ./...
RUN --mount=type=cache,target=/go/pkg/mod,sharing=exclusive go mod download
RUN --mount=type=bind,source=.,target=/src,mode=0644 make
RUN --mount=type=cache,target=/x,mode=0999,uid=root,gid=-1 true
RUN --mount=type=secret,from=build,target=/run/secrets/token true
RUN --mount=type=secret,required true
RUN --mount=type=secret,id=token,source=token.txt true
RUN --mount=required,type=ssh ssh-add -l
RUN --mount=type=tmpfs,target=/tmp,size=lots true
RUN --mount=type=cache,target=/x,ro=maybe,trget=/y true
RUN --mount=type=bind,nocache true
RUN --mount=type=bind,sharing=locked,target=/x true
