FROM debian:12
RUN curl -fsSLo a.tgz https://example.com/a.tgz
RUN curl -fsSLo b.tgz https://example.com/b.tgz
