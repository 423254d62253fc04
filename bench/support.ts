// What every benchmark needs: a database and a Redis prefix of its own (removed afterwards), a
// clock set inside working hours, and percentiles. Benchmarks print figures; they never assert.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { Redis } from "ioredis";
import { loadConfig, type Config } from "../src/config/env.js";
import { applyMigrations } from "../src/infrastructure/prisma/migrate.js";

export interface BenchPlace {
  suffix: string;
  databaseUrl: string;
  prefix: string;
  redisUrl: string;
  config(env?: Record<string, string>): Config;
  cleanup(): Promise<void>;
}

/** A migrated database `leadbot_bench_<name>_<random>` and the Redis prefix of the same name. */
export async function benchPlace(name: string): Promise<BenchPlace> {
  const base = loadConfig();
  const suffix = `${name}_${randomBytes(3).toString("hex")}`;
  const url = new URL(base.database.url);
  url.pathname = `/leadbot_bench_${suffix}`;
  const databaseUrl = url.toString();
  const prefix = `leadbot-bench-${suffix}`;
  await applyMigrations(databaseUrl);
  return {
    suffix,
    databaseUrl,
    prefix,
    redisUrl: base.redis.url,
    config: (env = {}) => loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL: base.redis.url, REDIS_PREFIX: prefix, LOG_LEVEL: "silent", NODE_ENV: "test", ...env }),
    cleanup: async () => {
      await deleteKeys(base.redis.url, prefix);
      await admin(databaseUrl, `DROP DATABASE IF EXISTS "leadbot_bench_${suffix}" WITH (FORCE)`);
    },
  };
}

export async function admin(databaseUrl: string, sql: string): Promise<void> {
  const server = new URL(databaseUrl);
  server.pathname = "/postgres";
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function deleteKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 5000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== "0");
  redis.disconnect();
}

/** The domain's clock: real time moved to a Tuesday morning, so nudges are in working hours. */
export class WorkingHoursClock {
  readonly offsetMs: number;
  constructor(at = "2026-11-24T10:00:00Z") {
    this.offsetMs = new Date(at).getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The q-th percentile (0–100) of numbers, nearest rank. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))]!;
}

export const mib = (bytes: number) => `${Math.round(bytes / 1048576)} MiB`;
