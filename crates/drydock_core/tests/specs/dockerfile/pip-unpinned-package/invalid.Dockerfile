FROM python:3.12
RUN pip install --no-cache-dir requests
RUN pip install --no-cache-dir ludwig[full] "dvr-scan[opencv]==1.6"
