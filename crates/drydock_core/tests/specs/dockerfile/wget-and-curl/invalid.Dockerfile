FROM debian:12
RUN curl -fsSLo a.tgz https://example.com/a.tgz
RUN wget -q https://example.com/b.tgz
