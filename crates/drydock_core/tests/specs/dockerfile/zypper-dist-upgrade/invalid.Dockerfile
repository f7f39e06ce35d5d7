FROM opensuse/leap:15.5
RUN zypper dist-upgrade -y
