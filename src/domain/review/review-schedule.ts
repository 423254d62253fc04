import { makeDeadline } from "../deadlines/deadline-keys.js";
import type { WorkingCalendar } from "../rules/working-calendar.js";
import type { Deadline, Settings } from "../types.js";

/**
 * Reminders to the LP a number of working days before the review (default 5, 1 and on the day),
 * each at the start of that working day, and an overdue alert the working morning after [§6].
 */
export function reviewDeadlines(caseId: string, reviewDate: string, calendar: WorkingCalendar, settings: Settings): Deadline[] {
  const reminders = settings.reviewReminderWorkingDays.map((n) => {
    const day = n === 0 ? reviewDate : calendar.addWorkingDays(reviewDate, -n);
    return makeDeadline("review-reminder", caseId, caseId, calendar.workingMorning(day), `${n}wd`);
  });
  const overdue = makeDeadline("review-overdue", caseId, caseId, calendar.workingMorning(calendar.addWorkingDays(reviewDate, 1)));
  return [...reminders, overdue];
}

export const REVIEW_DEADLINE_KINDS = ["review-reminder", "review-overdue", "review-date-missing"] as const;
