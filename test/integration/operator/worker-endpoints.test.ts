// `npm run worker` (src/worker.ts run directly) serves /healthz, /readyz and /metrics on PORT, so a
// separately scaled worker can be probed and scraped, logs JSON lines, and stops cleanly on SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { testDatabaseUrl } from "../../support/database.js";
import { deletePrefixKeys, REDIS_URL } from "../worker/support/harness.js";
import { eventually, sample, sparePort } from "./support.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const prefix = `${inject("redisPrefix")}-wkhttp-${randomBytes(3).toString("hex")}`;
let child: ChildProcess | null = null;

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await once(child, "exit");
  }
  await deletePrefixKeys(prefix);
});

describe("the standalone worker", () => {
  it("answers /healthz, /readyz and /metrics on PORT and exits 0 on SIGTERM", async () => {
    const port = await sparePort();
    const output: string[] = [];
    child = spawn(process.execPath, ["--import", "tsx", "src/worker.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: testDatabaseUrl(),
        REDIS_URL,
        REDIS_PREFIX: prefix,
        PORT: String(port),
        HOST: "127.0.0.1",
        NODE_ENV: "test",
        LOG_LEVEL: "info",
        PLAYGROUND: "off",
        RETENTION_EXPORT_DIR: path.join(tmpdir(), `leadbot-retention-${prefix}`),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    const base = `http://127.0.0.1:${port}`;

    try {
      await eventually("the worker's /healthz", async () => (await fetch(`${base}/healthz`)).ok, 45_000, 250);
    } catch (error) {
      throw new Error(`${String(error)}\n${output.join("")}`);
    }
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: true, migrations: true, redis: true } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(sample(metrics, "leadbot_queue_stats_up")).toBe(1);
    expect(sample(metrics, "leadbot_queue_jobs", { queue: "maintenance", state: "delayed" })).toBeGreaterThanOrEqual(1); // the reconcile scheduler
    expect((await fetch(`${base}/slack/events`, { method: "POST" })).status).toBe(404); // nothing else is served

    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    const lines = output.join("").split("\n").filter((l) => l.startsWith("{"));
    const parsed = lines.map((l) => JSON.parse(l) as { msg?: string; service?: string });
    expect(parsed.some((l) => l.msg === "worker serves /healthz, /readyz and /metrics")).toBe(true);
    expect(parsed.every((l) => l.service === "leadbot")).toBe(true);
  }, 60_000);
});
