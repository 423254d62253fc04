import { DateTime } from "luxon";

/** "Tue 24 Nov 2026, 15:00" in the deployment's time zone: how practitioners read deadlines. */
export function formatMoment(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("ccc d LLL yyyy, HH:mm");
}
