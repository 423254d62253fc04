// GET /readyz follows Redis and the migrations, and the service recovers by itself: Redis is a
// server of this test's own on a spare loopback port (the shared one is never stopped), wired the
// way main.ts wires it (readinessChecks + mountOperatorRoutes on the real HTTP server).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { httpObserver, mountOperatorRoutes, readinessChecks } from "../../../src/composition/operator.js";
import { createServices, type Services } from "../../../src/composition/services.js";
import { loadConfig } from "../../../src/config/env.js";
import { createHttpServer, listen, readinessFrom, type RunningServer } from "../../../src/http/server.js";
import { LeadbotMetrics } from "../../../src/infrastructure/metrics/metrics.js";
import { pendingMigrations, shippedMigrations } from "../../../src/infrastructure/prisma/migration-status.js";
import { LeadbotQueues } from "../../../src/infrastructure/queue/queues.js";
import { createLogger } from "../../../src/logger.js";
import { testDatabaseUrl } from "../../support/database.js";
import { eventually, OwnRedis, sample, sparePort } from "./support.js";

let redis: OwnRedis;
let services: Services;
let queues: LeadbotQueues;
let http: RunningServer;
let base = "";

const readyz = async () => {
  const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, boolean> } };
};

beforeAll(async () => {
  redis = new OwnRedis(await sparePort());
  await redis.start();
  const config = loadConfig({
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: redis.url,
    REDIS_PREFIX: `${inject("redisPrefix")}-ready-${randomBytes(3).toString("hex")}`,
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
  });
  const log = createLogger(config);
  // A registry of this file's own, with a short queue timeout so a scrape during the outage is quick.
  const metrics = new LeadbotMetrics({ defaultMetrics: false, queueScrapeTimeoutMs: 500 });
  services = createServices(config, log, { metrics });
  queues = LeadbotQueues.fromConfig(config);
  services.attachQueues(queues);
  const app = createHttpServer({
    logger: log,
    readiness: readinessFrom(readinessChecks(services, queues), 2_000),
    readinessTimeoutMs: 3_000,
    onResponse: httpObserver(metrics),
    mount: (express) => mountOperatorRoutes(express, { metrics, queues, admin: null }),
  });
  http = await listen(app, 0, "127.0.0.1");
  base = `http://127.0.0.1:${http.port}`;
}, 30_000);

afterAll(async () => {
  await http?.close(1_000);
  await queues?.close();
  await services?.close();
  await redis?.stop();
});

describe("GET /readyz", () => {
  it("is 200 with the database, its migrations and Redis all answering", async () => {
    expect(await readyz()).toEqual({ status: 200, body: { status: "ready", checks: { database: true, migrations: true, redis: true } } });
  });

  it("is 503 while Redis is stopped, and 200 again once it is back, without a restart", async () => {
    await redis.stop();
    const down = await eventually("a 503 from /readyz", async () => {
      const r = await readyz();
      return r.status === 503 ? r : null;
    }, 10_000);
    expect(down.body).toEqual({ status: "unavailable", checks: { database: true, migrations: true, redis: false } });

    // The process itself is fine, and a scrape does not hang on the missing Redis.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const started = Date.now();
    const scrape = await (await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5_000) })).text();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(sample(scrape, "leadbot_queue_stats_up")).toBe(0);

    await redis.start();
    const up = await eventually("a 200 from /readyz", async () => {
      const r = await readyz();
      return r.status === 200 ? r : null;
    }, 20_000, 200);
    expect(up.body.checks).toEqual({ database: true, migrations: true, redis: true });

    // The same connections work again: queues answer and the gauges are back.
    await expect(queues.outbox.getJobCounts("waiting")).resolves.toEqual({ waiting: 0 });
    const after = await (await fetch(`${base}/metrics`)).text();
    expect(sample(after, "leadbot_queue_stats_up")).toBe(1);
    expect(sample(after, "leadbot_queue_jobs", { queue: "outbox", state: "waiting" })).toBe(0);
  }, 45_000);

  it("is 503 while a shipped migration is not applied (rolled back), 200 once it is", async () => {
    const latest = shippedMigrations().at(-1)!;
    expect(await pendingMigrations(services.prisma)).toEqual([]);
    await services.prisma.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = ${latest}`;
    try {
      expect(await pendingMigrations(services.prisma)).toEqual([latest]);
      const r = await readyz();
      expect(r).toEqual({ status: 503, body: { status: "unavailable", checks: { database: true, migrations: false, redis: true } } });
    } finally {
      await services.prisma.$executeRaw`UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = ${latest}`;
    }
    expect((await readyz()).status).toBe(200);
  });
});

describe("shipped migrations", () => {
  it("are the prisma/migrations folders, in order", () => {
    const names = shippedMigrations();
    expect(names.length).toBeGreaterThan(0);
    expect([...names].sort()).toEqual(names);
    for (const name of names) expect(name).toMatch(/^\d{14}_[a-z0-9_]+$/);
  });
});
