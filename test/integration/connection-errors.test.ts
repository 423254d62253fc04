// The way a database restart once ended the process: a pooled connection that dies while checked
// out between two queries emits 'error' with nobody listening. Here one is killed on purpose.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { survivingConnectionErrors } from "../../src/infrastructure/prisma/connection-errors.js";
import { testDatabaseUrl } from "../support/database.js";

const admin = new pg.Client({ connectionString: testDatabaseUrl() });
afterAll(() => admin.end());

describe("a pooled connection that dies while checked out", () => {
  it("is reported to the listener, never thrown at the process, and the pool goes on", async () => {
    await admin.connect();
    const seen: Error[] = [];
    const factory = survivingConnectionErrors(new PrismaPg({ connectionString: testDatabaseUrl(), max: 2 }), (e) => void seen.push(e));
    const adapter = await factory.connect();
    const pool = adapter.underlyingDriver() as pg.Pool;
    const client = await pool.connect();
    const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
    const until = Date.now() + 5_000;
    while (seen.length === 0 && Date.now() < until) await sleep(20);
    expect(seen.length).toBeGreaterThan(0);
    client.release(seen[0]);
    const again = await adapter.queryRaw({ sql: "SELECT 1 AS one", args: [], argTypes: [] });
    expect(again.rows).toEqual([[1]]);
    await adapter.dispose();
  });
});
