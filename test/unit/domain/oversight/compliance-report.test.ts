import { describe, expect, it } from "vitest";
import { computeComplianceReport, median, percent, reportRows, reviewDateChangeOf } from "../../../../src/domain/oversight/compliance-report.js";
import { toCsv } from "../../../../src/domain/presenters/csv.js";
import { WorkingCalendar } from "../../../../src/domain/rules/working-calendar.js";
import type { Case, Escalation, Handover, Proposal } from "../../../../src/domain/types.js";

const calendar = new WorkingCalendar({ region: "england-and-wales", timeZone: "Europe/London", workingHours: { start: 9, end: 17 } });
const at = (iso: string) => new Date(iso);

const kase = (id: string, over: Partial<Case> = {}): Case => ({
  id,
  reference: `EH-2026-${id}`,
  statuses: ["early-help"],
  open: true,
  leadId: null,
  leadSince: null,
  noLeadSince: null,
  reviewDate: null,
  channels: {},
  openedAt: at("2026-10-01T10:00:00Z"),
  closedAt: null,
  ...over,
});
const proposal = (id: string, caseId: string, over: Partial<Proposal>): Proposal => ({
  id,
  caseId,
  kind: "appoint",
  nomineeId: "n",
  proposerId: "p",
  reason: "",
  familyView: { kind: "agrees" },
  notes: [],
  electorate: [],
  state: "agreed",
  deadline: at("2026-11-30T10:00:00Z"),
  createdAt: at("2026-11-02T10:00:00Z"),
  closedAt: at("2026-11-04T10:00:00Z"),
  outcomeReason: null,
  ...over,
});
const escalation = (id: string, caseId: string, over: Partial<Escalation>): Escalation => ({
  id,
  caseId,
  proposalId: null,
  reason: "",
  level: 1,
  state: "resolved",
  deciderIds: [],
  involvedIds: [],
  acknowledgedBy: [],
  deadline: null,
  openedById: null,
  resolution: null,
  resolvedById: null,
  resolvedAtLevel: null,
  createdAt: at("2026-11-10T10:00:00Z"),
  resolvedAt: null,
  ...over,
});
const handover = (id: string, over: Partial<Handover>): Handover => ({
  id,
  caseId: "A",
  outgoingLeadId: "x",
  trigger: "leaving",
  startedById: "x",
  deadline: at("2026-11-20T10:00:00Z"),
  state: "completed",
  successorId: "y",
  createdAt: at("2026-11-06T10:00:00Z"),
  completedAt: at("2026-11-18T10:00:00Z"),
  ...over,
});

describe("compliance report", () => {
  it("computes every figure for a small, hand-checked month", () => {
    const report = computeComplianceReport(
      {
        from: "2026-11-01",
        to: "2026-11-30",
        today: "2026-11-23",
        cases: [
          kase("A", { leadId: "n", reviewDate: "2026-12-10" }),
          kase("B", { leadId: "n", reviewDate: "2026-11-20" }),
          kase("C"),
          kase("D", { open: false, closedAt: at("2026-11-15T10:00:00Z"), leadId: "n" }),
          kase("E", { open: false, closedAt: at("2026-10-15T10:00:00Z") }),
        ],
        proposals: [
          // A: proposed Mon 2 Nov, agreed Wed 4 Nov: 2 working days.
          proposal("a1", "A", {}),
          // B: disagreed, then appointed on escalation Fri 13 Nov: 9 working days from Mon 2 Nov.
          proposal("b1", "B", { state: "disagreed", closedAt: at("2026-11-04T10:00:00Z") }),
          // D: agreed in October, outside the period.
          proposal("d1", "D", { createdAt: at("2026-10-05T10:00:00Z"), closedAt: at("2026-10-07T10:00:00Z") }),
          // A closure vote is not an appointment.
          proposal("c1", "C", { kind: "closure", nomineeId: null, state: "disagreed", closedAt: at("2026-11-05T10:00:00Z") }),
        ],
        escalations: [
          escalation("e1", "B", { level: 2, resolution: { kind: "appoint", practitionerId: "n", reason: "r" }, resolvedAt: at("2026-11-13T10:00:00Z") }),
          escalation("e2", "C", { level: 3, state: "open" }),
          escalation("e3", "C", { level: 1, createdAt: at("2026-10-01T10:00:00Z") }),
        ],
        handovers: [
          handover("h1", {}),
          handover("h2", { completedAt: at("2026-11-25T10:00:00Z") }),
          handover("h3", { state: "open", completedAt: null }),
        ],
      },
      calendar,
    );
    expect(report).toEqual({
      from: "2026-11-01",
      to: "2026-11-30",
      asOf: "2026-11-23",
      asOfNow: true,
      openCases: 3,
      withLead: 2,
      withReviewDate: 2,
      overdueReviews: 1,
      leadsAgreed: 2,
      medianWorkingDaysToLead: 5.5,
      disagreements: 1,
      escalationsByLevel: { 1: 0, 2: 1, 3: 1 },
      handoversCompleted: 2,
      handoversOnTime: 1,
      closures: 1,
      actionsAgreed: 0,
      actionsDue: 0,
      actionsDoneOnTime: 0,
      overdueActionsByAgency: [],
    });
    const rows = reportRows(report);
    expect(rows).toContainEqual(["Open cases with a lead professional", "2 (66.7%)"]);
    expect(rows).toContainEqual(["Handovers completed on time", "1 (50%)"]);
  });

  it("rebuilds open cases, leads and review dates as they were at the end of a past day", () => {
    const report = computeComplianceReport(
      {
        from: "2026-11-02",
        to: "2026-11-10",
        today: "2026-11-23",
        // The end of Tuesday 10 November in London (GMT in November).
        snapshot: { day: "2026-11-10", at: at("2026-11-11T00:00:00Z") },
        cases: [
          kase("A", { leadId: "n", leadSince: at("2026-11-04T10:00:00Z"), reviewDate: "2026-12-10" }),
          // Led now, appointed on the 13th: not then.
          kase("B", { leadId: "n", leadSince: at("2026-11-13T10:00:00Z"), reviewDate: "2026-11-20" }),
          kase("C"),
          // Closed on the 15th: still open then; led since October.
          kase("D", { open: false, closedAt: at("2026-11-15T10:00:00Z"), leadId: "n", leadSince: at("2026-10-07T10:00:00Z") }),
          kase("E", { open: false, closedAt: at("2026-10-15T10:00:00Z") }),
          // Opened after the day.
          kase("F", { openedAt: at("2026-11-12T10:00:00Z"), leadId: "n", leadSince: at("2026-11-12T11:00:00Z"), reviewDate: "2026-11-11" }),
          // Opened at the very end of the day.
          kase("G", { openedAt: at("2026-11-10T23:59:00Z") }),
        ],
        proposals: [proposal("a1", "A", {}), proposal("d1", "D", { createdAt: at("2026-10-05T10:00:00Z"), closedAt: at("2026-10-07T10:00:00Z") })],
        escalations: [escalation("e1", "B", { resolution: { kind: "appoint", practitionerId: "n", reason: "r" }, resolvedAt: at("2026-11-13T10:00:00Z") })],
        handovers: [],
        reviewDates: [
          // A's review was due on the 9th and only moved on the 12th: overdue at the end of the 10th.
          { caseId: "A", at: at("2026-11-12T10:00:00Z"), reviewDate: "2026-12-10" },
          { caseId: "A", at: at("2026-11-03T10:00:00Z"), reviewDate: "2026-11-09" },
          // F's, after the day.
          { caseId: "F", at: at("2026-11-12T12:00:00Z"), reviewDate: "2026-11-11" },
          // B has no recorded history (made outside leadbot's commands): its review date is taken as it is.
        ],
      },
      calendar,
    );
    expect(report).toMatchObject({ asOf: "2026-11-10", asOfNow: false, openCases: 5, withLead: 2, withReviewDate: 2, overdueReviews: 1 });
    expect(reportRows(report)[1]).toEqual(["Open cases, leads and reviews as of", "the end of Tue 10 Nov 2026"]);
  });

  it("reads review-date changes from the audit trail's review.set and review.done events only", () => {
    const base = { at: at("2026-11-03T10:00:00Z"), caseId: "A", outcome: "ok" as const };
    expect(reviewDateChangeOf({ ...base, action: "review.set", detail: { reviewDate: "2026-11-20" } })).toEqual({ caseId: "A", at: base.at, reviewDate: "2026-11-20" });
    expect(reviewDateChangeOf({ ...base, action: "review.done", detail: { reviewId: "r", outcome: "continue", next: "2027-01-26" } })?.reviewDate).toBe("2027-01-26");
    expect(reviewDateChangeOf({ ...base, action: "review.reminder", detail: { reviewDate: "2026-11-20" } })).toBeNull();
    expect(reviewDateChangeOf({ ...base, action: "review.set", outcome: "refused", detail: { reviewDate: "2026-11-20" } })).toBeNull();
    expect(reviewDateChangeOf({ ...base, action: "review.set", detail: { reviewDate: "soon" } })).toBeNull();
  });

  it("has no percentages or medians of nothing", () => {
    expect(percent(0, 0)).toBeNull();
    expect(median([])).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
  });
});

describe("csv", () => {
  it("quotes separators and neutralises spreadsheet formulas", () => {
    expect(toCsv([["a,b", 'say "hi"', "=SUM(A1)", null, 3]])).toBe('"a,b","say ""hi""",\'=SUM(A1),,3\r\n');
  });
});
