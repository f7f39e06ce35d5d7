FROM fedora:40
RUN dnf install httpd-2.4.59 && dnf clean all
