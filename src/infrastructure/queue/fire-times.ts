// When a deadline's job should run: state changes at their due moment, nudges at the next moment
// inside working hours on a working day [DOMAIN §9], on the calendar of the config.
import { calendarFor } from "../../domain/context.js";
import type { Clock } from "../../domain/ports.js";
import type { WorkingCalendar } from "../../domain/rules/working-calendar.js";
import type { Deadline } from "../../domain/types.js";
import type { PrismaClient } from "../prisma/client.js";
import { DEFAULT_CALENDAR_SETTINGS, PrismaSettingsRepository, type CalendarSettings } from "../prisma/prisma-settings-repository.js";
import { isNudgeKind } from "./queues.js";

export class FireTimes {
  private cached: { calendar: WorkingCalendar; at: number } | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    readonly clock: Clock,
    /** Settings change rarely; a short cache keeps a reconcile of 100,000 rows to one read. */
    private readonly ttlMs = 30_000,
    /** LEADBOT_TIME_ZONE, LEADBOT_REGION, WORKING_HOURS: the same calendar the domain uses. */
    private readonly calendarSettings: CalendarSettings = DEFAULT_CALENDAR_SETTINGS,
  ) {}

  async calendar(): Promise<WorkingCalendar> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.calendar;
    const settings = await new PrismaSettingsRepository(this.prisma, this.calendarSettings).get();
    const calendar = calendarFor(settings);
    this.cached = { calendar, at: now };
    return calendar;
  }

  /** A nudge already due fires now if that is inside working hours, else the next working morning. */
  fireAt(deadline: Pick<Deadline, "kind" | "dueAt">, calendar: WorkingCalendar, now: Date): Date {
    if (!isNudgeKind(deadline.kind)) return deadline.dueAt;
    return calendar.nextDeliveryTime(new Date(Math.max(deadline.dueAt.getTime(), now.getTime())));
  }

  /** Milliseconds from the domain clock's now until the job should run (0 when due). */
  delayMs(deadline: Pick<Deadline, "kind" | "dueAt">, calendar: WorkingCalendar, now: Date): number {
    return Math.max(0, this.fireAt(deadline, calendar, now).getTime() - now.getTime());
  }
}
