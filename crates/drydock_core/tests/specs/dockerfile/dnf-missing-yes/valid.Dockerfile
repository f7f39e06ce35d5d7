FROM fedora:40
RUN dnf install -y httpd-2.4.59 && dnf clean all
