FROM debian
RUN echo hello
