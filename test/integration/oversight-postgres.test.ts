// Issue #8 on the real Postgres: the same month as the unit test (test/support/oversight-month.ts)
// played through executeCommand and executeDeadline, one transaction per command. The figures are
// computed over this month's cases only (a case-id scope), so other rows in the database cannot
// move them, and compared with the month's ledger; then the audit export of real cases is read
// back row by row.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarFor, UseCaseContext } from "../../src/domain/context.js";
import { executeCommand } from "../../src/application/execute-command.js";
import { AUDIT_CSV_HEADER } from "../../src/domain/oversight/audit-export.js";
import { complianceFigures } from "../../src/domain/oversight/report.js";
import type { ReportView } from "../../src/domain/views.js";
import { createTestRepos, type TestDatabase } from "../support/database.js";
import {
  expectedFigures,
  expectedRows,
  HAND_COUNTED,
  HAND_COUNTED_PAST,
  local,
  makeStaff,
  Month,
  MonthClock,
  PAST_PERIOD,
  PERIOD,
  REPORT_AT,
} from "../support/oversight-month.js";

const TODAY = "2026-11-30";
let db: TestDatabase;
let month: Month;
let clock: MonthClock;

beforeAll(async () => {
  db = createTestRepos();
  clock = new MonthClock(local("2026-10-12", "08:00"));
  const settings = await db.repos.settings.get();
  month = new Month({ uow: db.uow, clock, ids: { next: () => randomUUID() } }, makeStaff(), settings);
  await month.register();
  month.script();
  await month.play(new Date(REPORT_AT));
  await month.checkAgainstStore();
}, 300_000);

afterAll(() => db?.cleanup());

/** RFC 4180 lines → cells (quoted cells may hold commas and doubled quotes). */
function parseCsv(content: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < content.length; i++) {
    const ch = content[i]!;
    if (quoted) {
      if (ch === '"' && content[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && content[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

async function caseIdOf(ref: string): Promise<string> {
  const c = await db.repos.cases.getByReference(ref);
  if (!c) throw new Error(`no ${ref}`);
  return c.id;
}

describe("the compliance report on Postgres", () => {
  it("computes every figure of the month's cases as the ledger does", async () => {
    expect(expectedFigures(month.ledger.values(), PERIOD, TODAY)).toEqual(HAND_COUNTED);
    const scope = new Set(await Promise.all([...month.ledger.keys()].map(caseIdOf)));
    const figures = await db.uow.run(async (repos) => {
      const settings = await repos.settings.get();
      const ctx = new UseCaseContext(repos, null, "system", null, null, clock.now(), settings, calendarFor(settings), { next: () => randomUUID() });
      return complianceFigures(ctx, PERIOD, scope);
    });
    const e = expectedFigures(month.ledger.values(), PERIOD, TODAY);
    expect(figures).toEqual({
      from: PERIOD.from,
      to: PERIOD.to,
      // Reported on Monday 30th: open cases, leads and reviews as they stood at the end of Friday 27th.
      asOf: PERIOD.to,
      asOfNow: false,
      openCases: e.openCases,
      withLead: e.withLead,
      withReviewDate: e.withReviewDate,
      overdueReviews: e.overdueReviews,
      leadsAgreed: e.leadsAgreed,
      medianWorkingDaysToLead: e.medianWorkingDaysToLead,
      disagreements: e.disagreements,
      escalationsByLevel: { 1: e.escalations[0], 2: e.escalations[1], 3: e.escalations[2] },
      handoversCompleted: e.handoversCompleted,
      handoversOnTime: e.handoversOnTime,
      closures: e.closures,
      // The month has no plan actions.
      actionsAgreed: 0,
      actionsDue: 0,
      actionsDoneOnTime: 0,
      overdueActionsByAgency: [],
    });
  });

  it("answers /lead report with the card's rows and the same rows as CSV", async () => {
    const out = await executeCommand(month.deps, month.actor(month.staff.access), {
      name: "report",
      from: { kind: "iso", date: PERIOD.from },
      to: { kind: "iso", date: PERIOD.to },
    });
    const view = out.reply as ReportView;
    expect(view.type).toBe("report");
    // This file's database holds this month only, so the whole-deployment figures are the month's.
    expect(view.rows).toEqual(expectedRows(expectedFigures(month.ledger.values(), PERIOD, TODAY), PERIOD, TODAY));
    const csv = parseCsv(view.file!.content);
    expect(csv[0]).toEqual(["Figure", "Value"]);
    expect(csv.slice(1)).toEqual(view.rows.map((r) => [r.label, r.value]));
  });
});

describe("a past period's report on Postgres", () => {
  it("rebuilds open cases, leads and review dates at the end of its last day from the stored history", async () => {
    expect(expectedFigures(month.ledger.values(), PAST_PERIOD, TODAY)).toEqual(HAND_COUNTED_PAST);
    const out = await executeCommand(month.deps, month.actor(month.staff.access), {
      name: "report",
      from: { kind: "iso", date: PAST_PERIOD.from },
      to: { kind: "iso", date: PAST_PERIOD.to },
    });
    const view = out.reply as ReportView;
    expect(view.rows).toEqual(expectedRows(HAND_COUNTED_PAST, PAST_PERIOD, TODAY));
    expect(view.rows[1]).toEqual({ label: "Open cases, leads and reviews as of", value: "the end of Thu 19 Nov 2026" });
    const csv = parseCsv(view.file!.content);
    expect(csv.slice(1)).toEqual(view.rows.map((r) => [r.label, r.value]));
    // And over the month's cases only, as a digest scopes them.
    const scope = new Set(await Promise.all([...month.ledger.keys()].map(caseIdOf)));
    const figures = await db.uow.run(async (repos) => {
      const settings = await repos.settings.get();
      const ctx = new UseCaseContext(repos, null, "system", null, null, clock.now(), settings, calendarFor(settings), { next: () => randomUUID() });
      return complianceFigures(ctx, PAST_PERIOD, scope);
    });
    expect(figures).toMatchObject({
      asOf: PAST_PERIOD.to,
      asOfNow: false,
      openCases: HAND_COUNTED_PAST.openCases,
      withLead: HAND_COUNTED_PAST.withLead,
      withReviewDate: HAND_COUNTED_PAST.withReviewDate,
      overdueReviews: HAND_COUNTED_PAST.overdueReviews,
    });
  });
});

describe("audit <ref> on Postgres", () => {
  it("gives the access team a case's whole trail in time order, with names and handles, and no free text", async () => {
    const ref = month.c("T0").ref;
    const caseId = await caseIdOf(ref);
    const stored = await db.prisma.auditEvent.findMany({ where: { caseId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    const out = await executeCommand(month.deps, month.actor(month.staff.access), { name: "audit", ref });
    const view = out.reply as ReportView;
    expect(view.title).toBe(`Audit trail ${ref}`);
    expect(view.file?.filename).toBe(`audit-${ref}.csv`);
    const [header, ...rows] = parseCsv(view.file!.content);
    expect(header).toEqual([...AUDIT_CSV_HEADER]);
    expect(rows).toHaveLength(stored.length);
    expect(view.rows[0]).toEqual({ label: "Events", value: String(stored.length) });

    // Same events, same order, times in UTC and in London time.
    expect(rows.map((r) => [r[0], r[5], r[6]])).toEqual(stored.map((s) => [s.at.toISOString(), s.action, s.outcome]));
    const times = rows.map((r) => r[0]!);
    expect([...times].sort()).toEqual(times);
    expect(rows.find((r) => r[5] === "case.open")?.[1]).toBe("Mon 2 Nov 2026, 09:30:00");

    // Actors by name and handle, never the raw id; the schedule's own actions are leadbot's.
    const byId = new Map(month.staff.all.map((p) => [p.id, p]));
    rows.forEach((r, i) => {
      const actorId = stored[i]!.actorId;
      const p = actorId ? byId.get(actorId) : undefined;
      expect([r[2], r[3], r[4]]).toEqual(p ? [p.name, p.handle, "slack"] : ["leadbot", "", "system"]);
    });
    const text = view.file!.content;
    for (const p of month.staff.all) expect(text).not.toContain(p.id);
    // The objection, the escalation's reasons and the co-ordinator's decision were typed by people: not exported.
    for (const typed of ["OBJECTION-TEXT", "RESOLUTION-TEXT", "Knows the family", "did not decide", "prefers a colleague"]) expect(text).not.toContain(typed);
    // Details are ids and codes: key=value pairs of single tokens.
    for (const r of rows) if (r[7]) expect(r[7]).toMatch(/^[A-Za-z]+=[^\s;]+(?:; [A-Za-z]+=[^\s;]+)*$/);
    expect(rows.map((r) => r[5])).toEqual(expect.arrayContaining(["proposal.open", "vote.cast", "proposal.closed", "escalation.open", "escalation.climb", "escalation.resolved", "lead.appointed"]));
    expect(rows.find((r) => r[5] === "escalation.climb")?.[7]).toMatch(/^by=none; escalationId=[0-9a-f-]{36}; level=2$/);
    expect(rows.find((r) => r[5] === "lead.appointed")?.[7]).toBe(`kind=appointed-on-escalation; leadId=@${month.w[3]!.handle}; previousId=none`);

    // The export itself goes on the record, after the trail it exported.
    const after = await db.prisma.auditEvent.findMany({ where: { caseId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    expect(after).toHaveLength(stored.length + 1);
    expect(after.at(-1)).toMatchObject({ action: "audit.export", actorId: month.staff.access.id, outcome: "ok" });
  });

  it("leaves a closure's free-text reason out of the exported detail", async () => {
    const ref = month.c("C1").ref;
    const out = await executeCommand(month.deps, month.actor(month.staff.access), { name: "audit", ref });
    const rows = parseCsv((out.reply as ReportView).file!.content);
    const closed = rows.find((r) => r[5] === "case.closed");
    expect(closed?.[7]).toBe("reasonGiven=true");
    expect((out.reply as ReportView).file!.content).not.toContain("CLOSE-TEXT");
  });

  it("is refused to anyone outside the access team, and the refusal is audited against the case", async () => {
    const ref = month.c("T0").ref;
    for (const who of [month.staff.coordinator, month.m[0]!, month.w[5]!]) {
      const error = await executeCommand(month.deps, month.actor(who), { name: "audit", ref }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "access-team-only", userMessage: "Only the access team can export a case's audit trail." });
    }
    const refusals = await db.prisma.auditEvent.count({ where: { caseId: await caseIdOf(ref), action: "audit", outcome: "refused" } });
    expect(refusals).toBe(3);
  });
});
