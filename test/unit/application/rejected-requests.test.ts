// Refused requests are audited up to a ceiling per minute, and counted and logged beyond it, so a
// flood of forged requests cannot fill the audit table.
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { RejectedRequests } from "../../../src/application/rejected-requests.js";
import { emptyState, MemoryUnitOfWork } from "../../support/in-memory-store.js";

describe("RejectedRequests", () => {
  it("audits each refusal with its platform and reason, up to the ceiling per minute, and counts them all", async () => {
    const state = emptyState();
    const counted: string[] = [];
    const rejections = new RejectedRequests(
      { uow: new MemoryUnitOfWork(state), clock: { now: () => new Date("2026-12-01T10:00:00Z") }, logger: pino({ level: "silent" }), onRejected: (p, r) => counted.push(`${p}:${r}`) },
      3,
    );
    await rejections.record("slack", "unsigned", "req-1");
    await rejections.record("teams", "unauthenticated");
    for (let i = 0; i < 5; i++) await rejections.record("slack", "bad-signature");
    expect(counted).toHaveLength(7);
    expect(state.audit).toHaveLength(3);
    expect(state.audit[0]).toEqual({
      at: new Date("2026-12-01T10:00:00Z"),
      actorId: null,
      platform: "slack",
      action: "request.rejected",
      caseId: null,
      outcome: "refused",
      detail: { reason: "unsigned", requestId: "req-1" },
    });
    expect(state.audit.map((e) => [e.platform, e.detail.reason])).toEqual([
      ["slack", "unsigned"],
      ["teams", "unauthenticated"],
      ["slack", "bad-signature"],
    ]);
  });
});

describe("RejectedRequests across web processes", () => {
  it("shares one ceiling per minute between processes that share a ceiling", async () => {
    const state = emptyState();
    let admitted = 0;
    // One allowance for everyone, as the Redis counter gives every replica.
    const shared = { admit: async (limit: number) => ++admitted <= limit };
    const deps = { uow: new MemoryUnitOfWork(state), clock: { now: () => new Date("2026-12-01T10:00:00Z") }, logger: pino({ level: "silent" }), ceiling: shared };
    const one = new RejectedRequests(deps, 3);
    const two = new RejectedRequests(deps, 3);
    for (let i = 0; i < 4; i++) {
      await one.record("slack", "unsigned");
      await two.record("teams", "unauthenticated");
    }
    expect(state.audit).toHaveLength(3);
  });
});
