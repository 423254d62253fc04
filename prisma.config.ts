// Prisma CLI configuration. The project runs Prisma fully in JavaScript (no downloaded Rust
// engines): the wasm schema engine talks to Postgres through the pg driver adapter.
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// The wasm schema engine cannot decode pg_catalog columns of type `name` (OID 19) and `"char"`
// (OID 18) (prisma/orm#27403). Presenting them as `text` (OID 25) lets introspection and
// migrations run; it only affects the CLI process that loads this file.
const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;
const resultProto = (pg as unknown as { Result: { prototype: { addFields(fields: { dataTypeID: number }[]): void } } })
  .Result.prototype;
const originalAddFields = resultProto.addFields;
resultProto.addFields = function addFields(fields) {
  for (const field of fields) {
    if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
  }
  return originalAddFields.call(this, fields);
};

const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/leadbot";

/**
 * Separate options instead of `connectionString`: pg lets a connection string override
 * `database`, and the adapter opens `migrate dev`'s shadow database as `{ ...config, database }`,
 * so with a connection string the "shadow" database would silently be the main one.
 */
function poolConfig(url: string): pg.PoolConfig {
  const u = new URL(url);
  const sslmode = u.searchParams.get("sslmode");
  return {
    host: decodeURIComponent(u.hostname.replace(/^\[|\]$/g, "")) || "localhost",
    port: u.port ? Number(u.port) : 5432,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)) || undefined,
    ...(sslmode && sslmode !== "disable" ? { ssl: sslmode === "no-verify" ? { rejectUnauthorized: false } : true } : {}),
  };
}

/**
 * The adapter drops its shadow database before closing the pool still connected to it, which
 * Postgres refuses ("is being accessed by other users"); this one closes the pool first.
 */
class MigrationAdapterFactory extends PrismaPg {
  constructor(private readonly pool: pg.PoolConfig) {
    super(pool);
  }

  override async connectToShadowDb(): ReturnType<PrismaPg["connectToShadowDb"]> {
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    await adminQuery(this.pool, `CREATE DATABASE "${database}"`);
    const adapter = await new PrismaPg({ ...this.pool, database }).connect();
    const close = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      await close();
      await adminQuery(this.pool, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    };
    return adapter;
  }
}

async function adminQuery(config: pg.PoolConfig, sql: string): Promise<void> {
  const client = new pg.Client(config);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    return new MigrationAdapterFactory(poolConfig(databaseUrl));
  },
});
