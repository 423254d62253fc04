// Issue #8 on the in-memory store: a realistic month (test/support/oversight-month.ts) played
// through executeCommand and executeDeadline, then the compliance report, the weekly digest and
// the access team's caseload are checked figure by figure against the month's own ledger.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { executeCommand } from "../../../../src/application/execute-command.js";
import { executeWeeklyDigest } from "../../../../src/application/execute-weekly-digest.js";
import type { Notification } from "../../../../src/domain/ports.js";
import type { CaseloadView, ReportView } from "../../../../src/domain/views.js";
import { emptyState, MemoryUnitOfWork } from "../../../support/in-memory-store.js";
import {
  DIGEST_AT,
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
  type CaseLedger,
} from "../../../support/oversight-month.js";

const TODAY = "2026-11-30";
let month: Month;
let clock: MonthClock;
let uow: MemoryUnitOfWork;

beforeAll(async () => {
  clock = new MonthClock(local("2026-10-12", "08:00"));
  uow = new MemoryUnitOfWork(emptyState({ accessTeamChannels: { slack: "C-ACCESS" } }));
  month = new Month({ uow, clock, ids: { next: () => randomUUID() } }, makeStaff(), uow.state.settings);
  await month.register();
  month.script();
  await month.play(new Date(DIGEST_AT));
  await month.checkAgainstStore();
}, 120_000);

const csvLines = (content: string) => content.split("\r\n").filter((l) => l.length > 0);

describe("the month's ledger", () => {
  it("counts what the script says, read by hand", () => {
    expect(month.ledger.size).toBe(34);
    expect(expectedFigures(month.ledger.values(), PERIOD, TODAY)).toEqual(HAND_COUNTED);
  });
});

describe("report [from <date>] [to <date>]", () => {
  it("shows the access team every figure of the period, as a card and as a CSV file", async () => {
    clock.set(new Date(REPORT_AT));
    const out = await executeCommand(month.deps, month.actor(month.staff.access), {
      name: "report",
      from: { kind: "iso", date: PERIOD.from },
      to: { kind: "iso", date: PERIOD.to },
    });
    const view = out.reply as ReportView;
    expect(view.type).toBe("report");
    expect(view.title).toBe("Compliance report Mon 2 Nov 2026 to Fri 27 Nov 2026");
    const expected = expectedRows(expectedFigures(month.ledger.values(), PERIOD, TODAY), PERIOD, TODAY);
    expect(view.rows).toEqual(expected);
    // Spot checks in plain numbers, so a formatting slip cannot hide a wrong figure.
    expect(view.rows.find((r) => r.label === "Open cases with a lead professional")?.value).toBe("27 (87.1%)");
    expect(view.rows.find((r) => r.label === "Handovers completed on time")?.value).toBe("1 (50%)");

    expect(view.file?.filename).toBe("leadbot-report-2026-11-02-to-2026-11-27.csv");
    const lines = csvLines(view.file!.content);
    expect(lines[0]).toBe("Figure,Value");
    expect(lines.slice(1)).toEqual(expected.map((r) => [r.label, r.value].map((v) => (/[,"]/.test(v) ? `"${v}"` : v)).join(",")));
    // Reading the report is on the record; nothing else changed.
    const audited = uow.state.audit.filter((e) => e.action === "report.run");
    expect(audited.at(-1)).toMatchObject({ actorId: month.staff.access.id, outcome: "ok", detail: { from: PERIOD.from, to: PERIOD.to } });
    expect(out.notifications).toEqual([]);
  });

  it("gives a past period's open cases, leads and reviews as they stood at the end of its last day, from the history", async () => {
    expect(expectedFigures(month.ledger.values(), PAST_PERIOD, TODAY)).toEqual(HAND_COUNTED_PAST);
    clock.set(new Date(REPORT_AT));
    const out = await executeCommand(month.deps, month.actor(month.staff.access), {
      name: "report",
      from: { kind: "iso", date: PAST_PERIOD.from },
      to: { kind: "iso", date: PAST_PERIOD.to },
    });
    const view = out.reply as ReportView;
    const expected = expectedRows(HAND_COUNTED_PAST, PAST_PERIOD, TODAY);
    expect(view.rows).toEqual(expected);
    expect(view.rows[1]).toEqual({ label: "Open cases, leads and reviews as of", value: "the end of Thu 19 Nov 2026" });
    // Not today's figures (31 open, 27 led, 16 with a review date, 4 overdue).
    expect(view.rows.slice(2, 6)).toEqual([
      { label: "Open cases", value: "28" },
      { label: "Open cases with a lead professional", value: "26 (92.9%)" },
      { label: "Open cases with a review date", value: "14 (50%)" },
      { label: "Overdue reviews", value: "1" },
    ]);
    const lines = csvLines(view.file!.content);
    expect(lines.slice(1)).toEqual(expected.map((r) => [r.label, r.value].map((v) => (/[,"]/.test(v) ? `"${v}"` : v)).join(",")));
  });

  it("covers the last four weeks to today by default; the co-ordinator may run it too", async () => {
    clock.set(new Date(REPORT_AT));
    const out = await executeCommand(month.deps, month.actor(month.staff.coordinator), { name: "report" });
    const view = out.reply as ReportView;
    const period = { from: "2026-11-02", to: TODAY };
    expect(view.rows[0]).toEqual({ label: "Period", value: "Mon 2 Nov 2026 to Mon 30 Nov 2026" });
    expect(view.rows).toEqual(expectedRows(expectedFigures(month.ledger.values(), period, TODAY), period, TODAY));
  });

  it("is refused, with a friendly message, to line managers and practitioners, and the refusal is audited", async () => {
    for (const who of [month.m[0]!, month.w[0]!, month.staff.executive]) {
      const error = await executeCommand(month.deps, month.actor(who), { name: "report" }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "not-access-team", userMessage: expect.stringMatching(/^Only the access team and the early help co-ordinator/) });
    }
    const refusals = uow.state.audit.filter((e) => e.action === "report" && e.outcome === "refused");
    expect(refusals).toHaveLength(3);
  });

  it("refuses a period that ends before it starts", async () => {
    const error = await executeCommand(month.deps, month.actor(month.staff.access), {
      name: "report",
      from: { kind: "iso", date: "2026-11-27" },
      to: { kind: "iso", date: "2026-11-02" },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "bad-period" });
  });
});

describe("the Monday digest", () => {
  const digestPeriod = { from: "2026-11-23", to: "2026-11-29" };
  let notifications: Notification[];
  let outboxKeys: string[];

  beforeAll(async () => {
    clock.set(new Date(DIGEST_AT));
    const out = await executeWeeklyDigest(month.deps, new Date(DIGEST_AT));
    notifications = out.notifications;
    outboxKeys = out.outboxKeys;
  });

  const digestFor = (practitionerId: string) =>
    notifications.find((n) => n.to.kind === "practitioner" && n.to.practitionerId === practitionerId)?.view as ReportView | undefined;
  const section = (view: ReportView, heading: string) => {
    const start = view.rows.findIndex((r) => r.label === heading);
    expect(start, heading).toBeGreaterThanOrEqual(0);
    const count = Number(view.rows[start]!.value);
    return { count, items: view.rows.slice(start + 1, start + 1 + count) };
  };
  const overdueRefs = (include: (c: CaseLedger) => boolean) =>
    [...month.ledger.values()].filter((c) => c.open && c.reviewDate !== null && c.reviewDate < TODAY && include(c)).map((c) => c.ref).sort();

  it("goes to each line manager, the executive who has a decision waiting, and the access team channel: nobody else", () => {
    const people = notifications.filter((n) => n.to.kind === "practitioner").map((n) => (n.to as { practitionerId: string }).practitionerId);
    expect(people.sort()).toEqual([...month.m.map((m) => m.id), month.staff.executive.id].sort());
    expect(notifications.filter((n) => n.to.kind === "access-team")).toHaveLength(1);
    expect(notifications.every((n) => n.view.type === "report" && n.view.file === null)).toBe(true);
    // Already a digest: never parked to be merged with other access-team messages.
    expect(outboxKeys).toHaveLength(notifications.length);
    expect(outboxKeys.every((k) => k.startsWith(`digest-weekly-${new Date(DIGEST_AT).getTime()}-`))).toBe(true);
  });

  it("gives each manager the week's figures for the cases their reports lead or are on the TAF of", () => {
    for (const manager of month.m) {
      const reports = new Set(month.w.filter((w) => w.managerId === manager.id).map((w) => w.id));
      const mine = (c: CaseLedger) => (c.leadId !== null && reports.has(c.leadId)) || c.taf.some((id) => reports.has(id));
      const view = digestFor(manager.id)!;
      expect(view.title).toBe(`Weekly digest for ${manager.name}: Mon 23 Nov 2026 to Sun 29 Nov 2026`);
      const figures = expectedFigures(month.ledger.values(), digestPeriod, TODAY, mine);
      expect(view.rows.slice(0, 18)).toEqual(expectedRows(figures, digestPeriod, TODAY));
      // What is overdue among their reports' cases, and their reports' missed handovers.
      const ledBy = (c: CaseLedger) => c.leadId !== null && reports.has(c.leadId);
      expect(section(view, "Reviews overdue now").items.map((r) => r.label).sort()).toEqual(overdueRefs(ledBy));
      const missed = [...month.ledger.values()].filter((c) => c.handovers.some((h) => h.completedAt === null && reports.has(h.outgoingId)));
      expect(section(view, "Handovers past their deadline").items.map((r) => r.label)).toEqual(missed.map((c) => c.ref));
      // Every level-1 escalation was settled or has climbed: nothing waits for a line manager.
      expect(section(view, "Waiting for your decision").count).toBe(0);
    }
    // By hand: Meg's reports lead K1, S0 and S9; Max's lead S4 and Max's Ben Nurse left H3 mid-handover.
    const [mo, meg, max] = month.m as [typeof month.m[0], typeof month.m[0], typeof month.m[0]];
    expect(section(digestFor(mo.id)!, "Reviews overdue now").count).toBe(0);
    expect(section(digestFor(meg.id)!, "Reviews overdue now").items.map((r) => r.label)).toEqual([month.c("K1").ref, month.c("S0").ref, month.c("S9").ref]);
    expect(section(digestFor(max.id)!, "Reviews overdue now").items.map((r) => r.label)).toEqual([month.c("S4").ref]);
    expect(section(digestFor(max.id)!, "Handovers past their deadline").items).toEqual([
      { label: month.c("H3").ref, value: "handover from Ben Nurse was due Mon 23 Nov 2026, 11:00" },
    ]);
  });

  it("tells the executive group what waits for its decision", () => {
    const view = digestFor(month.staff.executive.id)!;
    expect(section(view, "Waiting for your decision").items).toEqual([
      { label: month.c("X").ref, value: "escalation level 3 (executive group), the final level" },
    ]);
    expect(view.rows.find((r) => r.label === "Open cases")?.value).toBe("0");
  });

  it("gives the access team the whole partnership's week, every open escalation and everything overdue", () => {
    const view = notifications.find((n) => n.to.kind === "access-team")!.view as ReportView;
    expect(view.title).toBe("Weekly digest: Mon 23 Nov 2026 to Sun 29 Nov 2026");
    expect(view.rows.slice(0, 18)).toEqual(expectedRows(expectedFigures(month.ledger.values(), digestPeriod, TODAY), digestPeriod, TODAY));
    expect(section(view, "Escalations waiting for a decision").items.map((r) => r.label)).toEqual([month.c("X").ref]);
    expect(section(view, "Reviews overdue now").items.map((r) => r.label).sort()).toEqual(overdueRefs(() => true));
    expect(section(view, "Handovers past their deadline").items.map((r) => r.label)).toEqual([month.c("H3").ref]);
  });

  it("is on the record once per run", () => {
    const runs = uow.state.audit.filter((e) => e.action === "digest.weekly");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ platform: "system", actorId: null, detail: { run: `weekly-digest-${new Date(DIGEST_AT).getTime()}`, managers: 4 } });
  });
});

describe("caseload", () => {
  it("shows the access team, without @who, everyone who leads an open case against capacity", async () => {
    clock.set(new Date(REPORT_AT));
    const out = await executeCommand(month.deps, month.actor(month.staff.access), { name: "caseload" });
    const view = out.reply as CaseloadView;
    const leading = new Map<string, CaseLedger[]>();
    for (const c of month.ledger.values()) if (c.open && c.leadId) leading.set(c.leadId, [...(leading.get(c.leadId) ?? []), c]);
    const people = month.staff.all.filter((p) => leading.has(p.id)).sort((a, b) => a.name.localeCompare(b.name));
    expect(view.rows.map((r) => r.practitioner.name)).toEqual(people.map((p) => p.name));
    for (const row of view.rows) {
      const led = leading.get(row.practitioner.id)!;
      const p = people.find((x) => x.id === row.practitioner.id)!;
      expect(row).toMatchObject({
        leadCases: led.length,
        capacity: p.lpCapacity,
        overCapacity: led.length > p.lpCapacity,
        overdueReviews: led.filter((c) => c.reviewDate !== null && c.reviewDate < TODAY).length,
        handoversInFlight: [...month.ledger.values()].filter((c) => c.handovers.some((h) => h.completedAt === null && h.outgoingId === p.id)).length,
      });
    }
    // Vic Visits can lead one case and leads two: highlighted.
    expect(view.rows.filter((r) => r.overCapacity).map((r) => r.practitioner.name)).toEqual(["Vic Visits"]);
    expect(view.rows.find((r) => r.practitioner.name === "Ben Nurse")?.handoversInFlight).toBe(1);
  });

  it("still shows a manager their own reports, and the access team one person with @who", async () => {
    const mo = month.m[0]!;
    const out = await executeCommand(month.deps, month.actor(mo), { name: "caseload" });
    const rows = (out.reply as CaseloadView).rows.map((r) => r.practitioner.id);
    expect(rows[0]).toBe(mo.id);
    expect(rows.slice(1).sort()).toEqual(month.w.filter((w) => w.managerId === mo.id).map((p) => p.id).sort());
    const one = await executeCommand(month.deps, month.actor(month.staff.access), { name: "caseload", person: { by: "handle", handle: month.w[11]!.handle } });
    expect((one.reply as CaseloadView).rows).toHaveLength(1);
  });
});
