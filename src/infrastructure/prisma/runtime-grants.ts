// Least privilege: migrations run as the schema's owner (MIGRATION_DATABASE_URL), the service as
// a role that owns nothing. Owning nothing is what keeps it from ALTER, DROP, TRUNCATE or
// disabling the audit trail's triggers; these grants give it reading and writing rows, and on
// audit_events only INSERT and SELECT, so the append-only rule holds twice over. Applied after
// every migration run (new tables need their grants); each statement is idempotent.
import pg from "pg";

/** The role named in a connection URL (the user part), as Postgres knows it. */
export function roleOf(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).username) || "postgres";
}

function statements(role: string): string[] {
  return [
    // Before Postgres 15 every role could create objects in `public`; the service never needs to.
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`,
    `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${role}`,
    `REVOKE UPDATE, DELETE ON audit_events FROM ${role}`,
    // Readiness reads which migrations are applied; only migrations write them.
    `REVOKE INSERT, UPDATE, DELETE ON _prisma_migrations FROM ${role}`,
  ];
}

/**
 * Grants `runtimeRole` what the service needs on the database of `ownerUrl`, connected as the
 * owner. The role must exist (created by whoever set up the server: see docker-compose.yml).
 */
export async function grantRuntimeAccess(ownerUrl: string, runtimeRole: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const role = client.escapeIdentifier(runtimeRole);
    await client.query("BEGIN");
    // Two processes starting at once would otherwise race on the same catalog rows.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('leadbot-runtime-grants'))");
    for (const statement of statements(role)) await client.query(statement);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
