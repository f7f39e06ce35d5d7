FROM alpine
CMD ["echo", "one"]
HEALTHCHECK NONE
ENTRYPOINT ["sh"]
CMD ["echo", "two"]
HEALTHCHECK CMD true
FROM alpine
CMD ["echo", "other stage"]
