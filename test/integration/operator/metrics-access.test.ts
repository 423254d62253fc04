// GET /metrics behind METRICS_TOKEN, and on a port of its own with METRICS_PORT (then not on the
// public listener at all), wired the way main.ts wires it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { mountOperatorRoutes, serveMetricsApart } from "../../../src/composition/operator.js";
import { loadConfig } from "../../../src/config/env.js";
import { createHttpServer, listen, type RunningServer } from "../../../src/http/server.js";
import { LeadbotMetrics } from "../../../src/infrastructure/metrics/metrics.js";
import { LeadbotQueues } from "../../../src/infrastructure/queue/queues.js";
import { createLogger } from "../../../src/logger.js";
import { deletePrefixKeys, REDIS_URL } from "../worker/support/harness.js";
import { sparePort } from "./support.js";

const TOKEN = "metrics-token-0123456789abcdef";
const prefix = `${inject("redisPrefix")}-metrics-access-${randomBytes(3).toString("hex")}`;
const logger = createLogger({ log: { level: "silent" }, env: "test" });
const servers: RunningServer[] = [];
let queues: LeadbotQueues;

async function serve(env: Record<string, string>): Promise<{ main: string; metrics: string | null }> {
  const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, NODE_ENV: "test", HOST: "127.0.0.1", ...env });
  const metrics = new LeadbotMetrics({ defaultMetrics: false });
  const app = createHttpServer({ logger, mount: (express) => mountOperatorRoutes(express, { metrics, queues, admin: null, metricsAccess: config.metrics }) });
  const main = await listen(app, 0, "127.0.0.1");
  servers.push(main);
  const apart = await serveMetricsApart(config, metrics, logger);
  if (apart) servers.push(apart);
  return { main: `http://127.0.0.1:${main.port}`, metrics: apart ? `http://127.0.0.1:${apart.port}` : null };
}

beforeAll(() => {
  queues = LeadbotQueues.fromConfig(loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, NODE_ENV: "test" }));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close(1_000)));
  await queues?.close();
  await deletePrefixKeys(prefix);
});

describe("GET /metrics access", () => {
  it("is open on the main port without METRICS_TOKEN or METRICS_PORT", async () => {
    const { main, metrics } = await serve({});
    expect(metrics).toBeNull();
    const res = await fetch(`${main}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("leadbot_commands_total");
  });

  it("with METRICS_TOKEN, answers 401 unless the bearer token matches", async () => {
    const { main } = await serve({ METRICS_TOKEN: TOKEN });
    for (const authorization of [undefined, "Bearer wrong-token-0123456789abcdef", `Bearer ${TOKEN}x`, `Basic ${TOKEN}`, "Bearer "]) {
      const res = await fetch(`${main}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
      expect(await res.text()).not.toContain("leadbot_");
    }
    const ok = await fetch(`${main}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("leadbot_commands_total");
  });

  it("with METRICS_PORT, is served only on that port (and still asks for the token when one is set)", async () => {
    const port = await sparePort();
    const { main, metrics } = await serve({ METRICS_PORT: String(port), METRICS_TOKEN: TOKEN });
    expect(metrics).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${main}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect((await fetch(`${metrics}/metrics`)).status).toBe(401);
    const ok = await fetch(`${metrics}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("leadbot_commands_total");
  });
});
