// The Prisma repositories against the run's real Postgres database: every port method round-trips
// domain values exactly, and the database itself enforces the rules the domain relies on (one vote
// per member, one open proposal per case, case locks that serialise concurrent commands).
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deadline, Escalation, Handover, Proposal, Settings, Vote } from "../../src/domain/types.js";
import { DEFAULT_SETTINGS } from "../../src/domain/types.js";
import type { Notification } from "../../src/domain/ports.js";
import { UniqueConflictError } from "../../src/infrastructure/prisma/prisma-errors.js";
import { decodeNotification } from "../../src/infrastructure/prisma/prisma-outbox-repository.js";
import { createPrismaRepositories } from "../../src/infrastructure/prisma/prisma-repositories.js";
import { createTestRepos, makeCase, makePractitioner, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
beforeAll(() => {
  db = createTestRepos();
});
afterAll(async () => {
  await db.cleanup();
});

const at = (iso: string) => new Date(iso);

/** A case with a TAF of `size` practitioners, all stored. */
async function caseWithTaf(size = 2) {
  const people = Array.from({ length: size }, () => makePractitioner());
  for (const p of people) await db.repos.practitioners.create(p);
  const c = makeCase();
  await db.repos.cases.create(c);
  for (const p of people) await db.repos.taf.add(c.id, p.id, at("2026-11-23T10:00:00.000Z"));
  return { c, people };
}

function proposal(caseId: string, nomineeId: string, proposerId: string, overrides: Partial<Proposal> = {}): Proposal {
  return {
    id: randomUUID(),
    caseId,
    kind: "appoint",
    nomineeId,
    proposerId,
    reason: "Sees the family weekly",
    familyView: { kind: "agrees" },
    notes: ["Over capacity: 9 of 8 cases"],
    electorate: [nomineeId, proposerId],
    state: "open",
    deadline: at("2026-11-25T17:00:00.000Z"),
    createdAt: at("2026-11-23T10:00:00.123Z"),
    closedAt: null,
    outcomeReason: null,
    ...overrides,
  };
}

describe("PrismaPractitionerRepository", () => {
  it("round-trips a practitioner and finds them by id, handle, chat id, duty and manager", async () => {
    const manager = makePractitioner({ role: "manager", name: "Mo Khan", duties: { accessTeam: false, coordinator: true, executive: false } });
    await db.repos.practitioners.create(manager);
    const p = makePractitioner({
      role: "social-worker",
      managerId: manager.id,
      mentorId: manager.id,
      qualifiedOn: null,
      dbsCheckedOn: "2025-02-28",
      employment: "agency",
      availability: "long-term-sick",
      managerRecommendation: true,
      lpCapacity: 5,
      chat: { slack: `U-${randomUUID()}`, teams: `aad-${randomUUID()}`, playground: `pg-${randomUUID()}` },
    });
    await db.repos.practitioners.create(p);

    expect(await db.repos.practitioners.get(p.id)).toStrictEqual(p);
    expect(await db.repos.practitioners.findByHandle(p.handle)).toStrictEqual(p);
    expect(await db.repos.practitioners.findByChatId("slack", p.chat.slack!)).toStrictEqual(p);
    expect(await db.repos.practitioners.findByChatId("teams", p.chat.teams!)).toStrictEqual(p);
    expect(await db.repos.practitioners.findByChatId("playground", p.chat.playground!)).toStrictEqual(p);
    expect(await db.repos.practitioners.findByChatId("teams", p.chat.slack!)).toBeNull();
    expect(await db.repos.practitioners.get(randomUUID())).toBeNull();
    expect(await db.repos.practitioners.reportsOf(manager.id)).toStrictEqual([p]);
    expect((await db.repos.practitioners.withDuty("coordinator")).map((x) => x.id)).toContain(manager.id);
    expect((await db.repos.practitioners.withDuty("coordinator")).map((x) => x.id)).not.toContain(p.id);
    // getMany keeps the order asked for and skips unknown ids.
    expect((await db.repos.practitioners.getMany([p.id, randomUUID(), manager.id])).map((x) => x.id)).toEqual([p.id, manager.id]);
    expect(await db.repos.practitioners.getMany([])).toEqual([]);
    // Audit details may name a family-owned plan action's owner as "family": not an id, skipped.
    expect((await db.repos.practitioners.getMany(["family", p.id])).map((x) => x.id)).toEqual([p.id]);
  });

  it("updates every field, including clearing chat ids and dates", async () => {
    const p = makePractitioner({ chat: { slack: `U-${randomUUID()}`, teams: `aad-${randomUUID()}` } });
    await db.repos.practitioners.create(p);
    const changed = { ...p, name: "Sam Patel-Jones", dbsCheckedOn: null, availability: "leaving" as const, chat: { teams: `aad-${randomUUID()}` } };
    await db.repos.practitioners.update(changed);
    expect(await db.repos.practitioners.get(p.id)).toStrictEqual(changed);
    expect(await db.repos.practitioners.findByChatId("slack", p.chat.slack!)).toBeNull();
  });

  it("counts only the open cases a practitioner leads", async () => {
    const p = makePractitioner();
    await db.repos.practitioners.create(p);
    await db.repos.cases.create(makeCase({ leadId: p.id, leadSince: at("2026-11-23T10:00:00Z"), noLeadSince: null }));
    await db.repos.cases.create(makeCase({ leadId: p.id, leadSince: at("2026-11-23T10:00:00Z"), noLeadSince: null }));
    await db.repos.cases.create(makeCase({ leadId: p.id, open: false, closedAt: at("2026-11-24T10:00:00Z") }));
    expect(await db.repos.practitioners.leadCaseCount(p.id)).toBe(2);
  });

  it("turns a duplicate handle into a UniqueConflictError inside a unit of work", async () => {
    const p = makePractitioner();
    await db.repos.practitioners.create(p);
    const error = await db.uow.run((repos) => repos.practitioners.create(makePractitioner({ handle: p.handle }))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UniqueConflictError);
    expect((error as UniqueConflictError).model).toBe("Practitioner");
    expect((error as UniqueConflictError).fields).toEqual(["handle"]);
    expect((error as UniqueConflictError).isOpenProposalConflict).toBe(false);
  });
});

describe("PrismaCaseRepository and PrismaTafRepository", () => {
  it("round-trips a case with statuses, dates and channels", async () => {
    const lead = makePractitioner();
    await db.repos.practitioners.create(lead);
    const c = makeCase({
      statuses: ["child-protection-plan", "young-offender", "sen"],
      leadId: lead.id,
      leadSince: at("2026-11-23T10:15:30.456Z"),
      noLeadSince: null,
      reviewDate: "2027-02-15",
      channels: { slack: "C0ABC", teams: "19:abc@thread.tacv2", playground: "pg-1" },
    });
    await db.repos.cases.create(c);
    expect(await db.repos.cases.get(c.id)).toStrictEqual(c);
    expect(await db.repos.cases.getByReference(c.reference)).toStrictEqual(c);
    expect(await db.repos.cases.getByReference(c.reference, { lock: true })).toStrictEqual(c);
    expect(await db.repos.cases.getByReference("EH-2026-NOPE")).toBeNull();
    expect(await db.repos.cases.getByReference("EH-2026-NOPE", { lock: true })).toBeNull();
    expect(await db.repos.cases.listLedBy([lead.id])).toStrictEqual([c]);
    expect(await db.repos.cases.listLedBy([])).toEqual([]);

    const closed = { ...c, open: false, leadId: null, leadSince: null, reviewDate: null, channels: {}, closedAt: at("2026-12-01T09:00:00Z") };
    await db.repos.cases.update(closed);
    expect(await db.repos.cases.get(c.id)).toStrictEqual(closed);
  });

  it("keeps TAF members in the order they joined, ignores a repeated add, and removes", async () => {
    const { c, people } = await caseWithTaf(3);
    const [a, b, d] = people.map((p) => p.id) as [string, string, string];
    expect(await db.repos.taf.members(c.id)).toHaveLength(3);
    await db.repos.taf.remove(c.id, b);
    await db.repos.taf.add(c.id, b, at("2026-11-24T10:00:00Z"));
    await db.repos.taf.add(c.id, b, at("2026-11-25T10:00:00Z"));
    const members = await db.repos.taf.members(c.id);
    expect(members.slice(0, 2).sort()).toEqual([a, d].sort());
    expect(members[2]).toBe(b);
    expect((await db.repos.cases.listForMember(b)).map((x) => x.id)).toEqual([c.id]);
    await db.repos.taf.remove(c.id, b);
    expect(await db.repos.taf.members(c.id)).not.toContain(b);
    expect(await db.repos.cases.listForMember(b)).toEqual([]);
  });
});

describe("PrismaProposalRepository and PrismaVoteRepository", () => {
  it("round-trips proposals, including a family preference, and finds the open one", async () => {
    const { c, people } = await caseWithTaf(3);
    const [nominee, proposer, preferred] = people;
    const p = proposal(c.id, nominee!.id, proposer!.id, { familyView: { kind: "prefers", practitionerId: preferred!.id }, notes: [] });
    await db.repos.proposals.create(p);
    expect(await db.repos.proposals.get(p.id)).toStrictEqual(p);
    expect(await db.repos.proposals.openForCase(c.id)).toStrictEqual(p);

    const agreed: Proposal = { ...p, state: "agreed", closedAt: at("2026-11-24T12:00:00Z"), outcomeReason: "Everyone agreed", familyView: { kind: "not-asked" } };
    await db.repos.proposals.update(agreed);
    expect(await db.repos.proposals.get(p.id)).toStrictEqual(agreed);
    expect(await db.repos.proposals.openForCase(c.id)).toBeNull();

    // A closure proposal (no nominee) may open once the first one is closed.
    const closure = proposal(c.id, nominee!.id, proposer!.id, { kind: "closure", nomineeId: null });
    await db.repos.proposals.create(closure);
    expect(await db.repos.proposals.openForCase(c.id)).toStrictEqual(closure);
  });

  it("refuses a second open proposal on one case in the database itself", async () => {
    const { c, people } = await caseWithTaf(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    await db.repos.proposals.create(proposal(c.id, a.id, b.id));
    // Straight through the repository: the database's unique index refuses it.
    await expect(db.repos.proposals.create(proposal(c.id, b.id, a.id))).rejects.toThrow(/Unique constraint/i);
    // Through a unit of work it arrives as the typed error the use cases can explain.
    const error = await db.uow.run((repos) => repos.proposals.create(proposal(c.id, b.id, a.id))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UniqueConflictError);
    expect((error as UniqueConflictError).isOpenProposalConflict).toBe(true);
  });

  it("lets exactly one of two racing units of work open a proposal", async () => {
    const { c, people } = await caseWithTaf(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    // Both check "no open proposal" before either commits: only the unique index can stop one.
    const attempt = (nominee: string, proposer: string) =>
      db.uow.run(async (repos) => {
        expect(await repos.proposals.openForCase(c.id)).toBeNull();
        await sleep(100);
        await repos.proposals.create(proposal(c.id, nominee, proposer));
      });
    const results = await Promise.allSettled([attempt(a.id, b.id), attempt(b.id, a.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(failed?.reason).toBeInstanceOf(UniqueConflictError);
  });

  it("keeps one vote per member per proposal: a second vote replaces the first", async () => {
    const { c, people } = await caseWithTaf(2);
    const [a, b] = people as [(typeof people)[0], (typeof people)[0]];
    const p = proposal(c.id, a.id, b.id);
    await db.repos.proposals.create(p);
    const first: Vote = { proposalId: p.id, voterId: b.id, choice: "object", reason: "Not yet discussed with school", platform: "teams", at: at("2026-11-23T11:00:00Z") };
    const accept: Vote = { proposalId: p.id, voterId: a.id, choice: "agree", reason: null, platform: "slack", at: at("2026-11-23T11:30:00Z") };
    const changed: Vote = { ...first, choice: "agree", reason: null, platform: "slack", at: at("2026-11-23T12:00:00Z") };
    await db.repos.votes.upsert(first);
    await db.repos.votes.upsert(accept);
    expect(await db.repos.votes.list(p.id)).toStrictEqual([first, accept]);
    await db.repos.votes.upsert(changed);
    expect(await db.repos.votes.list(p.id)).toStrictEqual([accept, changed]);
    expect(await db.prisma.vote.count({ where: { proposalId: p.id } })).toBe(2);
  });
});

describe("PrismaEscalationRepository", () => {
  it("round-trips escalations and finds them by case, recency and decider", async () => {
    const { c, people } = await caseWithTaf(3);
    const [manager, involved, coordinator] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const p = proposal(c.id, involved.id, manager.id, { state: "disagreed", closedAt: at("2026-11-25T17:00:00Z") });
    await db.repos.proposals.create(p);
    const resolved: Escalation = {
      id: randomUUID(),
      caseId: c.id,
      proposalId: p.id,
      reason: "No agreement on the lead",
      level: 2,
      state: "resolved",
      deciderIds: [coordinator.id],
      involvedIds: [involved.id],
      acknowledgedBy: [coordinator.id],
      deadline: at("2026-12-02T17:00:00Z"),
      openedById: null,
      resolution: { kind: "appoint", practitionerId: involved.id, reason: "Closest to the family" },
      resolvedById: coordinator.id,
      resolvedAtLevel: 2,
      createdAt: at("2026-11-25T17:00:00Z"),
      resolvedAt: at("2026-11-27T10:00:00Z"),
    };
    const open: Escalation = {
      ...resolved,
      id: randomUUID(),
      proposalId: null,
      level: 3,
      state: "open",
      deciderIds: [manager.id, coordinator.id],
      acknowledgedBy: [],
      deadline: null,
      openedById: manager.id,
      resolution: null,
      resolvedById: null,
      resolvedAtLevel: null,
      createdAt: at("2026-11-28T09:00:00Z"),
      resolvedAt: null,
    };
    await db.repos.escalations.create(resolved);
    await db.repos.escalations.create(open);
    expect(await db.repos.escalations.get(resolved.id)).toStrictEqual(resolved);
    expect(await db.repos.escalations.openForCase(c.id)).toStrictEqual(open);
    expect(await db.repos.escalations.latestForCase(c.id)).toStrictEqual(open);
    expect(await db.repos.escalations.openForDecider(manager.id)).toStrictEqual([open]);
    expect(await db.repos.escalations.openForDecider(involved.id)).toEqual([]);

    const returned: Escalation = { ...open, state: "resolved", resolution: { kind: "return", reason: "TAF to meet again" }, resolvedById: manager.id, resolvedAtLevel: 3, resolvedAt: at("2026-11-29T09:00:00Z") };
    await db.repos.escalations.update(returned);
    expect(await db.repos.escalations.get(open.id)).toStrictEqual(returned);
    expect(await db.repos.escalations.openForCase(c.id)).toBeNull();
    expect(await db.repos.escalations.openForDecider(coordinator.id)).toEqual([]);
  });
});

describe("PrismaHandoverRepository, PrismaReviewRepository and PrismaOverrideRepository", () => {
  it("round-trips handovers and counts open ones per outgoing lead", async () => {
    const { c, people } = await caseWithTaf(2);
    const [outgoing, successor] = people as [(typeof people)[0], (typeof people)[0]];
    const other = makeCase({ leadId: outgoing.id });
    await db.repos.cases.create(other);
    const h: Handover = {
      id: randomUUID(),
      caseId: c.id,
      outgoingLeadId: outgoing.id,
      trigger: "long-term-sick",
      startedById: successor.id,
      deadline: at("2026-12-07T17:00:00Z"),
      state: "open",
      successorId: null,
      createdAt: at("2026-11-23T10:00:00Z"),
      completedAt: null,
    };
    await db.repos.handovers.create(h);
    await db.repos.handovers.create({ ...h, id: randomUUID(), caseId: other.id, trigger: "transition" });
    expect(await db.repos.handovers.openForCase(c.id)).toStrictEqual(h);
    expect(await db.repos.handovers.countOpenFor([outgoing.id, successor.id])).toEqual(new Map([[outgoing.id, 2]]));
    expect(await db.repos.handovers.countOpenFor([])).toEqual(new Map());

    const done: Handover = { ...h, state: "completed", successorId: successor.id, completedAt: at("2026-11-30T10:00:00Z") };
    await db.repos.handovers.update(done);
    expect(await db.repos.handovers.openForCase(c.id)).toBeNull();
    expect(await db.repos.handovers.countOpenFor([outgoing.id])).toEqual(new Map([[outgoing.id, 1]]));
  });

  it("records reviews oldest first with calendar dates intact", async () => {
    const { c, people } = await caseWithTaf(1);
    const lead = people[0]!;
    const first = { id: randomUUID(), caseId: c.id, heldOn: "2026-12-31", outcome: "continue" as const, nextReviewDate: "2027-03-25", recordedById: lead.id, at: at("2026-12-31T15:00:00Z") };
    const second = { ...first, id: randomUUID(), heldOn: "2027-03-25", outcome: "step-down" as const, nextReviewDate: null, at: at("2027-03-25T15:00:00Z") };
    await db.repos.reviews.create(second);
    await db.repos.reviews.create(first);
    expect(await db.repos.reviews.listForCase(c.id)).toStrictEqual([first, second]);
  });

  it("finds an eligibility override by case and practitioner, and allows only one per pair", async () => {
    const { c, people } = await caseWithTaf(2);
    const [agencyWorker, manager] = people as [(typeof people)[0], (typeof people)[0]];
    const o = { caseId: c.id, practitionerId: agencyWorker.id, approvedById: manager.id, reason: "Only worker the family trusts", at: at("2026-11-23T10:00:00Z") };
    expect(await db.repos.overrides.find(c.id, agencyWorker.id)).toBeNull();
    await db.repos.overrides.create(o);
    expect(await db.repos.overrides.find(c.id, agencyWorker.id)).toStrictEqual(o);
    await expect(db.uow.run((repos) => repos.overrides.create(o))).rejects.toBeInstanceOf(UniqueConflictError);
  });
});

describe("PrismaDeadlineRepository", () => {
  it("finds a subject's latest fired deadline of some kinds, due by a moment", async () => {
    const { c } = await caseWithTaf(1);
    const subject: string = randomUUID();
    const d = (tag: string, kind: Deadline["kind"], dueAt: string): Deadline => ({ key: `${kind}-${subject}-${tag}`, kind, caseId: c.id, subjectId: subject, dueAt: at(dueAt), state: "pending" });
    const early = d("5wd", "review-reminder", "2026-12-01T09:00:00Z");
    const later = d("1wd", "review-reminder", "2026-12-07T09:00:00Z");
    const overdue = d("od", "review-overdue", "2026-12-09T09:00:00Z");
    const future = d("0wd", "review-reminder", "2026-12-08T09:00:00Z");
    await db.repos.deadlines.schedule([early, later, overdue, future]);
    expect(await db.repos.deadlines.latestDoneForSubject(subject, ["review-reminder"], at("2026-12-31T00:00:00Z"))).toBeNull();
    await db.repos.deadlines.markAllDone([early.key, later.key, overdue.key]);
    expect((await db.repos.deadlines.latestDoneForSubject(subject, ["review-reminder"], at("2026-12-31T00:00:00Z")))?.key).toBe(later.key);
    expect((await db.repos.deadlines.latestDoneForSubject(subject, ["review-reminder"], at("2026-12-05T00:00:00Z")))?.key).toBe(early.key);
    expect((await db.repos.deadlines.latestDoneForSubject(subject, ["review-reminder", "review-overdue"], at("2026-12-31T00:00:00Z")))?.key).toBe(overdue.key);
    expect(await db.repos.deadlines.latestDoneForSubject(subject, ["handover-reminder"], at("2026-12-31T00:00:00Z"))).toBeNull();
  });

  it("schedules idempotently, cancels by subject and kind, marks done and pages pending keys", async () => {
    const { c } = await caseWithTaf(1);
    const subject: string = randomUUID();
    const d = (key: string, kind: Deadline["kind"], dueAt: string, subjectId = subject): Deadline => ({
      key: `${key}-${subject}`,
      kind,
      caseId: c.id,
      subjectId,
      dueAt: at(dueAt),
      state: "pending",
    });
    const reminder = d("review-reminder", "review-reminder", "2026-12-01T09:00:00Z");
    const overdue = d("review-overdue", "review-overdue", "2026-12-08T09:00:00Z");
    const vote = d("vote-close", "vote-close", "2026-11-25T17:00:00Z");
    const noLead = d("no-lead", "no-lead", "2026-11-30T09:00:00Z", c.id);
    await db.repos.deadlines.schedule([reminder, overdue, vote, noLead]);
    // Scheduling a key again leaves the stored row as it was.
    await db.repos.deadlines.schedule([{ ...reminder, dueAt: at("2030-01-01T00:00:00Z") }]);
    await db.repos.deadlines.schedule([]);
    expect(await db.repos.deadlines.get(reminder.key)).toStrictEqual(reminder);
    expect(await db.repos.deadlines.get("no-such-key")).toBeNull();

    expect(await db.repos.deadlines.cancelForSubject(subject, ["review-reminder", "review-overdue"])).toEqual([overdue.key, reminder.key].sort());
    expect(await db.repos.deadlines.cancelForSubject(subject, ["review-reminder"])).toEqual([]);
    await db.repos.deadlines.markDone(noLead.key);
    await db.repos.deadlines.markDone("no-such-key");
    expect((await db.repos.deadlines.get(noLead.key))?.state).toBe("done");
    expect((await db.repos.deadlines.get(reminder.key))?.state).toBe("cancelled");
    const many = await db.repos.deadlines.getMany([reminder.key, vote.key, "no-such-key", vote.key]);
    expect(many.map((x) => x.key).sort()).toEqual([reminder.key, vote.key].sort());
    expect(many.find((x) => x.key === vote.key)).toStrictEqual(vote);
    expect(await db.repos.deadlines.getMany([])).toEqual([]);

    // Walk every pending deadline in small pages, as the reconciler does; other tests' rows are
    // in the same table, so look only for ours.
    const seen: Deadline[] = [];
    let afterKey: string | undefined;
    for (;;) {
      const page = await db.repos.deadlines.listPending(2, afterKey);
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page);
      if (page.length < 2) break;
      afterKey = page[page.length - 1]!.key;
    }
    const keys = seen.map((x) => x.key);
    expect(keys).toEqual([...keys].sort());
    expect(seen.every((x) => x.state === "pending")).toBe(true);
    expect(seen.filter((x) => x.caseId === c.id)).toStrictEqual([vote]);

    expect(await db.repos.deadlines.cancelForSubject(subject)).toEqual([vote.key]);
  });
});

describe("PrismaAuditRepository, PrismaOutboxRepository and PrismaSettingsRepository", () => {
  it("appends audit events and offers nothing to change them", async () => {
    const { c, people } = await caseWithTaf(1);
    await db.repos.audit.append({ at: at("2026-11-23T10:00:00.001Z"), actorId: people[0]!.id, platform: "teams", action: "propose", caseId: c.id, outcome: "ok", detail: { proposalId: "p1", nested: { count: 2 }, when: at("2026-11-23T10:00:00Z"), skipped: undefined } });
    await db.repos.audit.append({ at: at("2026-11-23T10:00:00.002Z"), actorId: null, platform: "system", action: "deadline.no-lead", caseId: c.id, outcome: "refused", detail: {} });
    const rows = await db.prisma.auditEvent.findMany({ where: { caseId: c.id }, orderBy: { id: "asc" } });
    expect(rows.map(({ id: _id, ...rest }) => rest)).toStrictEqual([
      { at: at("2026-11-23T10:00:00.001Z"), actorId: people[0]!.id, platform: "teams", action: "propose", caseId: c.id, outcome: "ok", detail: { proposalId: "p1", nested: { count: 2 }, when: "2026-11-23T10:00:00.000Z" } },
      { at: at("2026-11-23T10:00:00.002Z"), actorId: null, platform: "system", action: "deadline.no-lead", caseId: c.id, outcome: "refused", detail: {} },
    ]);
    expect(rows[1]!.id > rows[0]!.id).toBe(true);
    expect(Object.keys(db.repos.audit)).not.toContain("update");
    expect(Object.getOwnPropertyNames(Object.getPrototypeOf(db.repos.audit))).toEqual(["constructor", "append", "appendMany", "listForCase"]);
    expect((await db.repos.audit.listForCase(c.id)).map((e) => e.action)).toEqual(["propose", "deadline.no-lead"]);

    // Many at once, all at one moment: the trail keeps the order they were given in.
    const moment = at("2026-11-23T11:00:00Z");
    const event = (action: string) => ({ at: moment, actorId: null, platform: "system" as const, action, caseId: c.id, outcome: "ok" as const, detail: { action } });
    await db.repos.audit.appendMany([event("review.reminder"), event("handover.reminder"), event("review.overdue")]);
    await db.repos.audit.appendMany([]);
    expect((await db.repos.audit.listForCase(c.id)).map((e) => e.action)).toEqual(["propose", "deadline.no-lead", "review.reminder", "handover.reminder", "review.overdue"]);
  });

  it("locks many cases in one go, leaving unknown ids out, and marks many deadlines done", async () => {
    const one = await caseWithTaf(1);
    const two = await caseWithTaf(1);
    const locked = await db.uow.run((repos) => repos.cases.lockMany([two.c.id, one.c.id, randomUUID(), one.c.id]));
    expect(locked.map((x) => x.id)).toEqual([one.c.id, two.c.id].sort());
    expect(locked.find((x) => x.id === one.c.id)).toStrictEqual(one.c);
    expect(await db.repos.cases.lockMany([])).toEqual([]);

    const subject = randomUUID();
    const keys = ["a", "b", "c"].map((k) => `review-reminder-${k}-${subject}`);
    await db.repos.deadlines.schedule(keys.map((key) => ({ key, kind: "review-reminder" as const, caseId: one.c.id, subjectId: subject, dueAt: at("2026-12-01T09:00:00Z"), state: "pending" as const })));
    await db.repos.deadlines.markAllDone([keys[0]!, keys[2]!, "no-such-key"]);
    expect((await db.repos.deadlines.getMany(keys)).map((x) => `${x.key.split("-")[2]}:${x.state}`).sort()).toEqual(["a:done", "b:pending", "c:done"]);
  });

  it("queues outbox entries once per key and keeps the Dates inside views", async () => {
    const { c } = await caseWithTaf(1);
    const key = `cmd-${randomUUID()}`;
    const person = { id: randomUUID(), name: "Hana Ali", role: "health-visitor", agency: "Health Visiting" };
    const notification: Notification = {
      to: { kind: "case-channel", caseId: c.id },
      view: {
        type: "proposal",
        proposalId: randomUUID(),
        caseRef: c.reference,
        kind: "appoint",
        nominee: person,
        proposer: person,
        reason: "Sees the family weekly",
        familyView: "agrees",
        familyPrefersOther: false,
        notes: [],
        deadline: at("2026-11-25T17:00:00Z"),
        state: "open",
        nomineeResponse: "awaiting",
        tally: { agree: 0, object: 0, abstain: 0, notVoted: 2, electorate: 2, quorum: 2 },
        votes: [{ voter: person, choice: "agree", reason: null }],
        outcomeReason: null,
      },
      messageKey: `proposal-${c.id}`,
    };
    const createdAt = at("2026-11-23T10:00:00Z");
    await db.repos.outbox.add([{ key: `${key}-0`, notification, createdAt }]);
    await db.repos.outbox.add([{ key: `${key}-0`, notification: { ...notification, messageKey: "other" }, createdAt }]);
    await db.repos.outbox.add([]);
    const rows = await db.prisma.outboxEntry.findMany({ where: { key: { startsWith: key } } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: `${key}-0`, createdAt, deliveredAt: null, attempts: 0 });
    expect(decodeNotification(rows[0]!.notification)).toStrictEqual(notification);
  });

  it("returns the defaults until settings are saved, then the saved settings, with the calendar always the config's", async () => {
    // Settings are one shared row: work in a transaction that is rolled back, so parallel test
    // files never see these values.
    const rollback = new Error("rollback");
    const saved: Settings = {
      ...DEFAULT_SETTINGS,
      region: "northern-ireland",
      timeZone: "Europe/Belfast",
      workingHours: { start: 8, end: 16 },
      accessTeamChannels: { slack: "C-ACCESS", teams: "19:access@thread.tacv2" },
      quorumFraction: 0.66,
      reviewReminderWorkingDays: [10, 3, 0],
    };
    await expect(
      db.prisma.$transaction(async (tx) => {
        const repos = createPrismaRepositories(tx);
        await tx.settings.deleteMany({});
        expect(await repos.settings.get()).toStrictEqual(DEFAULT_SETTINGS);
        await repos.settings.update(saved);
        // Region, time zone and working hours come from the config (here its defaults), not the row.
        const calendar = { region: DEFAULT_SETTINGS.region, timeZone: DEFAULT_SETTINGS.timeZone, workingHours: DEFAULT_SETTINGS.workingHours };
        expect(await repos.settings.get()).toStrictEqual({ ...saved, ...calendar });
        const belfast = { region: "northern-ireland", timeZone: "Europe/Belfast", workingHours: { start: 8, end: 16 } } as const;
        expect(await createPrismaRepositories(tx, belfast).settings.get()).toStrictEqual({ ...saved, ...belfast });
        await repos.settings.update({ ...saved, accessTeamChannels: {} });
        expect((await repos.settings.get()).accessTeamChannels).toStrictEqual({});
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });
});

describe("PrismaUnitOfWork", () => {
  it("commits together or not at all", async () => {
    const c = makeCase();
    await expect(
      db.uow.run(async (repos) => {
        await repos.cases.create(c);
        expect(await repos.cases.get(c.id)).not.toBeNull();
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await db.repos.cases.get(c.id)).toBeNull();
    expect(await db.uow.run(async (repos) => (await repos.cases.create(c), "done"))).toBe("done");
    expect(await db.repos.cases.get(c.id)).toStrictEqual(c);
  });

  /** Two concurrent units of work that read a counter, wait, and write it back plus one. */
  async function raceOnOneCase(lock: boolean): Promise<number> {
    const { c, people } = await caseWithTaf(1);
    const counterHolder = people[0]!;
    const increment = () =>
      db.uow.run(async (repos) => {
        await repos.cases.getByReference(c.reference, { lock });
        const p = (await repos.practitioners.get(counterHolder.id))!;
        await sleep(150);
        await repos.practitioners.update({ ...p, lpCapacity: p.lpCapacity + 1 });
      });
    await Promise.all([increment(), increment()]);
    return (await db.repos.practitioners.get(counterHolder.id))!.lpCapacity - counterHolder.lpCapacity;
  }

  it("serialises units of work on one case with getByReference(…, { lock: true })", async () => {
    expect(await raceOnOneCase(true)).toBe(2);
  });

  it("(control) loses an update without the lock, so the test above means something", async () => {
    expect(await raceOnOneCase(false)).toBe(1);
  });

  it("retries a unit of work that lost a deadlock", async () => {
    const one = makeCase();
    const two = makeCase();
    await db.repos.cases.create(one);
    await db.repos.cases.create(two);
    let attempts = 0;
    const lockBoth = (first: string, second: string) =>
      db.uow.run(async (repos) => {
        attempts++;
        await repos.cases.getByReference(first, { lock: true });
        await sleep(100);
        await repos.cases.getByReference(second, { lock: true });
        return "ok";
      });
    // Opposite lock order: Postgres aborts one side with a deadlock; it runs again and succeeds.
    expect(await Promise.all([lockBoth(one.reference, two.reference), lockBoth(two.reference, one.reference)])).toEqual(["ok", "ok"]);
    expect(attempts).toBe(3);
  });
});
