FROM node:20
ENTRYPOINT ["node"]
CMD ["server.js"]
