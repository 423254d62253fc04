// Overdue is derived, never stored [DOMAIN §11]: an open action is overdue once a working day has
// passed since its due date, by the deployment's working-day calendar. So an action due on a
// Friday is not overdue over the weekend, and is 1 working day overdue on Monday, the way a
// review is (its overdue alert comes the working morning after the review date).
import type { WorkingCalendar } from "../rules/working-calendar.js";
import type { PlanAction } from "../types.js";

type Dated = Pick<PlanAction, "status" | "dueDate">;

/** Working days since the due date of an open action (0 when it is not overdue, or not open). */
export function workingDaysOverdue(action: Dated, now: Date, calendar: WorkingCalendar): number {
  return action.status === "open" ? workingDaysPastDue(action.dueDate, calendar.localDate(now), calendar) : 0;
}

/** Working days from a due date to a local day (0 on or before the due date). */
export function workingDaysPastDue(dueDate: string, day: string, calendar: WorkingCalendar): number {
  return day <= dueDate ? 0 : Math.max(0, calendar.workingDaysBetween(dueDate, day));
}

export function isOverdue(action: Dated, now: Date, calendar: WorkingCalendar): boolean {
  return workingDaysOverdue(action, now, calendar) > 0;
}

export interface PlanProgress {
  done: number;
  /** Open actions, overdue ones included. */
  open: number;
  overdue: number;
  dropped: number;
  /** Owners of the overdue actions, each once, in action order: practitioner ids, or "family". */
  overdueOwners: string[];
}

export const ownerKey = (action: Pick<PlanAction, "owner">): string =>
  action.owner.kind === "family" ? "family" : action.owner.practitionerId;

/** The plan's figures at `now`: what reviews, reports and the reconvene prompt count [DOMAIN §11]. */
export function planProgress(actions: readonly PlanAction[], now: Date, calendar: WorkingCalendar): PlanProgress {
  const progress: PlanProgress = { done: 0, open: 0, overdue: 0, dropped: 0, overdueOwners: [] };
  for (const action of [...actions].sort((a, b) => a.n - b.n)) {
    if (action.status === "done") progress.done += 1;
    else if (action.status === "dropped") progress.dropped += 1;
    else {
      progress.open += 1;
      if (isOverdue(action, now, calendar)) {
        progress.overdue += 1;
        const owner = ownerKey(action);
        if (!progress.overdueOwners.includes(owner)) progress.overdueOwners.push(owner);
      }
    }
  }
  return progress;
}
