// The partnership's compliance figures [002 §10–11; DOMAIN §3.4]: computed from plain records so
// the same function serves the chat report, the CSV and the weekly digest.
import { workingDaysPastDue } from "../plan/plan-progress.js";
import { formatDay } from "../presenters/format-time.js";
import type { WorkingCalendar } from "../rules/working-calendar.js";
import type { AuditEvent, Case, Escalation, Handover, PlanAction, Proposal, ReviewDateChange } from "../types.js";

/**
 * The review-date change an audit event records, if it records one. The audit trail is the one
 * history of review dates: the case row keeps only the current one, the reviews table only those
 * moved on by a held review, and the trail is append-only and survives anonymisation.
 */
export function reviewDateChangeOf(event: Pick<AuditEvent, "at" | "action" | "caseId" | "outcome" | "detail">): ReviewDateChange | null {
  if (event.caseId === null || event.outcome !== "ok") return null;
  const date = event.action === "review.set" ? event.detail.reviewDate : event.action === "review.done" ? event.detail.next : undefined;
  return typeof date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(date) ? { caseId: event.caseId, at: event.at, reviewDate: date } : null;
}

/**
 * The moment the point-in-time figures describe. `at` is the end of the local day `day` (the
 * start of the next); figures are then rebuilt from the records' history. Without a snapshot
 * they are the cases as they stand now, with `today` as the day.
 */
export interface Snapshot {
  at: Date;
  day: string;
}

export interface ReportInput {
  /** Inclusive local calendar dates of the reporting period. */
  from: string;
  to: string;
  today: string;
  /** Past periods: the end of their last day. Absent: as of now. */
  snapshot?: Snapshot | null;
  cases: readonly Case[];
  proposals: readonly Proposal[];
  escalations: readonly Escalation[];
  handovers: readonly Handover[];
  /** Review-date history of those cases (any order); needed only with a snapshot. */
  reviewDates?: readonly ReviewDateChange[];
  /** Those cases' plan actions, and the agencies of the practitioners who own them. */
  planActions?: readonly PlanAction[];
  planOwners?: readonly { id: string; agency: string }[];
}

/** The agency the family's actions are counted under. */
export const FAMILY_AGENCY = "The family";

export interface ComplianceReport {
  from: string;
  to: string;
  /** The local day the point-in-time figures below describe: the period's last day, or today. */
  asOf: string;
  /** Whether that is now (the period reaches today) rather than the end of a past day. */
  asOfNow: boolean;
  /** Point in time (`asOf`). */
  openCases: number;
  withLead: number;
  withReviewDate: number;
  overdueReviews: number;
  /** In the period. */
  leadsAgreed: number;
  medianWorkingDaysToLead: number | null;
  disagreements: number;
  escalationsByLevel: { 1: number; 2: number; 3: number };
  handoversCompleted: number;
  handoversOnTime: number;
  closures: number;
  /** Plan actions [DOMAIN §11]: agreed (added) in the period; due in it (not dropped), and of those done by their due date. */
  actionsAgreed: number;
  actionsDue: number;
  actionsDoneOnTime: number;
  /** Point in time (`asOf`): open actions past their due date, by the owner's agency, most first. */
  overdueActionsByAgency: [string, number][];
}

export function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What each case looked like at a moment: open, led, and its review date then. */
interface CaseAt {
  open: boolean;
  led: boolean;
  reviewDate: string | null;
}

export function computeComplianceReport(input: ReportInput, calendar: WorkingCalendar): ComplianceReport {
  const day = (at: Date) => calendar.localDate(at);
  const inPeriod = (at: Date | null) => at !== null && day(at) >= input.from && day(at) <= input.to;

  const byCase = <T extends { caseId: string }>(items: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const item of items) map.set(item.caseId, [...(map.get(item.caseId) ?? []), item]);
    return map;
  };
  const proposalsByCase = byCase(input.proposals.filter((p) => p.kind === "appoint"));
  const escalationsByCase = byCase(input.escalations);
  /** Every moment a lead was appointed: an agreed appointment vote, or an appointment on escalation. */
  const appointments = (caseId: string): number[] => [
    ...(proposalsByCase.get(caseId) ?? []).filter((p) => p.state === "agreed" && p.closedAt).map((p) => p.closedAt!.getTime()),
    ...(escalationsByCase.get(caseId) ?? []).filter((e) => e.resolution?.kind === "appoint" && e.resolvedAt).map((e) => e.resolvedAt!.getTime()),
  ];

  const snapshot = input.snapshot ?? null;
  const asOf = snapshot?.day ?? input.today;
  let states: CaseAt[];
  if (snapshot === null) {
    states = input.cases.map((c) => ({ open: c.open, led: c.leadId !== null, reviewDate: c.reviewDate }));
  } else {
    // Cases are never reopened and a lead is only ever replaced, never removed, so a case was
    // open at `at` if it had opened and not yet closed, and led if any appointment (or the
    // current lead's, for records made without one) came before. Its review date is the last
    // one set before `at`.
    const end = snapshot.at.getTime();
    const changes = byCase(input.reviewDates ?? []);
    states = input.cases.map((c) => {
      const history = changes.get(c.id) ?? [];
      const before = history.filter((r) => r.at.getTime() < end).sort((a, b) => a.at.getTime() - b.at.getTime());
      return {
        open: c.openedAt.getTime() < end && (c.closedAt === null || c.closedAt.getTime() >= end),
        led: (c.leadSince !== null && c.leadId !== null && c.leadSince.getTime() < end) || appointments(c.id).some((t) => t < end),
        // A review date with no recorded history (a record made outside leadbot's commands) is
        // taken as it stands: the one figure that cannot be rebuilt, and said so in the README.
        reviewDate: history.length === 0 ? c.reviewDate : (before.at(-1)?.reviewDate ?? null),
      };
    });
  }
  const open = states.filter((c) => c.open);

  // Time to a first lead: from the case's first proposal to the first agreement or appointment.
  const daysToLead: number[] = [];
  for (const c of input.cases) {
    const proposals = proposalsByCase.get(c.id) ?? [];
    if (proposals.length === 0) continue;
    const firstProposal = Math.min(...proposals.map((p) => p.createdAt.getTime()));
    const leadMoments = appointments(c.id);
    if (leadMoments.length === 0) continue;
    const firstLead = new Date(Math.min(...leadMoments));
    if (!inPeriod(firstLead)) continue;
    daysToLead.push(Math.max(0, calendar.workingDaysBetween(day(new Date(firstProposal)), day(firstLead))));
  }

  const escalated = input.escalations.filter((e) => inPeriod(e.createdAt));
  const completed = input.handovers.filter((h) => h.state === "completed" && inPeriod(h.completedAt));
  return {
    from: input.from,
    to: input.to,
    asOf,
    asOfNow: snapshot === null,
    openCases: open.length,
    withLead: open.filter((c) => c.led).length,
    withReviewDate: open.filter((c) => c.reviewDate !== null).length,
    // Overdue on a day: the date has passed and no review moved it on (a review due that day is not yet overdue).
    overdueReviews: open.filter((c) => c.reviewDate !== null && c.reviewDate < asOf).length,
    leadsAgreed: daysToLead.length,
    medianWorkingDaysToLead: median(daysToLead),
    disagreements: input.proposals.filter((p) => p.kind === "appoint" && p.state === "disagreed" && inPeriod(p.closedAt)).length,
    escalationsByLevel: {
      1: escalated.filter((e) => e.level === 1).length,
      2: escalated.filter((e) => e.level === 2).length,
      3: escalated.filter((e) => e.level === 3).length,
    },
    handoversCompleted: completed.length,
    handoversOnTime: completed.filter((h) => h.completedAt!.getTime() <= h.deadline.getTime()).length,
    closures: input.cases.filter((c) => !c.open && inPeriod(c.closedAt)).length,
    ...planFigures(input, calendar, asOf, snapshot),
  };
}

function planFigures(input: ReportInput, calendar: WorkingCalendar, asOf: string, snapshot: Snapshot | null): Pick<ComplianceReport, "actionsAgreed" | "actionsDue" | "actionsDoneOnTime" | "overdueActionsByAgency"> {
  const day = (at: Date) => calendar.localDate(at);
  const actions = input.planActions ?? [];
  const agencies = new Map((input.planOwners ?? []).map((o) => [o.id, o.agency]));
  const due = actions.filter((a) => a.status !== "dropped" && a.dueDate >= input.from && a.dueDate <= input.to);
  // As of the end of `asOf`: added by then and not yet done or dropped then. (A moved action is
  // counted against the due date it has now: moves are not rebuilt.)
  const end = snapshot?.at.getTime() ?? Number.POSITIVE_INFINITY;
  const openThen = actions.filter((a) => a.addedAt.getTime() < end && (a.status === "open" || (a.closedAt !== null && a.closedAt.getTime() >= end)));
  const overdue = openThen.filter((a) => workingDaysPastDue(a.dueDate, asOf, calendar) > 0);
  const byAgency = new Map<string, number>();
  for (const a of overdue) {
    const agency = a.owner.kind === "family" ? FAMILY_AGENCY : (agencies.get(a.owner.practitionerId) ?? "Unknown agency");
    byAgency.set(agency, (byAgency.get(agency) ?? 0) + 1);
  }
  return {
    actionsAgreed: actions.filter((a) => inPeriodDay(day(a.addedAt), input)).length,
    actionsDue: due.length,
    actionsDoneOnTime: due.filter((a) => a.status === "done" && a.closedAt !== null && day(a.closedAt) <= a.dueDate).length,
    overdueActionsByAgency: [...byAgency].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
  };
}

const inPeriodDay = (d: string, p: { from: string; to: string }) => d >= p.from && d <= p.to;

/** One row per figure, for the CSV and for cards. */
export function reportRows(r: ComplianceReport): [string, string][] {
  const pct = (part: number, whole: number) => {
    const p = percent(part, whole);
    return p === null ? "n/a" : `${p}%`;
  };
  return [
    ["Period", `${formatDay(r.from)} to ${formatDay(r.to)}`],
    // The four rows after this one describe a moment, not the period: say which.
    ["Open cases, leads and reviews as of", r.asOfNow ? `${formatDay(r.asOf)} (today)` : `the end of ${formatDay(r.asOf)}`],
    ["Open cases", String(r.openCases)],
    ["Open cases with a lead professional", `${r.withLead} (${pct(r.withLead, r.openCases)})`],
    ["Open cases with a review date", `${r.withReviewDate} (${pct(r.withReviewDate, r.openCases)})`],
    ["Overdue reviews", String(r.overdueReviews)],
    ["First leads agreed in period", String(r.leadsAgreed)],
    ["Median working days from first proposal to lead", r.medianWorkingDaysToLead === null ? "n/a" : String(r.medianWorkingDaysToLead)],
    ["Disagreements", String(r.disagreements)],
    ["Escalations settled or held at line managers", String(r.escalationsByLevel[1])],
    ["Escalations reaching the co-ordinator", String(r.escalationsByLevel[2])],
    ["Escalations reaching the executive group", String(r.escalationsByLevel[3])],
    ["Handovers completed", String(r.handoversCompleted)],
    ["Handovers completed on time", `${r.handoversOnTime} (${pct(r.handoversOnTime, r.handoversCompleted)})`],
    ["Closures", String(r.closures)],
    ["Plan actions agreed in period", String(r.actionsAgreed)],
    ["Plan actions due in period done on time", `${r.actionsDoneOnTime} of ${r.actionsDue} (${pct(r.actionsDoneOnTime, r.actionsDue)})`],
    ["Plan actions overdue", String(r.overdueActionsByAgency.reduce((sum, [, n]) => sum + n, 0))],
    ...r.overdueActionsByAgency.map(([agency, n]): [string, string] => [`Plan actions overdue: ${agency}`, String(n)]),
  ];
}
