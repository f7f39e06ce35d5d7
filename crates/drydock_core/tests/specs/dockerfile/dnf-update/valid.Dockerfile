FROM fedora:40
RUN echo up to date
