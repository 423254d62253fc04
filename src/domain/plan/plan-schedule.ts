// When an action's nudges fire [DOMAIN §11]. Its owner is reminded a number of working days before
// the due date (by default 2, and on the day), each on a working morning; the working morning
// after the due date it is overdue, and the alert repeats a week later each time while it stays so.
// Every key names the due date it was made for, so a moved action's old rows are plainly not its
// current ones, whatever else is true when they fire.
import { DateTime } from "luxon";
import { makeDeadline } from "../deadlines/deadline-keys.js";
import type { WorkingCalendar } from "../rules/working-calendar.js";
import type { Deadline, PlanAction, Settings } from "../types.js";

export const PLAN_DEADLINE_KINDS = ["plan-reminder", "plan-overdue"] as const;

/** An overdue action is raised again this many days later, while it stays overdue. */
export const OVERDUE_REPEAT_DAYS = 7;

type Due = Pick<PlanAction, "id" | "caseId" | "dueDate">;

const dueTag = (dueDate: string) => `due${dueDate.replace(/-/g, "")}`;

/** Whether a deadline (or a snoozed copy of one) was made for the action's current due date. */
export const isForDueDate = (d: Deadline, action: Pick<PlanAction, "dueDate">): boolean => d.key.includes(`-${dueTag(action.dueDate)}-`);

/**
 * The reminders and the first overdue alert. A reminder whose working morning would fall after the
 * due date (an action due on a Saturday is reminded "on the day" on the Friday) comes the last
 * working day before it instead, so no reminder ever arrives once the action is overdue.
 */
export function planDeadlines(action: Due, calendar: WorkingCalendar, settings: Pick<Settings, "planReminderWorkingDays">): Deadline[] {
  const lastWorkingDay = calendar.isWorkingDay(action.dueDate) ? action.dueDate : calendar.addWorkingDays(action.dueDate, -1);
  const reminders = [...new Set(settings.planReminderWorkingDays)].map((n) =>
    makeDeadline("plan-reminder", action.caseId, action.id, calendar.workingMorning(calendar.addWorkingDays(lastWorkingDay, -n)), `${dueTag(action.dueDate)}-${n}wd`),
  );
  return [...reminders, makeDeadline("plan-overdue", action.caseId, action.id, overdueFrom(action.dueDate, calendar), dueTag(action.dueDate))];
}

/** The working morning on which an action due on `dueDate` is first overdue. */
export function overdueFrom(dueDate: string, calendar: WorkingCalendar): Date {
  return calendar.workingMorning(DateTime.fromISO(dueDate).plus({ days: 1 }).toISODate()!);
}

/** The weekly repeat of an overdue alert that fired on `today` (ISO), on a working morning. */
export function overdueRepeat(action: Due, today: string, calendar: WorkingCalendar): Deadline {
  const day = DateTime.fromISO(today).plus({ days: OVERDUE_REPEAT_DAYS }).toISODate()!;
  return makeDeadline("plan-overdue", action.caseId, action.id, calendar.workingMorning(day), `${dueTag(action.dueDate)}-repeat`);
}
