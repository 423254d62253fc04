# leadbot: one image for the web process (Slack /slack/events, Teams /api/messages) and the worker.
# The project runs TypeScript directly with tsx (ESM, NodeNext); there is no compile step to ship.
#   docker build -t leadbot .
#   docker run --env-file .env -p 3000:3000 leadbot                                 # web (+ in-process worker)
#   docker run --env-file .env leadbot node --import tsx src/worker.ts              # a worker alone

# --- production dependencies only ------------------------------------------------------------
FROM node:20-slim AS deps
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# --- build: the generated Prisma client (src/generated, not in git) ----------------------------
FROM node:20-slim AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY src ./src
RUN npx prisma generate

# --- runtime -------------------------------------------------------------------------------
FROM node:20-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1
# Owned by root and read-only to the app: it writes only /tmp (tsx's cache) and the export directory below.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY adaptive-cards ./adaptive-cards
COPY --from=build /app/src ./src
# The one directory the app writes: audit trails exported before retention anonymises a case
# (RETENTION_EXPORT_DIR). Mount a volume here and back it up; a new named volume takes this
# directory's owner, so the unprivileged user can write to it.
ENV RETENTION_EXPORT_DIR=/data/retention-exports
RUN mkdir -p /data/retention-exports && chown node:node /data/retention-exports
# The node image's unprivileged user (uid 1000).
USER node
EXPOSE 3000
# Liveness only (process up). Readiness (database, migrations, Redis) is GET /readyz: use it for
# load balancer / orchestrator routing, not for restarts.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1's child under `--init` / compose `init: true` and gets SIGTERM directly
# (no npm/npx wrapper in between), so shutdown drains in-flight requests and jobs.
# Migrations are applied at start-up (src/infrastructure/prisma/migrate.ts).
CMD ["node", "--import", "tsx", "src/main.ts"]
