import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRepos, makePractitioner, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(() => {
  db = createTestRepos();
});
afterAll(() => db.cleanup());

describe("audit trail in the database", () => {
  it("refuses UPDATE, DELETE and TRUNCATE through SQL, while INSERT still works", async () => {
    const actor = makePractitioner();
    await db.repos.audit.append({ at: new Date(), actorId: actor.id, platform: "slack", action: "test.append-only", caseId: null, outcome: "ok", detail: {} });
    const [row] = await db.prisma.$queryRaw<{ id: bigint }[]>`SELECT id FROM audit_events WHERE action = 'test.append-only' AND actor_id = ${actor.id}::uuid`;
    expect(row).toBeDefined();
    await expect(db.prisma.$executeRaw`UPDATE audit_events SET action = 'changed' WHERE id = ${row!.id}`).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRaw`DELETE FROM audit_events WHERE id = ${row!.id}`).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRawUnsafe("TRUNCATE audit_events")).rejects.toThrow(/append-only/);
    const [still] = await db.prisma.$queryRaw<{ action: string }[]>`SELECT action FROM audit_events WHERE id = ${row!.id}`;
    expect(still?.action).toBe("test.append-only");
  });
});
