// What a plan action must be before it is written, whichever command writes it.
import { DomainError } from "../errors.js";
import type { Case, PlanAction } from "../types.js";

/** Long enough for "Attend the school attendance panel and agree a reduced timetable"; short enough for a card line. */
export const MAX_ACTION_TEXT = 300;

/** `formatDay` of the date, for the messages (the caller's presenter). */
type Day = (iso: string) => string;

/** A due date given when adding: not in the past (today is allowed). */
export function checkNewDueDate(date: string, today: string, day: Day): void {
  if (date < today) throw new DomainError("date-past", `${day(date)} is in the past. Give a due date from today on.`);
}

/** A move needs a date after today, and another date than the one it has [DOMAIN §11]. */
export function checkMoveDate(action: PlanAction, date: string, today: string, day: Day): void {
  if (date <= today) throw new DomainError("date-past", `Move action ${action.n} to a date after today; ${day(date)} is not.`);
  if (date === action.dueDate) throw new DomainError("nothing-to-change", `Action ${action.n} is already due on ${day(date)}.`);
}

/**
 * Without `by <date>` an action is due at the case's next review, where the TAF looks at the plan
 * again [DOMAIN §11]; with no review date ahead, the person is asked for a date.
 */
export function defaultDueDate(c: Case, today: string): string {
  if (c.reviewDate !== null && c.reviewDate >= today) return c.reviewDate;
  throw new DomainError(
    "date-needed",
    `${c.reference} has no review date ahead, so say when the action is due: add \`by <date>\`, e.g. by friday or by 2026-12-18.`,
  );
}

/** Done and dropped actions stay as they are: the record of what happened is not rewritten. */
export function requireOpenAction(c: Case, action: PlanAction): void {
  if (action.status === "open") return;
  const what = action.status === "done" ? "done" : "dropped";
  throw new DomainError("action-closed", `Action ${action.n} of ${c.reference} is already ${what}, so it can't be changed.`);
}

export function actionNotFound(c: Case, n: number, highest: number): DomainError {
  const hint = highest === 0 ? `${c.reference} has no actions yet.` : `${c.reference}'s actions are numbered 1 to ${highest}; \`plan ${c.reference}\` lists them.`;
  return new DomainError("action-not-found", `There is no action ${n} on ${c.reference}. ${hint}`);
}

export function ownerNotOnTaf(c: Case, name: string): DomainError {
  return new DomainError(
    "owner-not-on-taf",
    `${name} is not on the Team Around the Family for ${c.reference}. An action's owner is a TAF member or the family: add them first with \`taf add ${c.reference} @who\`.`,
  );
}
