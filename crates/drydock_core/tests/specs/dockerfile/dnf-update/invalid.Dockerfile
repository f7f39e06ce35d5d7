FROM fedora:40
RUN dnf update -y && dnf clean all
