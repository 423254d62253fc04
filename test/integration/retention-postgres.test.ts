// Retention on the real Postgres [issue #8]: a case closed more than RETENTION_YEARS ago has its
// audit trail written to the export directory, then is anonymised (ANON-<hash> reference, channel
// ids cleared, free text blanked). Its audit rows are not changed: the database refuses that.
// Cases closed more recently, and open cases, are left alone; a second run does nothing.
import { randomUUID } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActorContext, Command } from "../../src/domain/commands.js";
import { executeCommand } from "../../src/application/execute-command.js";
import { executeRetention } from "../../src/application/execute-retention.js";
import { fnv1a64 } from "../../src/domain/oversight/retention.js";
import type { ReportView } from "../../src/domain/views.js";
import type { Practitioner } from "../../src/domain/types.js";
import { DirectoryAuditArchive } from "../../src/infrastructure/archive/directory-audit-archive.js";
import { retentionCutoff } from "../../src/infrastructure/queue/oversight-jobs.js";
import { createTestRepos, makePractitioner, uniqueReference, type TestDatabase } from "../support/database.js";

let db: TestDatabase;
let dir: string;
const clock = { at: new Date("2019-03-04T10:00:00Z"), now() { return new Date(this.at); } };
const deps = () => ({ uow: db.uow, clock, ids: { next: () => randomUUID() } });
const NOW = new Date("2026-11-30T02:00:00Z");

const staff = {
  manager: makePractitioner({ name: "Mo Manager", role: "manager", dbsCheckedOn: "2017-01-10", qualifiedOn: "2010-07-01" }),
  access: makePractitioner({ name: "Ada Access", duties: { accessTeam: true, coordinator: false, executive: false } }),
  a: makePractitioner({ name: "Fay Family", dbsCheckedOn: "2017-01-10", qualifiedOn: "2010-07-01" }),
  b: makePractitioner({ name: "Hana Health", role: "health-visitor", dbsCheckedOn: "2017-01-10", qualifiedOn: "2010-07-01" }),
  c: makePractitioner({ name: "Tom Teacher", role: "teacher", dbsCheckedOn: "2017-01-10", qualifiedOn: "2010-07-01" }),
};
for (const p of [staff.a, staff.b, staff.c]) p.managerId = staff.manager.id;

const actor = (p: Practitioner): ActorContext => ({ platform: "slack", userId: p.chat.slack!, channelId: "CRETENTION1", requestId: null });
const run = (p: Practitioner, cmd: Command, at: string) => {
  clock.at = new Date(at);
  return executeCommand(deps(), actor(p), cmd);
};
const who = (p: Practitioner) => ({ by: "handle" as const, handle: p.handle });

/** A case opened and (unless `close` is null) closed on the given days, with a disagreement on the way. */
async function lifeOfACase(ref: string, days: { open: string; close: string | null }) {
  const { a, b, c, manager } = staff;
  await run(a, { name: "case-open", ref, statuses: ["early-help"] }, `${days.open}T09:00:00Z`);
  await run(a, { name: "taf-add", ref, person: who(b) }, `${days.open}T09:01:00Z`);
  await run(a, { name: "taf-add", ref, person: who(c) }, `${days.open}T09:02:00Z`);
  await run(a, { name: "propose", ref, nominee: who(b), reason: "PROPOSAL-TEXT knows the family", family: { kind: "agrees" } }, `${days.open}T10:00:00Z`);
  await run(b, { name: "vote", ref, choice: "accept", reason: "" }, `${days.open}T10:10:00Z`);
  await run(a, { name: "vote", ref, choice: "agree", reason: "" }, `${days.open}T10:11:00Z`);
  await run(c, { name: "vote", ref, choice: "object", reason: "OBJECTION-TEXT prefers someone else" }, `${days.open}T10:12:00Z`);
  await run(manager, { name: "resolve-appoint", ref, person: who(b), reason: "RESOLUTION-TEXT closest to the family" }, `${days.open}T14:00:00Z`);
  if (days.close === null) return;
  await run(b, { name: "close", ref, reason: "CLOSE-TEXT goals met" }, `${days.close}T10:00:00Z`);
  for (const p of [a, b, c]) await run(p, { name: "vote", ref, choice: "agree", reason: "" }, `${days.close}T10:30:00Z`);
}

const refs = { old: uniqueReference(), recent: uniqueReference(), open: uniqueReference() };
let oldId = "";

beforeAll(async () => {
  db = createTestRepos();
  dir = await mkdtemp(path.join(tmpdir(), "leadbot-retention-"));
  await db.uow.run(async (repos) => {
    for (const p of Object.values(staff)) await repos.practitioners.create(p);
  });
  await lifeOfACase(refs.old, { open: "2019-03-04", close: "2020-06-01" });
  await lifeOfACase(refs.recent, { open: "2020-03-02", close: "2021-12-01" });
  await lifeOfACase(refs.open, { open: "2019-03-11", close: null });
  oldId = (await db.repos.cases.getByReference(refs.old))!.id;
  // An override recorded on the old case: its reason is free text too.
  await db.repos.overrides.create({ caseId: oldId, practitionerId: staff.c.id, approvedById: staff.manager.id, reason: "OVERRIDE-TEXT exceptional", at: new Date("2019-03-05T10:00:00Z") });
  // A check-in with the family: its note is free text too.
  await db.repos.contacts.record({ id: randomUUID(), caseId: oldId, recordedById: staff.a.id, note: "CONTACT-TEXT home visit", at: new Date("2019-03-06T10:00:00Z") });
}, 120_000);

afterAll(async () => {
  await db?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("retention", () => {
  it("exports the old case's audit trail, then anonymises it, leaving its audit rows exactly as they were", async () => {
    const before = await db.prisma.auditEvent.findMany({ where: { caseId: oldId }, orderBy: { id: "asc" } });
    expect(before.length).toBeGreaterThan(10);
    // What the use cases wrote to the trail: ids and codes, nothing anyone typed.
    const details = JSON.stringify(before.map((e) => e.detail));
    for (const typed of ["PROPOSAL-TEXT", "OBJECTION-TEXT", "RESOLUTION-TEXT", "CLOSE-TEXT"]) expect(details).not.toContain(typed);

    clock.at = NOW;
    const cutoff = retentionCutoff(NOW, 6, "Europe/London");
    expect(cutoff.toISOString()).toBe("2020-11-30T02:00:00.000Z");
    const result = await executeRetention({ ...deps(), archive: new DirectoryAuditArchive(dir) }, cutoff);
    expect(result.failed).toEqual([]);
    const mine = result.anonymised.filter((r) => [refs.old, refs.recent, refs.open].some((ref) => r.filename.startsWith(ref)));
    const anon = `ANON-${fnv1a64(oldId).slice(0, 10)}`;
    expect(mine).toEqual([{ caseId: oldId, reference: anon, filename: `${refs.old}_${anon}.csv` }]);

    // The case: a new reference, no channels, nothing anyone typed.
    const c = await db.prisma.case.findUniqueOrThrow({ where: { id: oldId } });
    expect(c.reference).toMatch(/^ANON-[0-9A-F]{10}$/);
    expect(c.reference).toBe(anon);
    expect([c.slackChannelId, c.teamsChannelId, c.playgroundChannelId]).toEqual([null, null, null]);
    expect(c.open).toBe(false);
    const proposals = await db.prisma.proposal.findMany({ where: { caseId: oldId } });
    expect(proposals.length).toBe(2);
    for (const p of proposals) expect({ reason: p.reason, notes: p.notes, outcome: p.outcomeReason }).toEqual({ reason: "", notes: [], outcome: null });
    const votes = await db.prisma.vote.findMany({ where: { proposal: { caseId: oldId } } });
    expect(votes.length).toBeGreaterThan(0);
    expect(votes.every((v) => v.reason === null)).toBe(true);
    const escalations = await db.prisma.escalation.findMany({ where: { caseId: oldId } });
    expect(escalations.map((e) => [e.reason, e.resolutionReason])).toEqual([["", ""]]);
    expect((await db.prisma.eligibilityOverride.findMany({ where: { caseId: oldId } })).map((o) => o.reason)).toEqual([""]);
    expect((await db.prisma.contact.findMany({ where: { caseId: oldId } })).map((k) => k.note)).toEqual([""]);
    expect(await db.prisma.outboxEntry.count({ where: { notification: { path: ["view", "caseRef"], equals: refs.old } } })).toBe(0);

    // The audit rows: untouched, and one more saying what happened.
    const after = await db.prisma.auditEvent.findMany({ where: { caseId: oldId }, orderBy: { id: "asc" } });
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((e) => [e.action, e.platform, e.actorId])).toEqual([["case.anonymised", "system", null]]);
    expect(after.at(-1)!.detail).toMatchObject({ reference: anon, closedAt: "2020-06-01T10:30:00.000Z", events: before.length });
    // …and the database itself refuses to change them.
    await expect(db.prisma.$executeRaw`UPDATE audit_events SET action = 'edited' WHERE case_id = ${oldId}::uuid`).rejects.toThrow(/append-only/);
    await expect(db.prisma.$executeRaw`DELETE FROM audit_events WHERE case_id = ${oldId}::uuid`).rejects.toThrow(/append-only/);

    // The export: the whole trail as it was, oldest first, with names and no free text.
    const file = await readFile(path.join(dir, `${refs.old}_${anon}.csv`), "utf8");
    const lines = file.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("Time (UTC),Local time,Actor,Handle,Platform,Action,Outcome,Detail");
    expect(lines).toHaveLength(before.length + 1);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(before.map((e) => e.at.toISOString()));
    expect(lines[1]).toContain(`Fay Family,${staff.a.handle},slack,case.open,ok,reference=${refs.old}`);
    for (const typed of ["PROPOSAL-TEXT", "OBJECTION-TEXT", "RESOLUTION-TEXT", "CLOSE-TEXT", "OVERRIDE-TEXT"]) expect(file).not.toContain(typed);
  });

  it("keeps a case closed within the retention period, and open cases, as they are", async () => {
    for (const ref of [refs.recent, refs.open]) {
      const c = await db.repos.cases.getByReference(ref);
      expect(c?.channels.slack).toBe("CRETENTION1");
      const p = await db.prisma.proposal.findFirst({ where: { caseId: c!.id } });
      expect(p?.reason).toBe("PROPOSAL-TEXT knows the family");
    }
  });

  it("does nothing the second time, and the anonymised case's trail can still be exported by its new reference", async () => {
    const again = await executeRetention({ ...deps(), archive: new DirectoryAuditArchive(dir) }, retentionCutoff(NOW, 6, "Europe/London"));
    expect(again).toEqual({ anonymised: [], failed: [] });
    expect(await readdir(dir)).toHaveLength(1);
    const anon = (await db.prisma.case.findUniqueOrThrow({ where: { id: oldId } })).reference;
    const out = await executeCommand(deps(), actor(staff.access), { name: "audit", ref: anon });
    const view = out.reply as ReportView;
    expect(view.caseRef).toBe(anon);
    expect(view.file!.content).toContain("case.anonymised");
    expect(view.file!.content).not.toContain("CLOSE-TEXT");
    // The old reference is still in the append-only `case.open` row, but never comes back out.
    const stored = await db.prisma.auditEvent.findFirstOrThrow({ where: { caseId: oldId, action: "case.open" } });
    expect(stored.detail).toMatchObject({ reference: refs.old });
    expect(JSON.stringify(view)).not.toContain(refs.old);
    const opened = view.file!.content.split("\r\n").find((line) => line.includes(",case.open,"));
    expect(opened).toMatch(/,case\.open,ok,statuses=early-help$/);
    expect(view.file!.content).toContain(`reference=${anon}`);
  });
});
