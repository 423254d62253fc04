import { describe, expect, it } from "vitest";
import { WorkingCalendar } from "../../../../src/domain/rules/working-calendar.js";

const calendar = (region: WorkingCalendar["region"] = "england-and-wales") =>
  new WorkingCalendar({ region, timeZone: "Europe/London", workingHours: { start: 9, end: 17 } });

const englandAndWales = calendar();
const scotland = calendar("scotland");
const northernIreland = calendar("northern-ireland");
const at = (iso: string) => new Date(iso);

describe("WorkingCalendar: working days", () => {
  it("§9 weekends are not working days", () => {
    expect(englandAndWales.isWorkingDay("2026-11-20")).toBe(true); // Friday
    expect(englandAndWales.isWorkingDay("2026-11-21")).toBe(false); // Saturday
    expect(englandAndWales.isWorkingDay("2026-11-22")).toBe(false); // Sunday
    expect(englandAndWales.isWorkingDay("2026-11-23")).toBe(true); // Monday
  });

  it("§9 England and Wales bank holidays in 2026, including the Boxing Day substitute on 28 Dec", () => {
    const holidays = [
      "2026-01-01",
      "2026-04-03",
      "2026-04-06",
      "2026-05-04",
      "2026-05-25",
      "2026-08-31",
      "2026-12-25",
      "2026-12-28",
    ];
    for (const day of holidays) expect(englandAndWales.isWorkingDay(day), day).toBe(false);
    expect(englandAndWales.holidayName("2026-04-03")).toBe("Good Friday");
    expect(englandAndWales.holidayName("2026-04-06")).toBe("Easter Monday");
    expect(englandAndWales.holidayName("2026-12-28")).toMatch(/substitute/i);
  });

  it("§9 England and Wales bank holidays in 2027, including both Christmas substitutes", () => {
    for (const day of ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"]) {
      expect(englandAndWales.isWorkingDay(day), day).toBe(false);
    }
    expect(englandAndWales.isWorkingDay("2027-12-29")).toBe(true);
  });

  it("observances such as Mother's Day are not holidays", () => {
    expect(englandAndWales.holidayName("2026-03-15")).toBeNull();
    expect(englandAndWales.holidayName("2026-11-23")).toBeNull();
  });

  it("§9 Scotland: 2 January, St Andrew's Day and an August bank holiday, but no Easter Monday", () => {
    expect(scotland.isWorkingDay("2026-01-02")).toBe(false);
    expect(englandAndWales.isWorkingDay("2026-01-02")).toBe(true);
    expect(scotland.holidayName("2026-11-30")).toMatch(/St Andrew/);
    expect(englandAndWales.isWorkingDay("2026-11-30")).toBe(true);
    expect(scotland.isWorkingDay("2026-08-03")).toBe(false);
    expect(scotland.isWorkingDay("2026-08-31")).toBe(true);
    expect(scotland.isWorkingDay("2026-04-06")).toBe(true);
    expect(scotland.isWorkingDay("2026-04-03")).toBe(false);
  });

  it("§9 Scotland substitute days: 2 Jan 2027 on a Saturday moves to 4 Jan; St Andrew's 2025 on a Sunday moves to 1 Dec", () => {
    expect(scotland.isWorkingDay("2027-01-04")).toBe(false);
    expect(englandAndWales.isWorkingDay("2027-01-04")).toBe(true);
    expect(scotland.holidayName("2025-12-01")).toMatch(/St Andrew.*substitute/);
  });

  it("§9 Northern Ireland: St Patrick's Day and the Battle of the Boyne substitute", () => {
    expect(northernIreland.holidayName("2026-03-17")).toMatch(/St Patrick/);
    expect(englandAndWales.isWorkingDay("2026-03-17")).toBe(true);
    expect(northernIreland.isWorkingDay("2026-07-13")).toBe(false);
    expect(englandAndWales.isWorkingDay("2026-07-13")).toBe(true);
    expect(northernIreland.isWorkingDay("2026-04-06")).toBe(false);
  });

  it("rejects dates that are not real calendar dates", () => {
    expect(() => englandAndWales.isWorkingDay("2026-02-30")).toThrow(RangeError);
    expect(() => englandAndWales.addWorkingDays("26-11-23", 1)).toThrow(RangeError);
    expect(() => englandAndWales.holidayName("2026-13-01")).toThrow(RangeError);
  });
});

describe("WorkingCalendar: counting working days", () => {
  it("adds working days over a weekend", () => {
    expect(englandAndWales.addWorkingDays("2026-11-20", 1)).toBe("2026-11-23");
    expect(englandAndWales.addWorkingDays("2026-11-23", 5)).toBe("2026-11-30");
  });

  it("skips the Easter weekend: Thursday 2 Apr 2026 + 2 working days is Wednesday 8 Apr", () => {
    expect(englandAndWales.addWorkingDays("2026-04-02", 2)).toBe("2026-04-08");
    // Scotland works on Easter Monday.
    expect(scotland.addWorkingDays("2026-04-02", 2)).toBe("2026-04-07");
  });

  it("skips Christmas and New Year across the year end", () => {
    expect(englandAndWales.addWorkingDays("2026-12-24", 1)).toBe("2026-12-29");
    expect(englandAndWales.addWorkingDays("2026-12-24", 3)).toBe("2026-12-31");
    expect(englandAndWales.addWorkingDays("2026-12-24", 4)).toBe("2027-01-04");
  });

  it("0 working days is the date itself on a working day, else the next working day", () => {
    expect(englandAndWales.addWorkingDays("2026-11-23", 0)).toBe("2026-11-23");
    expect(englandAndWales.addWorkingDays("2026-11-21", 0)).toBe("2026-11-23");
    expect(englandAndWales.addWorkingDays("2026-04-03", 0)).toBe("2026-04-07");
  });

  it("negative working days count back, e.g. 5 working days before a review", () => {
    expect(englandAndWales.addWorkingDays("2026-11-30", -5)).toBe("2026-11-23");
    expect(englandAndWales.addWorkingDays("2026-04-08", -2)).toBe("2026-04-02");
    expect(englandAndWales.addWorkingDays("2026-04-07", -1)).toBe("2026-04-02");
    expect(englandAndWales.addWorkingDays("2026-11-21", -1)).toBe("2026-11-20");
    expect(englandAndWales.addWorkingDays("2027-01-04", -1)).toBe("2026-12-31");
  });

  it("rejects a fractional number of working days", () => {
    expect(() => englandAndWales.addWorkingDays("2026-11-23", 1.5)).toThrow(RangeError);
  });

  it("workingDaysBetween counts the days after `from` up to and including `to`", () => {
    expect(englandAndWales.workingDaysBetween("2026-04-02", "2026-04-08")).toBe(2);
    expect(englandAndWales.workingDaysBetween("2026-11-23", "2026-11-23")).toBe(0);
    expect(englandAndWales.workingDaysBetween("2026-11-20", "2026-11-23")).toBe(1);
    expect(englandAndWales.workingDaysBetween("2026-11-20", "2026-11-22")).toBe(0);
    expect(englandAndWales.workingDaysBetween("2026-11-23", "2026-12-07")).toBe(10);
  });

  it("workingDaysBetween is negative when `to` is before `from`", () => {
    expect(englandAndWales.workingDaysBetween("2026-04-08", "2026-04-02")).toBe(-2);
    expect(englandAndWales.workingDaysBetween("2026-11-23", "2026-11-20")).toBe(-1);
  });

  it("workingDaysBetween undoes addWorkingDays from a working day", () => {
    for (let n = -15; n <= 15; n += 1) {
      expect(englandAndWales.workingDaysBetween("2026-12-22", englandAndWales.addWorkingDays("2026-12-22", n)), String(n)).toBe(n);
    }
  });
});

describe("WorkingCalendar: local dates and working hours", () => {
  it("localDate is the calendar date in London, in summer and in winter", () => {
    expect(englandAndWales.localDate(at("2026-06-30T23:30:00Z"))).toBe("2026-07-01");
    expect(englandAndWales.localDate(at("2026-12-31T23:30:00Z"))).toBe("2026-12-31");
    expect(englandAndWales.localDate(at("2026-10-24T23:30:00Z"))).toBe("2026-10-25");
  });

  it("workingMorning is 09:00 local time, moved to the next working day when needed", () => {
    expect(englandAndWales.workingMorning("2026-10-23")).toEqual(at("2026-10-23T08:00:00Z")); // BST
    expect(englandAndWales.workingMorning("2026-10-26")).toEqual(at("2026-10-26T09:00:00Z")); // GMT
    expect(englandAndWales.workingMorning("2026-04-03")).toEqual(at("2026-04-07T08:00:00Z")); // Good Friday
    expect(englandAndWales.workingMorning("2026-10-24")).toEqual(at("2026-10-26T09:00:00Z")); // Saturday
  });

  it("nextDeliveryTime keeps an instant inside working hours", () => {
    expect(englandAndWales.nextDeliveryTime(at("2026-11-23T10:00:00Z"))).toEqual(at("2026-11-23T10:00:00Z"));
    expect(englandAndWales.nextDeliveryTime(at("2026-11-23T09:00:00Z"))).toEqual(at("2026-11-23T09:00:00Z"));
    expect(englandAndWales.nextDeliveryTime(at("2026-11-23T16:59:59Z"))).toEqual(at("2026-11-23T16:59:59Z"));
  });

  it("nextDeliveryTime moves early, late, weekend and holiday instants to the next working morning", () => {
    expect(englandAndWales.nextDeliveryTime(at("2026-11-23T08:59:00Z"))).toEqual(at("2026-11-23T09:00:00Z"));
    expect(englandAndWales.nextDeliveryTime(at("2026-11-23T17:00:00Z"))).toEqual(at("2026-11-24T09:00:00Z"));
    expect(englandAndWales.nextDeliveryTime(at("2026-11-20T18:00:00Z"))).toEqual(at("2026-11-23T09:00:00Z"));
    expect(englandAndWales.nextDeliveryTime(at("2026-11-22T12:00:00Z"))).toEqual(at("2026-11-23T09:00:00Z"));
    expect(englandAndWales.nextDeliveryTime(at("2026-12-24T17:30:00Z"))).toEqual(at("2026-12-29T09:00:00Z"));
  });

  it("clamps to working hours across the BST to GMT change (25 Oct 2026)", () => {
    // Friday 18:00 BST waits for Monday 09:00 GMT.
    expect(englandAndWales.nextDeliveryTime(at("2026-10-23T17:00:00Z"))).toEqual(at("2026-10-26T09:00:00Z"));
    // 08:30Z is 09:30 BST on the Friday but 08:30 GMT on the Monday.
    expect(englandAndWales.nextDeliveryTime(at("2026-10-23T08:30:00Z"))).toEqual(at("2026-10-23T08:30:00Z"));
    expect(englandAndWales.nextDeliveryTime(at("2026-10-26T08:30:00Z"))).toEqual(at("2026-10-26T09:00:00Z"));
    // 16:30Z is 17:30 BST (closed) on the Friday but 16:30 GMT (open) on the Monday.
    expect(englandAndWales.nextDeliveryTime(at("2026-10-23T16:30:00Z"))).toEqual(at("2026-10-26T09:00:00Z"));
    expect(englandAndWales.nextDeliveryTime(at("2026-10-26T16:30:00Z"))).toEqual(at("2026-10-26T16:30:00Z"));
  });

  it("clamps to working hours across the GMT to BST change (29 Mar 2026)", () => {
    expect(englandAndWales.nextDeliveryTime(at("2026-03-27T17:30:00Z"))).toEqual(at("2026-03-30T08:00:00Z"));
    expect(englandAndWales.nextDeliveryTime(at("2026-03-30T08:30:00Z"))).toEqual(at("2026-03-30T08:30:00Z"));
    expect(englandAndWales.nextDeliveryTime(at("2026-03-30T16:30:00Z"))).toEqual(at("2026-03-31T08:00:00Z"));
  });

  it("addWorkingDaysToInstant keeps the time of day: a Friday 15:00 vote with 2 working days closes Tuesday 15:00", () => {
    expect(englandAndWales.addWorkingDaysToInstant(at("2026-11-20T15:00:00Z"), 2)).toEqual(at("2026-11-24T15:00:00Z"));
  });

  it("addWorkingDaysToInstant starts a weekend proposal from Monday morning", () => {
    expect(englandAndWales.addWorkingDaysToInstant(at("2026-11-21T10:00:00Z"), 2)).toEqual(at("2026-11-25T09:00:00Z"));
    expect(englandAndWales.addWorkingDaysToInstant(at("2026-11-22T12:00:00Z"), 0)).toEqual(at("2026-11-23T09:00:00Z"));
  });

  it("addWorkingDaysToInstant after hours counts from the next working morning", () => {
    expect(englandAndWales.addWorkingDaysToInstant(at("2026-11-20T18:00:00Z"), 2)).toEqual(at("2026-11-25T09:00:00Z"));
  });

  it("addWorkingDaysToInstant keeps local time across the clock change and holidays", () => {
    // Friday 15:00 BST to Tuesday 15:00 GMT.
    expect(englandAndWales.addWorkingDaysToInstant(at("2026-10-23T14:00:00Z"), 2)).toEqual(at("2026-10-27T15:00:00Z"));
    // Thursday before Easter to the Wednesday after.
    expect(englandAndWales.addWorkingDaysToInstant(at("2026-04-02T14:00:00Z"), 2)).toEqual(at("2026-04-08T14:00:00Z"));
    expect(englandAndWales.addWorkingDaysToInstant(at("2026-12-24T10:00:00Z"), 1)).toEqual(at("2026-12-29T10:00:00Z"));
  });
});

describe("WorkingCalendar: configuration", () => {
  it("honours other working hours and time zones", () => {
    const utc = new WorkingCalendar({ region: "england-and-wales", timeZone: "UTC", workingHours: { start: 8, end: 18 } });
    expect(utc.nextDeliveryTime(at("2026-07-01T07:30:00Z"))).toEqual(at("2026-07-01T08:00:00Z"));
    expect(utc.nextDeliveryTime(at("2026-07-01T17:30:00Z"))).toEqual(at("2026-07-01T17:30:00Z"));
    expect(utc.workingMorning("2026-07-04")).toEqual(at("2026-07-06T08:00:00Z"));
  });

  it("rejects an unknown time zone or impossible working hours", () => {
    expect(() => new WorkingCalendar({ region: "scotland", timeZone: "Europe/Nowhere", workingHours: { start: 9, end: 17 } })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ region: "scotland", timeZone: "Europe/London", workingHours: { start: 17, end: 9 } })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ region: "scotland", timeZone: "Europe/London", workingHours: { start: 9.5, end: 17 } })).toThrow(RangeError);
  });
});
