FROM centos:7.9.2009
RUN echo up to date
