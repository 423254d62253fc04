// The plan's repository against the real Postgres: actions round-trip exactly, numbers are the
// case's own and never handed out twice when two adds race (the case row lock serialises them;
// the database's unique (case, n) refuses what slips past), and anonymisation blanks their text.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanAction } from "../../src/domain/types.js";
import { UniqueConflictError } from "../../src/infrastructure/prisma/prisma-errors.js";
import { createTestRepos, makeCase, makePractitioner, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(() => {
  db = createTestRepos();
});
afterAll(async () => {
  await db.cleanup();
});

async function caseWithMember() {
  const p = makePractitioner();
  await db.repos.practitioners.create(p);
  const c = makeCase();
  await db.repos.cases.create(c);
  await db.repos.taf.add(c.id, p.id, new Date("2026-11-23T10:00:00.000Z"));
  return { c, p };
}

function action(caseId: string, addedById: string, n: number, over: Partial<PlanAction> = {}): PlanAction {
  return {
    id: randomUUID(),
    caseId,
    n,
    text: "Arrange a meeting with the school attendance officer",
    owner: { kind: "practitioner", practitionerId: addedById },
    dueDate: "2026-12-18",
    status: "open",
    addedById,
    addedAt: new Date("2026-11-23T10:00:00.123Z"),
    closedById: null,
    closedAt: null,
    doneNote: null,
    dropReason: null,
    movedAt: null,
    movedById: null,
    moveReason: null,
    previousDueDate: null,
    ...over,
  };
}

/** Adds an action the way the use case does: lock the case, take the next number, create. */
function addConcurrently(reference: string, addedById: string, lock: boolean) {
  return db.uow.run(async (repos) => {
    const c = await repos.cases.getByReference(reference, { lock });
    const n = await repos.plan.nextNumber(c!.id);
    // Long enough for the other add to read the same highest number if nothing holds it back.
    await sleep(150);
    const a = action(c!.id, addedById, n);
    await repos.plan.create(a);
    return n;
  });
}

describe("PrismaPlanRepository", () => {
  it("round-trips open, done, dropped, moved and family actions, listed by number", async () => {
    const { c, p } = await caseWithMember();
    const first = action(c.id, p.id, 1);
    const family = action(c.id, p.id, 2, { owner: { kind: "family" }, text: "Attend the parenting course" });
    await db.repos.plan.create(family);
    await db.repos.plan.create(first);
    expect(await db.repos.plan.get(c.id, 1)).toStrictEqual(first);
    expect(await db.repos.plan.get(c.id, 3)).toBeNull();
    expect((await db.repos.plan.listForCase(c.id)).map((a) => a.n)).toEqual([1, 2]);

    const done: PlanAction = { ...first, status: "done", closedById: p.id, closedAt: new Date("2026-11-30T11:00:00.456Z"), doneNote: "met on Monday" };
    await db.repos.plan.update(done);
    const moved: PlanAction = {
      ...family,
      dueDate: "2027-01-15",
      previousDueDate: "2026-12-18",
      movedAt: new Date("2026-11-30T12:00:00.000Z"),
      movedById: p.id,
      moveReason: "course starts in January",
    };
    await db.repos.plan.update(moved);
    expect(await db.repos.plan.listForCase(c.id)).toStrictEqual([done, moved]);

    const dropped: PlanAction = { ...moved, status: "dropped", closedById: p.id, closedAt: new Date("2026-12-01T09:00:00.000Z"), dropReason: "no longer needed" };
    await db.repos.plan.update(dropped);
    expect(await db.repos.plan.get(c.id, 2)).toStrictEqual(dropped);
  });

  it("numbers are per case and one more than the highest ever given", async () => {
    const one = await caseWithMember();
    const two = await caseWithMember();
    expect(await db.repos.plan.nextNumber(one.c.id)).toBe(1);
    await db.repos.plan.create(action(one.c.id, one.p.id, 1));
    await db.repos.plan.create(action(one.c.id, one.p.id, 2, { status: "dropped", dropReason: "duplicate" }));
    expect(await db.repos.plan.nextNumber(one.c.id)).toBe(3);
    expect(await db.repos.plan.nextNumber(two.c.id)).toBe(1);
  });

  it("two adds at once on one case, each holding the case lock, get different numbers", async () => {
    const { c, p } = await caseWithMember();
    const numbers = await Promise.all([addConcurrently(c.reference, p.id, true), addConcurrently(c.reference, p.id, true)]);
    expect(numbers.sort()).toEqual([1, 2]);
    expect((await db.repos.plan.listForCase(c.id)).map((a) => a.n)).toEqual([1, 2]);
  });

  it("(control) without the lock both read the same number, and the database refuses the second", async () => {
    const { c, p } = await caseWithMember();
    const results = await Promise.allSettled([addConcurrently(c.reference, p.id, false), addConcurrently(c.reference, p.id, false)]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(UniqueConflictError);
    expect((await db.repos.plan.listForCase(c.id)).map((a) => a.n)).toEqual([1]);
  });

  it("anonymisation blanks every action's text, note and reasons, and keeps the rest", async () => {
    const { c, p } = await caseWithMember();
    const open = action(c.id, p.id, 1, { moveReason: "waiting for the panel", movedAt: new Date("2026-11-24T10:00:00.000Z"), movedById: p.id, previousDueDate: "2026-12-11" });
    const done = action(c.id, p.id, 2, { status: "done", doneNote: "went well", closedById: p.id, closedAt: new Date("2026-11-25T10:00:00.000Z") });
    const dropped = action(c.id, p.id, 3, { status: "dropped", dropReason: "family moved school", closedById: p.id, closedAt: new Date("2026-11-26T10:00:00.000Z") });
    for (const a of [open, done, dropped]) await db.repos.plan.create(a);
    await db.uow.run((repos) => repos.retention.anonymise(c.id, `ANON-${randomUUID().slice(0, 8).toUpperCase()}`));
    expect(await db.repos.plan.listForCase(c.id)).toStrictEqual([
      { ...open, text: "", moveReason: "" },
      { ...done, text: "", doneNote: "" },
      { ...dropped, text: "", dropReason: "" },
    ]);
  });
});
