// Once per test run: a fresh database with every migration applied, and a Redis key prefix of
// its own, so runs never see each other's data (or the developer's). Tests read them with
// inject("databaseUrl") / inject("redisPrefix"). The database is dropped when the run ends.
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { DEFAULTS } from "../../src/config/env.js";
import { applyMigrations } from "../../src/infrastructure/prisma/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    redisPrefix: string;
  }
}

/** The same server as the app's DATABASE_URL (or the default), with another database name. */
function serverUrl(database: string): string {
  const url = new URL(process.env.DATABASE_URL?.trim() || DEFAULTS.DATABASE_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl("postgres") });
  await admin.connect();
  try {
    // Connections a test forgot to close would otherwise make DROP DATABASE fail.
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
    await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
}

/** Databases of runs that died before their teardown (killed, crashed) and are a day old. */
async function dropAbandonedDatabases(): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl("postgres") });
  await admin.connect();
  let names: string[];
  try {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'leadbot\\_test\\_%'");
    names = rows.map((r) => r.datname);
  } finally {
    await admin.end();
  }
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  const stale = names.filter((name) => Number(/^leadbot_test_(\d+)_/.exec(name)?.[1] ?? Infinity) < dayAgo);
  await Promise.all(stale.map((name) => dropDatabase(name).catch(() => undefined)));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const random = randomBytes(4).toString("hex");
  const name = `leadbot_test_${Date.now()}_${random}`;
  const databaseUrl = serverUrl(name);
  await dropAbandonedDatabases();
  try {
    await applyMigrations(databaseUrl);
  } catch (error) {
    await dropDatabase(name);
    throw error;
  }
  // A template: each test file works on its own copy (see per-file-database.ts), so files that
  // change deployment-wide rows (the settings) cannot disturb each other.
  project.provide("databaseUrl", databaseUrl);
  project.provide("redisPrefix", `leadbot-test-${random}`);
  return async () => {
    await dropCopiesOf(name);
    await dropDatabase(name);
  };
}

async function dropCopiesOf(template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl("postgres") });
  await admin.connect();
  let names: string[];
  try {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${template}\\_f%`]);
    names = rows.map((r) => r.datname);
  } finally {
    await admin.end();
  }
  await Promise.all(names.map((n) => dropDatabase(n).catch(() => undefined)));
}
