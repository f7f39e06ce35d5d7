FROM opensuse/leap:15.5
RUN zypper install -y httpd=2.4.51
