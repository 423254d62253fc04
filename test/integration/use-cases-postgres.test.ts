// The use cases on the real Postgres: one transaction per command, case row locks, and refusals
// that leave only an audit event behind.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActorContext, Command } from "../../src/domain/commands.js";
import type { UseCaseDeps } from "../../src/domain/context.js";
import { isDomainError } from "../../src/domain/errors.js";
import { executeCommand } from "../../src/application/execute-command.js";
import type { Practitioner } from "../../src/domain/types.js";
import { createTestRepos, makePractitioner, uniqueReference, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
let deps: UseCaseDeps;

beforeAll(() => {
  db = createTestRepos();
  deps = { uow: db.uow, clock: { now: () => new Date("2026-11-23T10:00:00Z") }, ids: { next: () => randomUUID() } };
});
afterAll(() => db.cleanup());

const as = (p: Practitioner): ActorContext => ({ platform: "slack", userId: p.chat.slack!, channelId: "C-CASE", requestId: null });
const handleOf = (p: Practitioner) => ({ by: "handle" as const, handle: p.handle });

/** A case with an opener and `size - 1` further TAF members, all with one line manager. */
async function caseWithTaf(size: number) {
  const manager = makePractitioner({ name: "Mo Manager", role: "manager" });
  await db.repos.practitioners.create(manager);
  const members: Practitioner[] = [];
  for (let i = 0; i < size; i++) {
    const p = makePractitioner({ name: `Member ${i}`, managerId: manager.id });
    await db.repos.practitioners.create(p);
    members.push(p);
  }
  const ref = uniqueReference();
  // Each case in a channel of its own: a channel that already serves a case refuses another.
  await executeCommand(deps, { ...as(members[0]!), channelId: `C-${ref}` }, { name: "case-open", ref, statuses: ["early-help"] });
  for (const m of members.slice(1)) await executeCommand(deps, as(members[0]!), { name: "taf-add", ref, person: handleOf(m) });
  const c = (await db.repos.cases.getByReference(ref))!;
  return { ref, c, members, manager };
}

const settle = <T>(promises: Promise<T>[]) => Promise.allSettled(promises);

describe("use cases on Postgres", () => {
  it("two concurrent proposals on one case: exactly one opens, the other is refused", async () => {
    const { ref, c, members } = await caseWithTaf(3);
    const propose = (by: Practitioner, nominee: Practitioner): Command => ({
      name: "propose",
      ref,
      nominee: handleOf(nominee),
      reason: "",
      family: { kind: "not-asked" },
    });
    const results = await settle([
      executeCommand(deps, as(members[0]!), propose(members[0]!, members[1]!)),
      executeCommand(deps, as(members[1]!), propose(members[1]!, members[2]!)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(isDomainError(rejected.reason)).toBe(true);
    const open = await db.prisma.proposal.count({ where: { caseId: c.id, state: "open" } });
    expect(open).toBe(1);
  });

  it("every member voting at once ends in one decision, one appointment and one access-team message", async () => {
    const { ref, c, members } = await caseWithTaf(8);
    const nominee = members[3]!;
    await executeCommand(deps, as(members[0]!), { name: "propose", ref, nominee: handleOf(nominee), reason: "", family: { kind: "agrees" } });
    const results = await settle(
      members.map((m) => executeCommand(deps, as(m), { name: "vote", ref, choice: m.id === nominee.id ? "accept" : "agree", reason: "" })),
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    const proposals = await db.prisma.proposal.findMany({ where: { caseId: c.id } });
    expect(proposals.map((p) => p.state)).toEqual(["agreed"]);
    expect((await db.repos.cases.get(c.id))?.leadId).toBe(nominee.id);
    const appointed = await db.prisma.auditEvent.count({ where: { caseId: c.id, action: "lead.appointed" } });
    expect(appointed).toBe(1);
    const outbox = await db.prisma.outboxEntry.findMany({ where: { key: { startsWith: "cmd-" } } });
    const decisions = outbox.filter((row) => {
      const n = row.notification as { to: { kind: string }; view: { type: string; caseRef?: string } };
      return n.to.kind === "access-team" && n.view.type === "decision" && n.view.caseRef === ref;
    });
    expect(decisions).toHaveLength(1);
  });

  it("a proposal breaking a statutory rule writes nothing but an audit event of the refusal", async () => {
    const { ref, c, members } = await caseWithTaf(2);
    await executeCommand(deps, as(members[0]!), { name: "case-update", ref, statuses: ["child-protection-plan"] });
    const before = await db.prisma.auditEvent.count({ where: { caseId: c.id } });
    const proposalsBefore = await db.prisma.proposal.count({ where: { caseId: c.id } });
    const deadlinesBefore = await db.prisma.deadline.count({ where: { caseId: c.id } });
    const error = await executeCommand(deps, as(members[0]!), {
      name: "propose",
      ref,
      nominee: handleOf(members[1]!),
      reason: "",
      family: { kind: "not-asked" },
    }).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe("statutory-rule");
    expect(await db.prisma.proposal.count({ where: { caseId: c.id } })).toBe(proposalsBefore);
    expect(await db.prisma.deadline.count({ where: { caseId: c.id } })).toBe(deadlinesBefore);
    const events = await db.prisma.auditEvent.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" }, skip: before });
    expect(events.map((e) => [e.action, e.outcome])).toEqual([["propose", "refused"]]);
  });
});
