FROM mcr.microsoft.com/windows/nanoserver:ltsc2022
ENV GOPATH C:\\go
WORKDIR $GOPATH
WORKDIR C:\\src
WORKDIR \\data
