FROM alpine
Run echo mixed
run echo lower
COPY . /app
