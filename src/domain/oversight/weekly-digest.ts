// The Monday digest [issue #8]: one message to each line manager and one to the access team
// channel, each with the compliance figures of the week just gone for its scope, what waits for
// the reader's decision, and what is overdue. A manager's scope is the cases their reports lead
// or are on the TAF of; the access team's is every case.
import type { UseCaseContext } from "../context.js";
import { LEVEL_NAMES } from "../escalation/escalation-ladder.js";
import type { OversightData } from "../ports.js";
import { workingDays } from "../presenters/format-time.js";
import { workingDaysOverdue } from "../plan/plan-progress.js";
import type { Case, Escalation, Handover, PlanAction, Practitioner } from "../types.js";
import type { ReportView } from "../views.js";
import { reportRows } from "./compliance-report.js";
import { figuresFrom, restrictTo, shiftDate, startOfLocalDay, type Period } from "./report.js";

/** Listed items per section; the rest are counted, so a digest stays one readable message. */
export const MAX_DIGEST_ITEMS = 25;

type Row = ReportView["rows"][number];

/** Builds the digests as notifications on `ctx`; returns how many managers get one. */
export async function weeklyDigest(ctx: UseCaseContext, runKey: string): Promise<{ managers: number }> {
  const period = digestPeriod(ctx.today);
  const [data, everyone] = await Promise.all([
    ctx.repos.oversight.reportData(startOfLocalDay(period.from, ctx.settings.timeZone)),
    ctx.repos.oversight.practitioners(),
  ]);
  const refs = new Map(data.cases.map((c) => [c.id, c.reference]));
  const reportsByManager = new Map<string, Practitioner[]>();
  for (const p of everyone) {
    if (p.managerId) reportsByManager.set(p.managerId, [...(reportsByManager.get(p.managerId) ?? []), p]);
  }

  let managers = 0;
  for (const manager of everyone) {
    const reports = reportsByManager.get(manager.id) ?? [];
    const waiting = data.escalations.filter((e) => e.state === "open" && e.deciderIds.includes(manager.id));
    if (reports.length === 0 && waiting.length === 0) continue;
    const reportIds = new Set(reports.map((r) => r.id));
    const scope = scopeOf(data, reportIds);
    const mine = restrictTo(data, scope);
    const rows = [
      ...figureRows(ctx, period, mine),
      ...decisionRows(ctx, waiting, refs, "Waiting for your decision"),
      ...overdueRows(ctx, mine.cases.filter((c) => c.leadId !== null && reportIds.has(c.leadId)), data.handovers.filter((h) => reportIds.has(h.outgoingLeadId)), refs, everyone),
      // Their reports' own actions: a stuck action is the owner's manager's to take up [DOMAIN §11].
      ...overdueActionRows(ctx, data, (a) => a.owner.kind === "practitioner" && reportIds.has(a.owner.practitionerId), refs, everyone, "Your reports' plan actions overdue now"),
    ];
    ctx.notify({ kind: "practitioner", practitionerId: manager.id }, {
      type: "report",
      title: `Weekly digest for ${manager.name}: ${ctx.day(period.from)} to ${ctx.day(period.to)}`,
      caseRef: null,
      rows,
      file: null,
    });
    managers++;
  }

  const openEscalations = data.escalations.filter((e) => e.state === "open");
  ctx.notify({ kind: "access-team" }, {
    type: "report",
    title: `Weekly digest: ${ctx.day(period.from)} to ${ctx.day(period.to)}`,
    caseRef: null,
    rows: [
      ...figureRows(ctx, period, data),
      ...decisionRows(ctx, openEscalations, refs, "Escalations waiting for a decision"),
      ...overdueRows(ctx, data.cases, data.handovers, refs, everyone),
      ...overdueActionRows(ctx, data, () => true, refs, everyone, "Plan actions overdue now"),
    ],
    file: null,
  });
  await ctx.audit("digest.weekly", null, { run: runKey, managers, from: period.from, to: period.to });
  return { managers };
}

/** The seven days before the digest's day: Monday's digest covers Monday to Sunday just gone. */
export function digestPeriod(today: string): Period {
  return { from: shiftDate(today, { days: -7 }), to: shiftDate(today, { days: -1 }) };
}

/** Cases the reports lead, or are on the TAF of. */
function scopeOf(data: OversightData, reportIds: ReadonlySet<string>): Set<string> {
  const scope = new Set<string>();
  for (const c of data.cases) if (c.leadId !== null && reportIds.has(c.leadId)) scope.add(c.id);
  for (const m of data.taf) if (reportIds.has(m.practitionerId)) scope.add(m.caseId);
  return scope;
}

function figureRows(ctx: UseCaseContext, period: Period, data: OversightData): Row[] {
  return reportRows(figuresFrom(ctx, period, data)).map(([label, value]) => ({ label, value }));
}

function listed<T>(items: readonly T[], line: (item: T) => Row): Row[] {
  const rows = items.slice(0, MAX_DIGEST_ITEMS).map(line);
  if (items.length > MAX_DIGEST_ITEMS) rows.push({ label: "…", value: `and ${items.length - MAX_DIGEST_ITEMS} more` });
  return rows;
}

function decisionRows(ctx: UseCaseContext, escalations: readonly Escalation[], refs: ReadonlyMap<string, string>, heading: string): Row[] {
  const sorted = [...escalations].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return [
    { label: heading, value: String(sorted.length) },
    ...listed(sorted, (e) => ({
      label: refs.get(e.caseId) ?? "(case)",
      value: `escalation level ${e.level} (${LEVEL_NAMES[e.level]})${e.deadline ? `, decide by ${ctx.when(e.deadline)}` : ", the final level"}`,
    })),
  ];
}

/** Overdue reviews of the open cases given, and missed deadlines of the open handovers given. */
function overdueRows(
  ctx: UseCaseContext,
  cases: readonly Case[],
  handovers: readonly Handover[],
  refs: ReadonlyMap<string, string>,
  everyone: readonly Practitioner[],
): Row[] {
  const names = new Map(everyone.map((p) => [p.id, p.name]));
  const reviews = cases
    .filter((c) => c.open && c.reviewDate !== null && c.reviewDate < ctx.today)
    .sort((a, b) => (a.reviewDate ?? "").localeCompare(b.reviewDate ?? "") || a.reference.localeCompare(b.reference));
  const missed = handovers
    .filter((h) => h.state === "open" && h.deadline.getTime() < ctx.now.getTime())
    .sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
  return [
    { label: "Reviews overdue now", value: String(reviews.length) },
    ...listed(reviews, (c) => ({
      label: c.reference,
      value: `review was due ${ctx.day(c.reviewDate!)} (${workingDays(ctx.calendar.workingDaysBetween(c.reviewDate!, ctx.today))} overdue)${c.leadId ? `; lead professional ${names.get(c.leadId) ?? "unknown"}` : ""}`,
    })),
    { label: "Handovers past their deadline", value: String(missed.length) },
    ...listed(missed, (h) => ({
      label: refs.get(h.caseId) ?? "(case)",
      value: `handover from ${names.get(h.outgoingLeadId) ?? "unknown"} was due ${ctx.when(h.deadline)}`,
    })),
  ];
}

/** Open plan actions past their due date, longest overdue first; numbers and owners, never their text. */
function overdueActionRows(
  ctx: UseCaseContext,
  data: OversightData,
  include: (a: PlanAction) => boolean,
  refs: ReadonlyMap<string, string>,
  everyone: readonly Practitioner[],
  heading: string,
): Row[] {
  const names = new Map(everyone.map((p) => [p.id, p.name]));
  const open = new Set(data.cases.filter((c) => c.open).map((c) => c.id));
  const overdue = data.planActions
    .filter((a) => open.has(a.caseId) && include(a))
    .map((a) => ({ a, days: workingDaysOverdue(a, ctx.now, ctx.calendar) }))
    .filter((x) => x.days > 0)
    .sort((x, y) => y.days - x.days || (refs.get(x.a.caseId) ?? "").localeCompare(refs.get(y.a.caseId) ?? "") || x.a.n - y.a.n);
  return [
    { label: heading, value: String(overdue.length) },
    ...listed(overdue, ({ a, days }) => ({
      label: refs.get(a.caseId) ?? "(case)",
      value: `action ${a.n} (${a.owner.kind === "family" ? "the family" : (names.get(a.owner.practitionerId) ?? "unknown")}) was due ${ctx.day(a.dueDate)} (${workingDays(days)} overdue)`,
    })),
  ];
}
