// Applies the committed migrations (prisma/migrations) to a database, creating the database first
// when it does not exist, then grants the service's own role its rights when it runs as another
// role than the migrations (see runtime-grants.ts). Used by start-up, test setup and `npm run migrate`.
//
// It runs the real `prisma migrate deploy` in a child process, with two offline workarounds:
// - PRISMA_QUERY_ENGINE_LIBRARY names an existing file, so the CLI never decides it must download
//   the Rust query engine (it does whenever it cannot read the schema's configuration);
// - the CLI keeps running ~10 s after success (a timer in its wasm schema engine), so once it has
//   printed its success line we stop it instead of waiting.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { shippedMigrations } from "./migration-status.js";
import { grantRuntimeAccess, roleOf } from "./runtime-grants.js";

export interface MigrateOptions {
  /** Extra variables for the Prisma CLI. It inherits nothing else from this process's environment. */
  env?: Record<string, string>;
  /** Gives up after this long (default two minutes). */
  timeoutMs?: number;
  /**
   * What the service connects with. When its role differs from the migration URL's, it is granted
   * exactly what the service needs after the migrations ran.
   */
  runtimeUrl?: string;
}

/** Printed by `prisma migrate deploy` as its very last line when it succeeded. */
const SUCCESS_LINES = ["All migrations have been successfully applied.", "No pending migrations to apply."];

export async function applyMigrations(databaseUrl: string, options: MigrateOptions = {}): Promise<void> {
  await ensureDatabase(databaseUrl);
  await runMigrateDeploy(databaseUrl, options);
  const runtimeRole = options.runtimeUrl === undefined ? null : roleOf(options.runtimeUrl);
  if (runtimeRole !== null && runtimeRole !== roleOf(databaseUrl)) await grantRuntimeAccess(databaseUrl, runtimeRole);
}

/**
 * Start-up of a process: migrations as `config.migrationUrl`. A service given only its own
 * least-privileged URL cannot migrate, and need not once a release's migrations are applied
 * (`npm run migrate`, compose's `migrate` service): then nothing is run at all.
 */
export async function migrateAtStartup(database: { url: string; migrationUrl: string }): Promise<void> {
  if (database.migrationUrl === database.url && (await nothingPending(database.url))) return;
  await applyMigrations(database.migrationUrl, { runtimeUrl: database.url });
}

async function nothingPending(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    return shippedMigrations().every((name) => applied.has(name));
  } catch {
    return false; // no database or no _prisma_migrations yet: migrate deploy says what is wrong
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the database named in the URL unless it exists. Returns true when it created it. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const target = new pg.Client({ connectionString: databaseUrl });
  try {
    await target.connect();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error; // anything but "does not exist"
  } finally {
    await target.end().catch(() => undefined);
  }
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "42P04") return false; // created meanwhile by someone else
    throw error;
  } finally {
    await admin.end();
  }
}

/** The directory holding prisma.config.ts, found upwards from this file (src/ or dist/src/). */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "prisma.config.ts"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find prisma.config.ts above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

function runMigrateDeploy(databaseUrl: string, options: MigrateOptions): Promise<void> {
  const root = projectRoot();
  const require = createRequire(path.join(root, "package.json"));
  const cli = require.resolve("prisma/build/index.js");
  const env = {
    DATABASE_URL: databaseUrl, // read by prisma.config.ts
    PRISMA_QUERY_ENGINE_LIBRARY: require.resolve("prisma/package.json"), // any existing file will do
    CHECKPOINT_DISABLE: "1", // no telemetry call home
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    NO_COLOR: "1",
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "migrate", "deploy"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish(new Error(`prisma migrate deploy timed out:\n${output}`));
    }, options.timeoutMs ?? 120_000);
    const collect = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (SUCCESS_LINES.some((line) => output.includes(line))) {
        finish();
        child.kill("SIGTERM");
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", (error) => finish(error));
    child.on("exit", (code, signal) => {
      if (code === 0) finish();
      else finish(new Error(`prisma migrate deploy failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

// Run directly: apply migrations to the configured database.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { loadConfig } = await import("../../config/env.js");
  const { database } = loadConfig();
  await applyMigrations(database.migrationUrl, { runtimeUrl: database.url });
  console.log("migrations applied");
}
