FROM nginx:1.27
HEALTHCHECK --interval=30 --timeout=1d --start-period=500us CMD curl -f http://localhost/
HEALTHCHECK --retries=-1 CMD true
HEALTHCHECK --retries=three CMD true
HEALTHCHECK NONE curl -f http://localhost/
HEALTHCHECK CMD
HEALTHCHECK CMD []
HEALTHCHECK CMD-SHELL curl -f http://localhost/
HEALTHCHECK --start-interval=abc CMD true
