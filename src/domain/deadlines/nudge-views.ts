// What a review or handover reminder shows, built the same way when it is sent (handle-deadline)
// and when its card is brought up to date (a snooze, the case closing).
import type { UseCaseContext } from "../context.js";
import { personView } from "../presenters/person-view.js";
import type { Case, Handover, Practitioner } from "../types.js";
import type { HandoverView, PlanSummaryView, ReviewView } from "../views.js";

/** The reminder before a review, or the alert once it is overdue, as of today. Needs a review date. */
export function reviewNudgeView(ctx: UseCaseContext, c: Case, overdue: boolean, lead: Practitioner | null, plan: PlanSummaryView | null): ReviewView {
  const reviewDate = c.reviewDate ?? ctx.today;
  return {
    type: "review",
    caseRef: c.reference,
    event: overdue ? "overdue" : "reminder",
    reviewDate,
    outcome: null,
    lead: lead ? personView(lead) : null,
    workingDaysBefore: overdue ? null : Math.max(0, ctx.calendar.workingDaysBetween(ctx.today, reviewDate)),
    // The alert fires the working morning after the date, but a queue held up (or a snooze) can
    // deliver it later: the reader is told how late it is as of today, not as of the schedule.
    workingDaysOverdue: overdue ? Math.max(1, ctx.calendar.workingDaysBetween(reviewDate, ctx.today)) : null,
    ...(plan ? { plan } : {}),
  };
}

export function handoverNudgeView(c: Case, handover: Handover, missed: boolean, outgoing: Practitioner): HandoverView {
  return {
    type: "handover",
    caseRef: c.reference,
    event: missed ? "missed" : "reminder",
    outgoing: personView(outgoing),
    successor: null,
    trigger: handover.trigger,
    deadline: handover.deadline,
  };
}
