FROM debian:12
COPY app.py /app/
ADD https://example.com/data.json /data/
