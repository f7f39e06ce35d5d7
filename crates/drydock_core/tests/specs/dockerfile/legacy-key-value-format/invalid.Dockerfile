FROM alpine
ENV NODE_ENV production
ENV GREETING hello world
LABEL description "a quoted value"
ENV OK=1
