FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY bin ./bin
COPY src ./src
COPY prompts ./prompts
COPY slack ./slack
ENV NODE_ENV=production
EXPOSE 3978
CMD ["node", "bin/rapport.js", "serve"]
