FROM nginx:1.27
HEALTHCHECK --interval=30s --timeout=1m30s --start-period=0 --start-interval=1.5s --retries=0 CMD curl -f http://localhost/
HEALTHCHECK --interval=1ms cmd ["curl", "-f", "http://localhost/"]
HEALTHCHECK none
HEALTHCHECK --interval=whatever NONE
