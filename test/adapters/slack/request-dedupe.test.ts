// The dedupe keys in processed_requests: a request key is handled once; the same command or click
// from the same person is a double submit only inside its window, and doing something else resets it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestDedupe } from "../../../src/adapters/slack/request-dedupe.js";
import { createTestRepos, type TestDatabase } from "../../support/database.js";

let db: TestDatabase;
let now = new Date("2026-11-23T10:00:00Z");
let dedupe: RequestDedupe;
const owner = () => `T1:U${randomBytes(4).toString("hex")}`;

beforeAll(() => {
  db = createTestRepos();
  dedupe = new RequestDedupe(db.prisma, () => now);
});

afterAll(async () => {
  await db.cleanup();
});

describe("RequestDedupe", () => {
  it("claims a request key once, even when two claims race", async () => {
    const key = `slack:test:${randomBytes(6).toString("hex")}`;
    const results = await Promise.all([dedupe.claimOnce(key), dedupe.claimOnce(key), dedupe.claimOnce(key)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await dedupe.claimOnce(key)).toBe(false);
  });

  it("treats a repeat inside the window as a double submit, and allows it again after", async () => {
    const who = owner();
    expect(await dedupe.claimRecent("click", who, "p1:agree", 5_000)).toBe(true);
    now = new Date(now.getTime() + 4_000);
    expect(await dedupe.claimRecent("click", who, "p1:agree", 5_000)).toBe(false);
    now = new Date(now.getTime() + 2_000);
    expect(await dedupe.claimRecent("click", who, "p1:agree", 5_000)).toBe(true);
  });

  it("forgets a person's earlier claims when they do something else", async () => {
    const who = owner();
    expect(await dedupe.claimRecent("click", who, "p1:agree", 5_000)).toBe(true);
    expect(await dedupe.claimRecent("click", who, "p1:abstain", 5_000)).toBe(true);
    expect(await dedupe.claimRecent("click", who, "p1:agree", 5_000)).toBe(true);
    await dedupe.forget("click", who);
    expect(await dedupe.claimRecent("click", who, "p1:agree", 5_000)).toBe(true);
    // Someone else's identical click is theirs, not a duplicate.
    expect(await dedupe.claimRecent("click", owner(), "p1:agree", 5_000)).toBe(true);
  });

  it("keeps no readable content in its keys, and prunes keys older than a day", async () => {
    const who = owner();
    await dedupe.claimRecent("text", who, "C1\npropose EH-2026-0042 @sam.patel private reason", 30_000);
    const rows = await db.prisma.processedRequest.findMany({ where: { at: now, requestKey: { startsWith: "slack:recent:text:" } } });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.requestKey).not.toMatch(/EH-2026|sam|reason|U[0-9a-f]{8}/);
    // Pruning is tried with a clock in the past, so parallel test files' fresh keys are safe.
    const past = new RequestDedupe(db.prisma, () => new Date("2000-01-02T12:00:00Z"));
    const old = `slack:test:old:${randomBytes(6).toString("hex")}`;
    const young = `slack:test:young:${randomBytes(6).toString("hex")}`;
    await db.prisma.processedRequest.createMany({
      data: [
        { requestKey: old, at: new Date("2000-01-01T11:00:00Z") },
        { requestKey: young, at: new Date("2000-01-01T13:00:00Z") },
      ],
    });
    expect(await past.prune()).toBe(1);
    expect(await db.prisma.processedRequest.count({ where: { requestKey: { in: [old, young] } } })).toBe(1);
    await db.prisma.processedRequest.delete({ where: { requestKey: young } });
  });
});
