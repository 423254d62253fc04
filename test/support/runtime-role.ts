// A least-privileged login role for one test file, like the one the service runs as in
// production. Roles are cluster-wide in Postgres, so each name is unique to the run and file
// (leadbot_rt_<epoch ms>_<random>); roles a killed run left behind are dropped once a day old.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { grantRuntimeAccess } from "../../src/infrastructure/prisma/runtime-grants.js";

export interface RuntimeRole {
  name: string;
  /** The database of `ownerUrl`, connected as this role. */
  url: string;
  drop(): Promise<void>;
}

function adminUrl(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.pathname = "/postgres";
  return url.toString();
}

async function sweepAbandoned(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname LIKE 'leadbot\\_rt\\_%'");
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const { rolname } of rows) {
    if (Number(/^leadbot_rt_(\d+)_/.exec(rolname)?.[1] ?? Infinity) >= dayAgo) continue;
    // Fails while the role still has rights in a surviving database: left for a later sweep.
    await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(rolname)}`).catch(() => undefined);
  }
}

/** Creates the role, grants it the service's rights on the database of `ownerUrl` (as the owner). */
export async function createRuntimeRole(ownerUrl: string): Promise<RuntimeRole> {
  const name = `leadbot_rt_${Date.now()}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl(ownerUrl) });
  await admin.connect();
  try {
    await sweepAbandoned(admin);
    await admin.query(`CREATE ROLE ${admin.escapeIdentifier(name)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT`);
  } finally {
    await admin.end();
  }
  await grantRuntimeAccess(ownerUrl, name);
  const url = new URL(ownerUrl);
  url.username = name;
  url.password = "";
  return {
    name,
    url: url.toString(),
    drop: async () => {
      // Its rights in this database first (DROP ROLE refuses while any are left).
      const owner = new pg.Client({ connectionString: ownerUrl });
      await owner.connect();
      try {
        await owner.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", [name]);
        await owner.query(`DROP OWNED BY ${owner.escapeIdentifier(name)}`);
      } finally {
        await owner.end();
      }
      const cluster = new pg.Client({ connectionString: adminUrl(ownerUrl) });
      await cluster.connect();
      try {
        await cluster.query(`DROP ROLE IF EXISTS ${cluster.escapeIdentifier(name)}`);
      } finally {
        await cluster.end();
      }
    },
  };
}
