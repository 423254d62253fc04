// Working days and working hours of the deployment's region [DOMAIN §9]. Deadlines count working
// days; nudges wait for working hours.
import Holidays from "date-holidays";
import { DateTime } from "luxon";
import type { Settings } from "../types.js";

export interface WorkingCalendarOptions {
  region: Settings["region"];
  timeZone: string;
  /** Whole local hours: working hours run from `start`:00 up to, not including, `end`:00. */
  workingHours: { start: number; end: number };
}

// date-holidays has identical rules for England (ENG) and Wales (WLS); ENG stands for both.
const STATE_OF_REGION: Record<Settings["region"], string> = {
  "england-and-wales": "ENG",
  scotland: "SCT",
  "northern-ireland": "NIR",
};

// Only days off by law count: observances such as Mother's Day are ordinary working days.
const DAY_OFF_TYPES = ["public", "bank"] as const;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid ISO calendar date; plain integers keep day loops cheap. */
function toDayNumber(iso: string): number {
  const m = ISO_DATE.exec(iso);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    if (back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day) {
      return ms / DAY_MS;
    }
  }
  throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${iso}"`);
}

function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function calendarParts(day: number): { year: number; month: number; date: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

function localDayNumber(local: DateTime): number {
  const d = new Date(0);
  d.setUTCFullYear(local.year, local.month - 1, local.day);
  return d.getTime() / DAY_MS;
}

/** 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Public holidays of one region by day number, loaded a year at a time. */
class HolidayTable {
  private readonly names = new Map<number, string>();
  private readonly loadedYears = new Set<number>();
  private engine: Holidays | null = null;
  // Day-number span of the year last looked at: day loops stay in one year, so this skips the
  // Date work on almost every lookup.
  private spanFrom = 1;
  private spanTo = 0;

  constructor(private readonly region: Settings["region"]) {}

  nameOn(day: number): string | undefined {
    if (day < this.spanFrom || day > this.spanTo) this.focus(day);
    return this.names.get(day);
  }

  private focus(day: number): void {
    const year = new Date(day * DAY_MS).getUTCFullYear();
    const jan1 = new Date(0);
    jan1.setUTCFullYear(year, 0, 1);
    const nextJan1 = new Date(0);
    nextJan1.setUTCFullYear(year + 1, 0, 1);
    this.spanFrom = jan1.getTime() / DAY_MS;
    this.spanTo = nextJan1.getTime() / DAY_MS - 1;
    if (this.loadedYears.has(year)) return;
    this.engine ??= new Holidays("GB", STATE_OF_REGION[this.region], { types: [...DAY_OFF_TYPES] });
    for (const h of this.engine.getHolidays(year, "en")) {
      if (!(DAY_OFF_TYPES as readonly string[]).includes(h.type)) continue;
      // `date` is the local calendar date ("2026-12-28 00:00:00"), free of any time-zone shift.
      const holiday = toDayNumber(h.date.slice(0, 10));
      if (!this.names.has(holiday)) this.names.set(holiday, h.name);
    }
    this.loadedYears.add(year);
  }
}

// Holidays depend on the region only, so every calendar of a region shares one table.
const holidayTables = new Map<Settings["region"], HolidayTable>();

function holidayTable(region: Settings["region"]): HolidayTable {
  let table = holidayTables.get(region);
  if (!table) holidayTables.set(region, (table = new HolidayTable(region)));
  return table;
}

export class WorkingCalendar {
  readonly region: Settings["region"];
  readonly timeZone: string;
  readonly workingHours: { readonly start: number; readonly end: number };
  private readonly holidays: HolidayTable;

  constructor(options: WorkingCalendarOptions) {
    const { start, end } = options.workingHours;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > 24 || start >= end) {
      throw new RangeError(`Working hours must be whole hours with 0 <= start < end <= 24, got ${start}-${end}`);
    }
    if (!DateTime.now().setZone(options.timeZone).isValid) {
      throw new RangeError(`Unknown time zone: "${options.timeZone}"`);
    }
    this.region = options.region;
    this.timeZone = options.timeZone;
    this.workingHours = { start, end };
    this.holidays = holidayTable(options.region);
  }

  isWorkingDay(isoDate: string): boolean {
    return this.isWorkingDayNumber(toDayNumber(isoDate));
  }

  /** The public or bank holiday on that date (substitute days included), or null. */
  holidayName(isoDate: string): string | null {
    return this.holidays.nameOn(toDayNumber(isoDate)) ?? null;
  }

  localDate(instant: Date): string {
    return fromDayNumber(localDayNumber(this.local(instant)));
  }

  /**
   * n > 0: the n-th working day after the date. n = 0: the date itself if it is a working day,
   * else the next one. n < 0: the |n|-th working day before it ("5 working days before the review").
   */
  addWorkingDays(isoDate: string, n: number): string {
    return fromDayNumber(this.addWorkingDayNumbers(toDayNumber(isoDate), n));
  }

  /** Working days after `from` up to and including `to`; negative when `to` is before `from`. */
  workingDaysBetween(fromIso: string, toIso: string): number {
    const from = toDayNumber(fromIso);
    const to = toDayNumber(toIso);
    const [low, high, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let day = low + 1; day <= high; day += 1) if (this.isWorkingDayNumber(day)) count += 1;
    return sign * count;
  }

  /** When working hours start on the date, or on the next working day if it is not one. */
  workingMorning(isoDate: string): Date {
    return this.atLocal(this.addWorkingDayNumbers(toDayNumber(isoDate), 0), this.workingHours.start).toJSDate();
  }

  /** The instant itself inside working hours on a working day, else the next working morning. */
  nextDeliveryTime(instant: Date): Date {
    const local = this.local(instant);
    const day = localDayNumber(local);
    if (this.isWorkingDayNumber(day)) {
      if (local.hour < this.workingHours.start) return this.atLocal(day, this.workingHours.start).toJSDate();
      // Whole-hour bounds: hour < end is inside, even on the days the clocks change.
      if (local.hour < this.workingHours.end) return instant;
    }
    return this.atLocal(this.addWorkingDayNumbers(day, 1), this.workingHours.start).toJSDate();
  }

  /**
   * The same local time of day n working days later, counted from when the clock can first run:
   * a Friday 15:00 vote with 2 working days closes Tuesday 15:00, and a Saturday proposal counts
   * from Monday morning, so voters always get n full working days.
   */
  addWorkingDaysToInstant(instant: Date, n: number): Date {
    const start = this.local(this.nextDeliveryTime(instant));
    const day = this.addWorkingDayNumbers(localDayNumber(start), n);
    const { year, month, date } = calendarParts(day);
    const moved = start.set({ year, month, day: date });
    return this.nextDeliveryTime(moved.toJSDate());
  }

  private addWorkingDayNumbers(from: number, n: number): number {
    if (!Number.isInteger(n)) throw new RangeError(`Working days must be a whole number, got ${n}`);
    let day = from;
    if (n === 0) {
      while (!this.isWorkingDayNumber(day)) day += 1;
      return day;
    }
    const step = n > 0 ? 1 : -1;
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (this.isWorkingDayNumber(day)) left -= 1;
    }
    return day;
  }

  private isWorkingDayNumber(day: number): boolean {
    return isoWeekday(day) <= 5 && this.holidays.nameOn(day) === undefined;
  }

  private local(instant: Date): DateTime {
    return DateTime.fromJSDate(instant, { zone: this.timeZone });
  }

  private atLocal(day: number, hour: number): DateTime {
    const { year, month, date } = calendarParts(day);
    // Hour 24 is the end of the day, i.e. midnight starting the next one.
    const at = DateTime.fromObject({ year, month, day: date, hour: hour % 24 }, { zone: this.timeZone });
    return hour === 24 ? at.plus({ days: 1 }) : at;
  }
}
