FROM debian:12
SHELL /bin/bash -o pipefail -c
SHELL []
SHELL
SHELL ["/bin/bash", "-c"
SHELL cmd /S /C "echo"
