// Rules the database itself enforces, beyond what Prisma's schema language can say. Applied after
// every migration run; each statement is idempotent.
import pg from "pg";

/**
 * The audit trail is append-only in the database, not just in code [DOMAIN §10]: any UPDATE or
 * DELETE on audit_events raises, whoever runs it. TRUNCATE is refused too.
 */
const GUARDS = [
  `CREATE OR REPLACE FUNCTION leadbot_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
   END $$`,
  `DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events`,
  `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
   FOR EACH ROW EXECUTE FUNCTION leadbot_audit_append_only()`,
  `DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events`,
  `CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
   FOR EACH STATEMENT EXECUTE FUNCTION leadbot_audit_append_only()`,
];

export async function applyDatabaseGuards(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Two processes starting at once would otherwise race on DROP/CREATE TRIGGER.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('leadbot-database-guards'))");
    for (const statement of GUARDS) await client.query(statement);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
