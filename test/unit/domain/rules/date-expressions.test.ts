import { describe, expect, it } from "vitest";
import type { DateExpr } from "../../../../src/domain/commands.js";
import { DomainError } from "../../../../src/domain/errors.js";
import { isValidIsoDate, resolveDateExpr } from "../../../../src/domain/rules/date-expressions.js";
import { WorkingCalendar } from "../../../../src/domain/rules/working-calendar.js";

const calendar = new WorkingCalendar({ region: "england-and-wales", timeZone: "Europe/London", workingHours: { start: 9, end: 17 } });
const resolve = (expr: DateExpr, now: string) => resolveDateExpr(expr, new Date(now), calendar);
const weekday = (day: number, next = false): DateExpr => ({ kind: "weekday", weekday: day, next });
const MONDAY = "2026-11-23T10:00:00Z";
const THURSDAY = "2026-11-26T10:00:00Z";
const FRIDAY = "2026-11-27T10:00:00Z";
const SATURDAY = "2026-11-28T10:00:00Z";
const SUNDAY = "2026-11-29T10:00:00Z";
const [MON, FRI] = [1, 5];

describe("resolveDateExpr", () => {
  it("an ISO date is itself", () => {
    expect(resolve({ kind: "iso", date: "2027-01-15" }, MONDAY)).toBe("2027-01-15");
  });

  it("an ISO date that does not exist is refused with a DomainError", () => {
    expect(() => resolve({ kind: "iso", date: "2026-02-30" }, MONDAY)).toThrow(DomainError);
  });

  it("today and tomorrow are London calendar dates", () => {
    expect(resolve({ kind: "today" }, MONDAY)).toBe("2026-11-23");
    expect(resolve({ kind: "tomorrow" }, MONDAY)).toBe("2026-11-24");
    // 23:30 UTC on 30 June is already 1 July in BST.
    expect(resolve({ kind: "today" }, "2026-06-30T23:30:00Z")).toBe("2026-07-01");
    expect(resolve({ kind: "tomorrow" }, "2026-12-31T12:00:00Z")).toBe("2027-01-01");
  });

  it('"friday" is the coming Friday, strictly after today', () => {
    expect(resolve(weekday(FRI), MONDAY)).toBe("2026-11-27");
    expect(resolve(weekday(FRI), THURSDAY)).toBe("2026-11-27");
    expect(resolve(weekday(FRI), FRIDAY)).toBe("2026-12-04");
    expect(resolve(weekday(FRI), SATURDAY)).toBe("2026-12-04");
    expect(resolve(weekday(MON), MONDAY)).toBe("2026-11-30");
    expect(resolve(weekday(MON), SUNDAY)).toBe("2026-11-30");
  });

  it('"next friday" is the Friday of next week: 11 days on from a Monday, 8 from a Thursday', () => {
    expect(resolve(weekday(FRI, true), MONDAY)).toBe("2026-12-04");
    expect(resolve(weekday(FRI, true), THURSDAY)).toBe("2026-12-04");
    expect(resolve(weekday(FRI, true), FRIDAY)).toBe("2026-12-04");
  });

  it('"next friday" from a weekend is the Friday of the week that starts on Monday', () => {
    expect(resolve(weekday(FRI, true), SATURDAY)).toBe("2026-12-04");
    expect(resolve(weekday(MON, true), SUNDAY)).toBe("2026-11-30");
    expect(resolve(weekday(MON, true), MONDAY)).toBe("2026-11-30");
  });

  it("in N days and weeks are calendar days", () => {
    expect(resolve({ kind: "in", amount: 0, unit: "days" }, MONDAY)).toBe("2026-11-23");
    expect(resolve({ kind: "in", amount: 10, unit: "days" }, MONDAY)).toBe("2026-12-03");
    expect(resolve({ kind: "in", amount: 12, unit: "weeks" }, MONDAY)).toBe("2027-02-15");
  });

  it("in N months keeps the day of the month, clamping at month ends", () => {
    expect(resolve({ kind: "in", amount: 3, unit: "months" }, MONDAY)).toBe("2027-02-23");
    expect(resolve({ kind: "in", amount: 1, unit: "months" }, "2027-01-31T12:00:00Z")).toBe("2027-02-28");
    expect(resolve({ kind: "in", amount: 1, unit: "months" }, "2028-01-31T12:00:00Z")).toBe("2028-02-29");
  });

  it("in N working days skips weekends and bank holidays", () => {
    expect(resolve({ kind: "in", amount: 2, unit: "working-days" }, "2026-04-02T10:00:00Z")).toBe("2026-04-08");
    expect(resolve({ kind: "in", amount: 5, unit: "working-days" }, MONDAY)).toBe("2026-11-30");
    expect(resolve({ kind: "in", amount: 0, unit: "working-days" }, SATURDAY)).toBe("2026-11-30");
  });
});

describe("isValidIsoDate", () => {
  it("accepts real dates written YYYY-MM-DD", () => {
    expect(isValidIsoDate("2026-11-23")).toBe(true);
    expect(isValidIsoDate("2028-02-29")).toBe(true);
  });

  it("rejects impossible dates and other spellings", () => {
    for (const s of ["2026-02-30", "2027-02-29", "2026-13-01", "2026-00-10", "2026-1-5", "23/11/2026", "2026-11-23T10:00", ""]) {
      expect(isValidIsoDate(s), s).toBe(false);
    }
  });
});
