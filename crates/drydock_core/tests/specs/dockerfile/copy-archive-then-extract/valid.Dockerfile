FROM debian:12 AS build
ADD app.tar.gz /opt/
# Zip files: ADD does not unpack them.
COPY data.zip /tmp/
RUN unzip /tmp/data.zip -d /opt
# Kept as an archive, not extracted.
COPY backup.tar /srv/
RUN tar -tf /srv/backup.tar
# From another stage: ADD cannot unpack it from there.
FROM debian:12
COPY --from=build /srv/backup.tar /tmp/
RUN tar -xf /tmp/backup.tar
# An archive of an earlier stage is not this stage's.
RUN tar -xzf app.tar.gz
