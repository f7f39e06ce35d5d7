FROM ubuntu:latest

RUN apt-get update && \
    apt-get install -y \
    build-essential \
    wget \
    curl \
    && \
    curl -sSL https://get.docker.com/ | \
    bash -s

COPY package.json /app/
RUN npm install
COPY. /app

CMD ["npm", "start"]
