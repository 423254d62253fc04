// The queue dashboard at /admin/queues: absent (404) without ADMIN_PASSWORD; with it, 401 and a
// Basic challenge unless the request signs in as `admin` with that password.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { mountOperatorRoutes } from "../../../src/composition/operator.js";
import { loadConfig } from "../../../src/config/env.js";
import { mountQueueDashboard, type QueueDashboardAccess } from "../../../src/http/admin-queues.js";
import { parseBasicAuth } from "../../../src/http/basic-auth.js";
import { createHttpServer, listen, type RunningServer } from "../../../src/http/server.js";
import { LeadbotMetrics } from "../../../src/infrastructure/metrics/metrics.js";
import { LeadbotQueues } from "../../../src/infrastructure/queue/queues.js";
import { createLogger } from "../../../src/logger.js";
import { deletePrefixKeys, REDIS_URL } from "../worker/support/harness.js";

const PASSWORD = "correct horse battery staple";
const prefix = `${inject("redisPrefix")}-admin-${randomBytes(3).toString("hex")}`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

let queues: LeadbotQueues;
const servers: RunningServer[] = [];

async function serve(admin: QueueDashboardAccess | null): Promise<string> {
  const app = createHttpServer({
    logger: createLogger({ log: { level: "silent" }, env: "test" }),
    mount: (express) => mountOperatorRoutes(express, { metrics: new LeadbotMetrics({ defaultMetrics: false }), queues, admin }),
  });
  const server = await listen(app, 0, "127.0.0.1");
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}

beforeAll(() => {
  queues = LeadbotQueues.fromConfig(loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, NODE_ENV: "test" }));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close(1_000)));
  await queues?.close();
  await deletePrefixKeys(prefix);
});

describe("/admin/queues", () => {
  it("is not there at all without ADMIN_PASSWORD", async () => {
    const base = await serve(null);
    for (const auth of [undefined, basic("admin", PASSWORD)]) {
      const res = await fetch(`${base}/admin/queues`, { headers: auth ? { authorization: auth } : {} });
      expect(res.status).toBe(404);
      expect(res.headers.get("www-authenticate")).toBeNull();
    }
  });

  describe("with ADMIN_PASSWORD", () => {
    let base = "";
    beforeAll(async () => {
      base = await serve({ password: PASSWORD });
    });

    it("answers 401 with a Basic challenge without credentials", async () => {
      for (const path of ["/admin/queues", "/admin/queues/api/queues", "/admin/queues/static/anything.js"]) {
        const res = await fetch(`${base}${path}`);
        expect(res.status, path).toBe(401);
        expect(res.headers.get("www-authenticate")).toBe('Basic realm="leadbot admin", charset="UTF-8"');
      }
    });

    it("answers 401 to a wrong password, a wrong user or a malformed header", async () => {
      for (const authorization of [
        basic("admin", "wrong password"),
        basic("admin", `${PASSWORD} `),
        basic("root", PASSWORD),
        basic("", PASSWORD),
        `Bearer ${PASSWORD}`,
        "Basic !!!",
        `Basic ${Buffer.from(`admin${PASSWORD}`).toString("base64")}`,
      ]) {
        const res = await fetch(`${base}/admin/queues`, { headers: { authorization } });
        expect(res.status, authorization).toBe(401);
        expect(res.headers.get("www-authenticate")).toMatch(/^Basic /);
      }
    });

    it("shows the dashboard and its API to admin with the password", async () => {
      const auth = { authorization: basic("admin", PASSWORD) };
      const page = await fetch(`${base}/admin/queues`, { headers: auth });
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await page.text();
      expect(html).toContain('<base href="/admin/queues/"');
      // The UI's own scripts are served under the same base, behind the same sign-in.
      const script = /src="(static\/js\/[^"]+)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      expect((await fetch(`${base}/admin/queues/${script}`, { headers: auth })).status).toBe(200);
      expect((await fetch(`${base}/admin/queues/${script}`)).status).toBe(401);

      const api = await fetch(`${base}/admin/queues/api/queues`, { headers: auth });
      expect(api.status).toBe(200);
      const body = (await api.json()) as { queues: { name: string }[] };
      expect(body.queues.map((q) => q.name).sort()).toEqual(["maintenance", "nudges", "outbox", "timeouts"]);
    });
  });
});

describe("parseBasicAuth", () => {
  it("reads user and password, the password may hold colons", () => {
    expect(parseBasicAuth(basic("admin", "a:b:c"))).toEqual({ user: "admin", password: "a:b:c" });
    expect(parseBasicAuth(undefined)).toBeNull();
    expect(parseBasicAuth("Basic")).toBeNull();
    expect(parseBasicAuth(`Basic ${Buffer.from("no-colon").toString("base64")}`)).toBeNull();
  });
});

describe("/admin/queues writes and wrong passwords", () => {
  const auth = { authorization: basic("admin", PASSWORD) };
  const retryFailed = (base: string) => fetch(`${base}/admin/queues/api/queues/outbox/retry/failed`, { method: "PUT", headers: auth });

  it("is read-only by default: the UI says so and the API refuses every change with 403", async () => {
    const base = await serve({ password: PASSWORD });
    const api = (await (await fetch(`${base}/admin/queues/api/queues`, { headers: auth })).json()) as { queues: { readOnlyMode: boolean }[] };
    expect(api.queues.every((q) => q.readOnlyMode)).toBe(true);
    for (const [method, path] of [
      ["PUT", "/api/queues/outbox/retry/failed"],
      ["PUT", "/api/queues/outbox/pause"],
      ["PUT", "/api/queues/nudges/clean/completed"],
      ["DELETE", "/api/queues/nudges/empty"],
      ["POST", "/api/queues/nudges/add"],
    ] as const) {
      const res = await fetch(`${base}/admin/queues${path}`, { method, headers: auth });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
    expect(await queues.outbox.isPaused()).toBe(false);
  });

  it("lets admin change jobs with ADMIN_QUEUES_WRITE=true", async () => {
    const base = await serve({ password: PASSWORD, write: true });
    const api = (await (await fetch(`${base}/admin/queues/api/queues`, { headers: auth })).json()) as { queues: { readOnlyMode: boolean }[] };
    expect(api.queues.some((q) => q.readOnlyMode)).toBe(false);
    expect((await retryFailed(base)).status).toBe(200);
  });

  it("locks an address out after repeated wrong passwords, even for the right one, until the lockout ends", async () => {
    let now = 1_000_000;
    const base = await serveDashboard({ password: PASSWORD, lockout: { maxFailures: 3, lockMs: 60_000, now: () => now } });
    const wrong = { authorization: basic("admin", "guess") };
    for (let i = 0; i < 2; i++) expect((await fetch(`${base}/admin/queues`, { headers: wrong })).status).toBe(401);
    // A success resets the count.
    expect((await fetch(`${base}/admin/queues/api/queues`, { headers: auth })).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await fetch(`${base}/admin/queues`, { headers: wrong })).status).toBe(401);
    expect((await fetch(`${base}/admin/queues`, { headers: wrong })).status).toBe(401); // the third: locked from now
    const locked = await fetch(`${base}/admin/queues/api/queues`, { headers: auth });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBe(60);
    now += 61_000;
    expect((await fetch(`${base}/admin/queues/api/queues`, { headers: auth })).status).toBe(200);
  });
});

async function serveDashboard(admin: QueueDashboardAccess): Promise<string> {
  const app = createHttpServer({ logger: createLogger({ log: { level: "silent" }, env: "test" }), mount: (express) => mountQueueDashboard(express, queues, admin) });
  const server = await listen(app, 0, "127.0.0.1");
  servers.push(server);
  return `http://127.0.0.1:${server.port}`;
}
