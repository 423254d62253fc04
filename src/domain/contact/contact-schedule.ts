// When a check-in is missed. The first nudge is due a cadence after the last recorded contact (or
// after the cadence was set, while none is recorded), on the working morning of that day or the
// next working day; while contact stays missed it repeats a week later each time.
import { DateTime } from "luxon";
import { makeDeadline } from "../deadlines/deadline-keys.js";
import type { WorkingCalendar } from "../rules/working-calendar.js";
import type { Contact, ContactCadence, Deadline } from "../types.js";

export const CONTACT_DEADLINE_KINDS = ["contact-missed"] as const;

/** Weeks a cadence may be: weekly up to once a quarter. */
export const MIN_CADENCE_WEEKS = 1;
export const MAX_CADENCE_WEEKS = 12;

/** A missed check-in is asked about again this many days later, while it stays missed. */
export const REPEAT_DAYS = 7;

/** What the next check-in counts from: the last recorded contact, or while there is none the cadence's start. */
export function checkInBasis(cadence: ContactCadence, last: Contact | null): Date {
  return last ? last.at : cadence.since;
}

/** The working day the next check-in is due on (ISO). */
export function checkInDueOn(from: Date, everyWeeks: number, calendar: WorkingCalendar): string {
  const day = DateTime.fromISO(calendar.localDate(from)).plus({ weeks: everyWeeks }).toISODate()!;
  return calendar.addWorkingDays(day, 0);
}

/**
 * The deadline that nudges the LP when the check-in due a cadence after `from` is missed. Its key
 * names what it counts from as well as when it is due, so a check-in counted from a new contact is
 * a row of its own, never one that already fired on the same day.
 */
export function contactMissedDeadline(caseId: string, from: Date, everyWeeks: number, calendar: WorkingCalendar): Deadline {
  return makeDeadline("contact-missed", caseId, caseId, calendar.workingMorning(checkInDueOn(from, everyWeeks, calendar)), basisTag(from));
}

const basisTag = (from: Date) => `from${from.getTime()}`;

/**
 * The nudge for the check-in after `from`; one already past when the cadence is set (the last
 * contact was long ago) comes the next working morning, as a schedule cannot fire in the past.
 */
export function nextCheckInDeadline(caseId: string, from: Date, everyWeeks: number, now: Date, calendar: WorkingCalendar): Deadline {
  const due = contactMissedDeadline(caseId, from, everyWeeks, calendar);
  if (due.dueAt.getTime() > now.getTime()) return due;
  return makeDeadline("contact-missed", caseId, caseId, calendar.workingMorning(calendar.addWorkingDays(calendar.localDate(now), 1)), basisTag(from));
}

/** The weekly repeat after a nudge fired on `today` (ISO), on a working morning. */
export function contactMissedRepeat(caseId: string, today: string, calendar: WorkingCalendar): Deadline {
  const day = DateTime.fromISO(today).plus({ days: REPEAT_DAYS }).toISODate()!;
  return makeDeadline("contact-missed", caseId, caseId, calendar.workingMorning(day), "repeat");
}
