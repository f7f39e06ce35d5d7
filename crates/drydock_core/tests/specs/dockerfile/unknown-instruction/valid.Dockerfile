FROM node:20
copy . /app
RUN echo COPY. \
    COPY.
ONBUILD RUN x
