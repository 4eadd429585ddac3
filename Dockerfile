# syntax=docker/dockerfile:1
# One image for every wick command: the container's arguments pick the
# service (`wick collector`, `wick preprocessor`, ...), as the Helm chart does
# per component. The build stage type-checks and compiles; the runtime stage
# carries the compiled JavaScript and production dependencies only.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so a source-only change reuses this layer.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    WICK_USE_DIST=1
WORKDIR /app
# Owned by root and read-only to the service user: the process cannot modify its own code.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/timescale ./timescale
# The node image's unprivileged user (uid 1000).
USER node
ENTRYPOINT ["node", "bin/wick.js"]
CMD ["--help"]
