FROM opensuse/leap:15.6
RUN echo up to date
