// The service's own database role (DATABASE_URL) next to the owner that migrates
// (MIGRATION_DATABASE_URL): it can run leadbot, and it can add to the audit trail and read it,
// but it cannot change, remove or unguard it in any way.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateAtStartup } from "../../src/infrastructure/prisma/migrate.js";
import { testDatabaseUrl, uniqueReference } from "../support/database.js";
import { createRuntimeRole, type RuntimeRole } from "../support/runtime-role.js";
import { SlackHarness, slackChannelId } from "../adapters/slack/slack-harness.js";
import { seedAccessTeam } from "../adapters/slack/slack-staff.js";

let role: RuntimeRole;
let asRuntime: pg.Client;

beforeAll(async () => {
  role = await createRuntimeRole(testDatabaseUrl());
  asRuntime = new pg.Client({ connectionString: role.url });
  await asRuntime.connect();
});

afterAll(async () => {
  await asRuntime?.end();
  await role?.drop();
});

/** The SQLSTATE a statement fails with as the runtime role, or "ok". */
async function outcomeOf(sql: string): Promise<string> {
  try {
    await asRuntime.query(sql);
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe("the runtime role on the audit trail", () => {
  it("may INSERT and SELECT, and nothing else: UPDATE, DELETE, TRUNCATE, ALTER … DISABLE TRIGGER and DROP all fail", async () => {
    const { rows } = await asRuntime.query<{ id: string }>(
      "INSERT INTO audit_events (at, platform, action, outcome, detail) VALUES (now(), 'slack', 'test.least-privilege', 'ok', '{}') RETURNING id",
    );
    const id = rows[0]!.id;
    expect((await asRuntime.query("SELECT action FROM audit_events WHERE id = $1", [id])).rows).toEqual([{ action: "test.least-privilege" }]);

    const refused = "42501"; // insufficient_privilege, and "must be owner of table"
    expect(await outcomeOf(`UPDATE audit_events SET action = 'changed' WHERE id = ${id}`)).toBe(refused);
    expect(await outcomeOf(`DELETE FROM audit_events WHERE id = ${id}`)).toBe(refused);
    expect(await outcomeOf("TRUNCATE audit_events")).toBe(refused);
    expect(await outcomeOf("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only")).toBe(refused);
    expect(await outcomeOf("ALTER TABLE audit_events DISABLE TRIGGER ALL")).toBe(refused);
    expect(await outcomeOf("DROP TRIGGER audit_events_append_only ON audit_events")).toBe(refused);
    expect(await outcomeOf("DROP TABLE audit_events")).toBe(refused);
    expect(await outcomeOf("ALTER TABLE audit_events RENAME TO audit_events_old")).toBe(refused);
    expect(await outcomeOf("CREATE OR REPLACE FUNCTION leadbot_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$")).toBe(refused);
    expect(await outcomeOf("SET session_replication_role = replica")).toBe(refused);

    const still = await asRuntime.query("SELECT action FROM audit_events WHERE id = $1", [id]);
    expect(still.rows).toEqual([{ action: "test.least-privilege" }]);
  });

  it("cannot change the schema or the migration history either", async () => {
    expect(await outcomeOf("CREATE TABLE sneaky (id int)")).toBe("42501");
    expect(await outcomeOf("ALTER TABLE cases ADD COLUMN sneaky int")).toBe("42501");
    expect(await outcomeOf("TRUNCATE cases")).toBe("42501");
    expect(await outcomeOf("DROP TABLE outbox")).toBe("42501");
    expect(await outcomeOf("DELETE FROM _prisma_migrations")).toBe("42501");
    expect(await outcomeOf("SELECT count(*) FROM _prisma_migrations")).toBe("ok");
  });

  it("the guard comes from the committed migration: the triggers exist on a database made by `prisma migrate deploy` alone", async () => {
    // The run's template database is migrated with applyMigrations, which is `prisma migrate deploy`
    // plus grants: no start-up code creates triggers any more.
    const { rows } = await asRuntime.query<{ tgname: string }>(
      "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal ORDER BY tgname",
    );
    expect(rows.map((r) => r.tgname)).toEqual(["audit_events_append_only", "audit_events_no_truncate"]);
  });
});

describe("leadbot running as the runtime role", () => {
  const h = new SlackHarness();
  afterAll(() => h.stop());

  it("starts without migrating (nothing pending) and runs commands end to end", async () => {
    await migrateAtStartup({ url: role.url, migrationUrl: role.url });
    await h.start({ env: { DATABASE_URL: role.url } });
    const admin = await seedAccessTeam(h);
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(admin, channel, `case open ${ref} --status early-help`);
    await h.ok(admin, channel, `case status ${ref}`);
    const { rows } = await asRuntime.query("SELECT count(*)::int AS n FROM cases WHERE reference = $1", [ref]);
    expect(rows).toEqual([{ n: 1 }]);
  });
});
