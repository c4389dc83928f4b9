# syntax=docker/dockerfile:1
# Build stage: compiles TypeScript and native modules, then drops dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY scripts/native-from-source.js scripts/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

# Runtime stage: no compiler, no sources, a non-root user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/i18n ./i18n
COPY --from=build --chown=node:node /app/mail-templates ./mail-templates
RUN mkdir -p /app/var && chown node:node /app/var
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Migrations first, then the server (which also applies any pending migration on start).
# The heap flags of `npm run start:prod`: collect garbage before the heap grows far past what it holds.
CMD ["sh", "-c", "node dist/src/migrate.js && exec node --heap-growing-percent=30 --max-semi-space-size=8 dist/src/main.js"]
