// Turns a date as typed ("tomorrow", "next friday", "in 5 working days") into an ISO calendar date,
// counted from today in the deployment's time zone.
import { DateTime } from "luxon";
import type { DateExpr } from "../commands.js";
import { DomainError } from "../errors.js";
import type { WorkingCalendar } from "./working-calendar.js";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD: "2026-02-30" is not one. */
export function isValidIsoDate(s: string): boolean {
  return ISO_DATE.test(s) && DateTime.fromISO(s, { zone: "UTC" }).isValid;
}

// Calendar arithmetic on dates alone: UTC has no daylight-saving gaps to trip over.
function plus(iso: string, duration: { days?: number; weeks?: number; months?: number }): string {
  return DateTime.fromISO(iso, { zone: "UTC" }).plus(duration).toFormat("yyyy-MM-dd");
}

/**
 * The British reading of weekdays, with weeks running Monday to Sunday:
 * - "friday" is the coming Friday, strictly after today (on a Friday, the one a week on);
 * - "next friday" is the Friday of next week, so on a Monday it is 11 days away and on a
 *   Thursday 8 days away. From Saturday or Sunday next week's Friday is also the coming one.
 */
function weekdayOffset(todayWeekday: number, target: number, next: boolean): number {
  if (next) return 7 - todayWeekday + target;
  return (target - todayWeekday + 7) % 7 || 7;
}

export function resolveDateExpr(expr: DateExpr, now: Date, calendar: WorkingCalendar): string {
  const today = calendar.localDate(now);
  switch (expr.kind) {
    case "iso":
      if (!isValidIsoDate(expr.date)) {
        throw new DomainError("invalid-date", `${expr.date} isn't a real date. Write dates as YYYY-MM-DD, e.g. 2026-11-23.`);
      }
      return expr.date;
    case "today":
      return today;
    case "tomorrow":
      return plus(today, { days: 1 });
    case "weekday": {
      const todayWeekday = DateTime.fromISO(today, { zone: "UTC" }).weekday;
      return plus(today, { days: weekdayOffset(todayWeekday, expr.weekday, expr.next) });
    }
    case "in":
      switch (expr.unit) {
        case "days":
          return plus(today, { days: expr.amount });
        case "weeks":
          return plus(today, { weeks: expr.amount });
        // luxon keeps the day of the month where it can and clamps otherwise (31 Jan + 1 month = 28 Feb).
        case "months":
          return plus(today, { months: expr.amount });
        case "working-days":
          return calendar.addWorkingDays(today, expr.amount);
      }
  }
}
