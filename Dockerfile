# One image per platform process, all from this file:
#   docker build --build-arg SERVICE=gateway -t voucher/gateway .
# (docker-compose.yml builds the ten services this way.)
#
# The build stage installs the workspace, builds the one service with turbo
# (scripts/build-service.mjs bundles its src and the workspace libs into
# services/<name>/dist/main.js, node_modules external) and drops dev
# dependencies. The runtime stage holds node_modules, that dist/ and the
# service's migrations/ (read at runtime as ../migrations relative to dist/).

FROM node:20-bookworm-slim AS build
ARG SERVICE
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=<service name>" >&2; exit 1; }
# compilers for native modules (argon2 and the like are built from source by npm ci)
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false
COPY package.json package-lock.json tsconfig.base.json turbo.json ./
COPY libs/ libs/
COPY services/ services/
COPY scripts/ scripts/
# the end-to-end workspace is listed in package-lock.json: npm ci needs its manifest
COPY test/package.json test/package.json
RUN test -d "services/$SERVICE" || { echo "no such service: services/$SERVICE" >&2; exit 1; }
RUN npm ci
RUN npx turbo run build --filter="@voucher/${SERVICE}"
# the gateway serves the web portal at / (issue 10): its image carries the build
RUN if [ "$SERVICE" = gateway ]; then npx turbo run build --filter=@voucher/portal; fi \
 && mkdir -p services/portal/dist
# Libs are bundled into dist/main.js, so the workspace links (node_modules/@voucher)
# would dangle in the runtime image; migrations/ and node_modules/ of the service
# are created even when empty so that the runtime stage can copy them.
RUN npm prune --omit=dev \
 && rm -rf node_modules/@voucher \
 && mkdir -p "services/$SERVICE/migrations" "services/$SERVICE/node_modules" \
 && test -f "services/$SERVICE/dist/main.js"

FROM node:20-bookworm-slim
ARG SERVICE
# The heap's ceiling (issue 20 item 8), set rather than left to what V8 derives from the host: half of
# the 512 MiB each service is given (Kubernetes' limit, compose's mem_limit), the rest for code, buffers
# and native memory. The gateway, given 768 MiB, sets 512 (deploy/k8s/services.yaml, docker-compose.yml).
# Measured under it: the lottery peaks at 264 MB through a 1M draw and its publication, as fast as with none.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=256 \
    SERVICE=${SERVICE}
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/services/${SERVICE}/package.json ./services/${SERVICE}/package.json
COPY --from=build /app/services/${SERVICE}/node_modules ./services/${SERVICE}/node_modules
COPY --from=build /app/services/${SERVICE}/dist ./services/${SERVICE}/dist
COPY --from=build /app/services/${SERVICE}/migrations ./services/${SERVICE}/migrations
COPY --from=build /app/services/portal/dist ./services/portal/dist
# the settlement forms embed a CJK font (SET-4); only that image needs it
RUN if [ "$SERVICE" = settlement ]; then \
      apt-get update && apt-get install -y --no-install-recommends fonts-wqy-zenhei && rm -rf /var/lib/apt/lists/*; \
    fi
# uploads (gateway, STORAGE_DIR): a named volume mounted here starts owned by node
RUN mkdir -p /var/lib/voucher/uploads && chown node:node /var/lib/voucher/uploads
USER node
# exec: node replaces the shell and receives SIGTERM itself
CMD ["sh", "-c", "exec node \"services/$SERVICE/dist/main.js\""]
