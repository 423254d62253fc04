import { DateTime } from "luxon";
import type { WorkingCalendar } from "../rules/working-calendar.js";

/**
 * The weekly digest goes out at the start of the first working day of each week: Monday 09:00
 * local, or Tuesday when Monday is a bank holiday. Returns the next such moment after `now`.
 * Local time throughout, so the digest stays at 09:00 across the clock changes.
 */
export function nextWeeklyDigestAt(now: Date, calendar: WorkingCalendar, timeZone: string): Date {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  for (let week = 0; week < 3; week++) {
    const monday = today.startOf("week").plus({ weeks: week });
    const firstWorkingDay = firstWorkingDayOfWeek(monday, calendar);
    if (!firstWorkingDay) continue;
    const at = calendar.workingMorning(firstWorkingDay);
    if (at.getTime() > now.getTime()) return at;
  }
  throw new Error("no working day in three weeks");
}

function firstWorkingDayOfWeek(monday: DateTime, calendar: WorkingCalendar): string | null {
  for (let d = 0; d < 5; d++) {
    const day = monday.plus({ days: d }).toISODate();
    if (day && calendar.isWorkingDay(day)) return day;
  }
  return null;
}
