// Dates as people type them; resolved against the clock and the working-day calendar later, by the use case.
import type { DateExpr } from "../domain/commands.js";
import { fail } from "./parse-failure.js";
import { quote, typed, type Token } from "./words.js";

const MONTHS: ReadonlyMap<string, number> = new Map([
  ["jan", 1], ["january", 1], ["feb", 2], ["february", 2], ["mar", 3], ["march", 3],
  ["apr", 4], ["april", 4], ["may", 5], ["jun", 6], ["june", 6], ["jul", 7], ["july", 7],
  ["aug", 8], ["august", 8], ["sep", 9], ["sept", 9], ["september", 9], ["oct", 10], ["october", 10],
  ["nov", 11], ["november", 11], ["dec", 12], ["december", 12],
]);
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ["monday", 1], ["mon", 1], ["tuesday", 2], ["tue", 2], ["tues", 2], ["wednesday", 3], ["wed", 3],
  ["thursday", 4], ["thu", 4], ["thur", 4], ["thurs", 4], ["friday", 5], ["fri", 5],
  ["saturday", 6], ["sat", 6], ["sunday", 7], ["sun", 7],
]);
const DATE_FORMS =
  "2026-12-01, 1/12/2026, 1 December 2026, today, tomorrow, friday, next friday, " +
  "in 3 days, in 2 weeks, in 1 month or in 10 working days";

/**
 * All the words given are one date. Day-first, as in the UK. A date without a year is refused:
 * the command carries no clock, and guessing the year near December goes wrong.
 */
export function parseDate(tokens: readonly Token[]): DateExpr {
  const shown = quote(typed(tokens));
  const s = tokens
    .map((t) => t.value)
    .join(" ")
    .toLowerCase()
    .replace(/,/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^on /, "");
  const unreadable = (): never => fail(`${shown} is not a date I can read; try ${DATE_FORMS}.`);

  if (s === "today") return { kind: "today" };
  if (s === "tomorrow") return { kind: "tomorrow" };

  let m = /^(?:(this|next) )?([a-z]+)$/.exec(s);
  const weekday = WEEKDAYS.get(m?.[2] ?? "");
  if (m && weekday !== undefined) return { kind: "weekday", weekday, next: m[1] === "next" };

  m = /^in (\d{1,9}|a|an|one) (?:(working|business)[ -])?(day|week|month)s?$/.exec(s);
  if (m) {
    const amount = /^\d/.test(m[1] ?? "") ? Number(m[1]) : 1;
    if (amount > 3650) fail(`${shown} is too far ahead; use a number up to 3650.`);
    if (m[2] !== undefined && m[3] !== "day") fail(`${shown}: only days can be working days, e.g. in 10 working days.`);
    const unit = m[2] !== undefined ? "working-days" : m[3] === "week" ? "weeks" : m[3] === "month" ? "months" : "days";
    return { kind: "in", amount, unit };
  }

  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return calendarDate(Number(m[1]), Number(m[2]), Number(m[3]), shown);

  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$/.exec(s);
  if (m) return calendarDate(fullYear(m[3] ?? ""), Number(m[2]), Number(m[1]), shown);

  // "1 December 2026", "1st of Dec 2026", and "December 1 2026" since the month word is unambiguous.
  m =
    /^(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?(?: (\d{4}))?$/.exec(s) ??
    /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?$/.exec(s);
  if (m) {
    const dayFirst = /^\d/.test(m[1] ?? "");
    const month = MONTHS.get((dayFirst ? m[2] : m[1]) ?? "");
    const day = Number(dayFirst ? m[1] : m[2]);
    if (month === undefined) return unreadable();
    if (m[3] === undefined) fail(`${shown} has no year; add it, as in 1 December 2026.`);
    return calendarDate(Number(m[3]), month, day, shown);
  }
  return unreadable();
}

/** Two-digit years: 00–69 are this century, 70–99 the last (a DBS check from "03/05/98"). */
function fullYear(digits: string): number {
  const n = Number(digits);
  if (digits.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function calendarDate(year: number, month: number, day: number, shown: string): DateExpr {
  if (year < 1900 || year > 2199) fail(`${shown} is not a date I can use: the year ${year} is out of range.`);
  if (month < 1 || month > 12) fail(`${shown} is not a real date: there is no month ${month}.`);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    fail(`${shown} is not a real date: ${MONTH_NAMES[month - 1]} ${year} has ${days} days.`);
  }
  const pad = (n: number) => String(n).padStart(2, "0");
  return { kind: "iso", date: `${year}-${pad(month)}-${pad(day)}` };
}

