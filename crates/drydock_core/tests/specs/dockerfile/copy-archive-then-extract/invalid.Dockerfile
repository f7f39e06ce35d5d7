FROM debian:12
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
COPY ["vendor/deps.tar", "/src/"]
WORKDIR /src
RUN set -e; tar --extract --file deps.tar
COPY release /tmp/release.tar.xz
RUN unxz /tmp/release.tar.xz
