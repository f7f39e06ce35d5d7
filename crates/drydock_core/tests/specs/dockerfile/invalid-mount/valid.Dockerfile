FROM golang:1.22 AS build
RUN --mount=type=cache,target=/root/.cache/go-build,sharing=locked,id=gobuild go build ./...
RUN --mount=type=cache,target=/go/pkg/mod,mode=0755,uid=1000,gid=1000 go mod download
RUN --mount=target=/src,source=.,readonly --mount=type=bind,from=build,src=/out,dst=/in,rw=true make
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required=true,mode=0400 npm ci
RUN --mount=type=secret,id=token,env=TOKEN curl -H "Authorization: $TOKEN" https://example.com
RUN --mount=type=ssh,required git clone git@github.com:moby/buildkit.git
RUN --mount=type=tmpfs,target=/tmp,size=64m true
RUN --mount=type=$MOUNT_TYPE,target=/x,sharing=$SHARING true
RUN --mount="type=cache,target=/root/.npm" npm ci
