// The partnership's compliance figures [002 §10–11; DOMAIN §3.4]: computed from plain records so
// the same function serves the chat report, the CSV and the weekly digest.
import type { WorkingCalendar } from "../rules/working-calendar.js";
import type { Case, Escalation, Handover, Proposal } from "../types.js";

export interface ReportInput {
  /** Inclusive local calendar dates of the reporting period. */
  from: string;
  to: string;
  today: string;
  cases: readonly Case[];
  proposals: readonly Proposal[];
  escalations: readonly Escalation[];
  handovers: readonly Handover[];
}

export interface ComplianceReport {
  from: string;
  to: string;
  /** Snapshot today. */
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

export function computeComplianceReport(input: ReportInput, calendar: WorkingCalendar): ComplianceReport {
  const day = (at: Date) => calendar.localDate(at);
  const inPeriod = (at: Date | null) => at !== null && day(at) >= input.from && day(at) <= input.to;
  const open = input.cases.filter((c) => c.open);

  const byCase = <T extends { caseId: string }>(items: readonly T[]) => {
    const map = new Map<string, T[]>();
    for (const item of items) map.set(item.caseId, [...(map.get(item.caseId) ?? []), item]);
    return map;
  };
  const proposalsByCase = byCase(input.proposals.filter((p) => p.kind === "appoint"));
  const escalationsByCase = byCase(input.escalations);

  // Time to a first lead: from the case's first proposal to the first agreement or appointment.
  const daysToLead: number[] = [];
  for (const c of input.cases) {
    const proposals = proposalsByCase.get(c.id) ?? [];
    if (proposals.length === 0) continue;
    const firstProposal = Math.min(...proposals.map((p) => p.createdAt.getTime()));
    const leadMoments = [
      ...proposals.filter((p) => p.state === "agreed" && p.closedAt).map((p) => p.closedAt!.getTime()),
      ...(escalationsByCase.get(c.id) ?? [])
        .filter((e) => e.resolution?.kind === "appoint" && e.resolvedAt)
        .map((e) => e.resolvedAt!.getTime()),
    ];
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
    openCases: open.length,
    withLead: open.filter((c) => c.leadId !== null).length,
    withReviewDate: open.filter((c) => c.reviewDate !== null).length,
    overdueReviews: open.filter((c) => c.reviewDate !== null && c.reviewDate < input.today).length,
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
  };
}

/** One row per figure, for the CSV and for cards. */
export function reportRows(r: ComplianceReport): [string, string][] {
  const pct = (part: number, whole: number) => {
    const p = percent(part, whole);
    return p === null ? "n/a" : `${p}%`;
  };
  return [
    ["Period", `${r.from} to ${r.to}`],
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
  ];
}
