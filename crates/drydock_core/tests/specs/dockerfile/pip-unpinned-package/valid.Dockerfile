FROM python:3.12
RUN pip install --no-cache-dir requests==2.31.0
