# syntax=docker/dockerfile:1

# Build: compiles TypeScript to dist/ and the web UI to dist/web-ui/ with the full dependency tree.
# Install scripts are skipped: the build needs none, and the `node` devDependency would otherwise
# fetch a second Node.js.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN node node_modules/@nestjs/cli/bin/nest.js build
COPY ui ./ui
RUN node node_modules/vite/bin/vite.js build --config ui/vite.config.ts

# Production dependencies only; the npm cache stays in the build cache, out of every layer.
# Source maps, type declarations and docs are never read at run time: a third of the size. Nor are
# gpt-tokenizer's CommonJS build, TypeScript sources and raw vocabulary files (the ESM build carries
# its own): another 20 MB.
FROM node:24-slim AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' \) -delete \
 && rm -rf node_modules/gpt-tokenizer/cjs node_modules/gpt-tokenizer/src node_modules/gpt-tokenizer/data

# Runtime: distroless Node.js 24 (no shell, no package manager), non-root user 65532.
FROM gcr.io/distroless/nodejs24-debian13:nonroot AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    SERVER_HOST=0.0.0.0 \
    SERVER_PORT=8080
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER 65532:65532
# 8080: the API; 9464: Prometheus metrics (TELEMETRY_METRICS_PORT) when telemetry is on.
EXPOSE 8080 9464
# SIGTERM starts the graceful shutdown: give `docker stop` / Kubernetes more than
# SERVER_SHUTDOWN_DELAY + SERVER_DRAIN_TIMEOUT (65s by default), e.g. `docker stop -t 75`.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/nodejs/bin/node"]
CMD ["dist/main.js"]
