// `report [from <date>] [to <date>]`: the partnership's compliance figures for a period, as a card
// and as a CSV file [issue #8; DOMAIN §10]. The figures themselves are computed by
// compliance-report.ts from plain records, so the weekly digest shares them.
import { DateTime } from "luxon";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { OversightData, Outcome } from "../ports.js";
import { toCsv } from "../presenters/csv.js";
import type { ReportView } from "../views.js";
import { computeComplianceReport, reportRows, type ComplianceReport } from "./compliance-report.js";

type Report = Extract<Command, { name: "report" }>;

/** Without dates, a report covers the four weeks up to today. */
export const DEFAULT_REPORT_WEEKS = 4;

/** Inclusive local calendar dates. */
export interface Period {
  from: string;
  to: string;
}

export async function report(ctx: UseCaseContext, cmd: Report): Promise<Outcome> {
  const actor = requireActor(ctx);
  if (!actor.duties.accessTeam && !actor.duties.coordinator) {
    throw new DomainError(
      "not-access-team",
      "Only the access team and the early help co-ordinator can run the compliance report. Line managers get their reports' figures in the Monday digest; `caseload` shows who leads what.",
    );
  }
  const period = reportPeriod(ctx, cmd);
  const figures = await complianceFigures(ctx, period);
  await ctx.audit("report.run", null, { from: period.from, to: period.to });
  const rows = reportRows(figures);
  const view: ReportView = {
    type: "report",
    title: `Compliance report ${ctx.day(period.from)} to ${ctx.day(period.to)}`,
    caseRef: null,
    rows: rows.map(([label, value]) => ({ label, value })),
    file: { filename: `leadbot-report-${period.from}-to-${period.to}.csv`, content: toCsv([["Figure", "Value"], ...rows]) },
  };
  return ctx.outcome(view);
}

export function reportPeriod(ctx: UseCaseContext, cmd: Pick<Report, "from" | "to">): Period {
  const to = cmd.to ? ctx.resolveDate(cmd.to) : ctx.today;
  const from = cmd.from ? ctx.resolveDate(cmd.from) : shiftDate(to, { weeks: -DEFAULT_REPORT_WEEKS });
  if (from > to) {
    throw new DomainError("bad-period", `The period starts on ${ctx.day(from)}, after it ends on ${ctx.day(to)}. Put the earlier date after \`from\`.`);
  }
  return { from, to };
}

/**
 * The figures for a period, over every case or only the cases in `scope` (a manager's digest).
 * Point-in-time figures (open cases, with a lead, with a review date, overdue reviews) are as of
 * the end of the period's last day, rebuilt from the records' history; as of now when the
 * period reaches today.
 */
export async function complianceFigures(ctx: UseCaseContext, period: Period, scope?: ReadonlySet<string>): Promise<ComplianceReport> {
  const data = await ctx.repos.oversight.reportData(startOfLocalDay(period.from, ctx.settings.timeZone));
  return figuresFrom(ctx, period, scope ? restrictTo(data, scope) : data);
}

export function figuresFrom(ctx: UseCaseContext, period: Period, data: OversightData): ComplianceReport {
  const snapshot = period.to >= ctx.today ? null : { day: period.to, at: startOfLocalDay(shiftDate(period.to, { days: 1 }), ctx.settings.timeZone) };
  return computeComplianceReport({ ...period, today: ctx.today, snapshot, ...data }, ctx.calendar);
}

/** Only the records of the cases in `caseIds`. */
export function restrictTo(data: OversightData, caseIds: ReadonlySet<string>): OversightData {
  const mine = <T extends { caseId: string }>(items: readonly T[]) => items.filter((item) => caseIds.has(item.caseId));
  return {
    cases: data.cases.filter((c) => caseIds.has(c.id)),
    proposals: mine(data.proposals),
    escalations: mine(data.escalations),
    handovers: mine(data.handovers),
    taf: mine(data.taf),
    reviewDates: mine(data.reviewDates),
    planActions: mine(data.planActions),
    planOwners: data.planOwners,
  };
}

/** Midnight at the start of a local calendar date, as an instant. */
export function startOfLocalDay(isoDate: string, timeZone: string): Date {
  return DateTime.fromISO(isoDate, { zone: timeZone }).startOf("day").toJSDate();
}

/** A calendar date moved by whole days or weeks (no time zone involved). */
export function shiftDate(isoDate: string, by: { days?: number; weeks?: number }): string {
  return DateTime.fromISO(isoDate, { zone: "UTC" }).plus(by).toISODate() ?? isoDate;
}
