FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
SHELL ["powershell", "-Command"]
