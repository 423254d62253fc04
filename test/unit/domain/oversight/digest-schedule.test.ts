import { describe, expect, it } from "vitest";
import { nextWeeklyDigestAt } from "../../../../src/domain/oversight/digest-schedule.js";
import { WorkingCalendar } from "../../../../src/domain/rules/working-calendar.js";

const calendar = new WorkingCalendar({ region: "england-and-wales", timeZone: "Europe/London", workingHours: { start: 9, end: 17 } });
const next = (iso: string) => nextWeeklyDigestAt(new Date(iso), calendar, "Europe/London").toISOString();

describe("weekly digest schedule", () => {
  it("is Monday 09:00 local time", () => {
    expect(next("2026-11-22T12:00:00Z")).toBe("2026-11-23T09:00:00.000Z");
    expect(next("2026-11-23T08:59:00Z")).toBe("2026-11-23T09:00:00.000Z");
    expect(next("2026-11-23T09:00:00Z")).toBe("2026-11-30T09:00:00.000Z");
  });

  it("stays at 09:00 local across the October clock change (25 Oct 2026) and the March one (29 Mar 2026)", () => {
    // Monday 19 Oct is BST (08:00Z); after the change, Monday 26 Oct is GMT (09:00Z).
    expect(next("2026-10-19T08:30:00Z")).toBe("2026-10-26T09:00:00.000Z");
    expect(next("2026-10-24T12:00:00Z")).toBe("2026-10-26T09:00:00.000Z");
    // Before the March change Monday 23 Mar is GMT (09:00Z); Monday 30 Mar is BST (08:00Z).
    expect(next("2026-03-22T12:00:00Z")).toBe("2026-03-23T09:00:00.000Z");
    expect(next("2026-03-28T12:00:00Z")).toBe("2026-03-30T08:00:00.000Z");
  });

  it("moves to Tuesday when Monday is a bank holiday (Easter Monday 6 Apr 2026, 28 Dec 2026 substitute)", () => {
    expect(next("2026-04-03T12:00:00Z")).toBe("2026-04-07T08:00:00.000Z");
    expect(next("2026-12-26T12:00:00Z")).toBe("2026-12-29T09:00:00.000Z");
  });
});
