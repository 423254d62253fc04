import { DateTime } from "luxon";

// Every date a person reads is in one UK form, "Fri 11 Dec 2026" (with the time after a comma
// for a moment): cards, replies, reports and the human columns of CSV files alike. ISO dates stay
// in ids, file names, audit details and machine columns, where software reads them.
const DAY = "ccc d LLL yyyy";

/** "Tue 24 Nov 2026, 15:00" in the deployment's time zone: how practitioners read deadlines. */
export function formatMoment(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat(`${DAY}, HH:mm`);
}

/** "Tue 24 Nov 2026, 15:00:07": a moment to the second, for the human column of an audit trail. */
export function formatMomentToSecond(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat(`${DAY}, HH:mm:ss`);
}

/** "1 working day", "3 working days". */
export const workingDays = (n: number): string => `${n} working day${n === 1 ? "" : "s"}`;

/** A calendar date ("2026-12-11") as "Fri 11 Dec 2026"; anything that is not a date comes back as it was. */
export function formatDay(isoDate: string): string {
  const d = DateTime.fromISO(isoDate, { zone: "UTC" });
  return d.isValid && /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? d.toFormat(DAY) : isoDate;
}
