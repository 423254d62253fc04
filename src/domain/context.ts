// Everything one use case needs while it runs inside a unit of work, and the outcome it builds up.
import type { DateExpr } from "./commands.js";
import type { Clock, IdGenerator, Notification, Outcome, OutboxEntry, Recipient, Repositories, UnitOfWork } from "./ports.js";
import { formatDay, formatMoment } from "./presenters/format-time.js";
import { resolveDateExpr } from "./rules/date-expressions.js";
import { WorkingCalendar } from "./rules/working-calendar.js";
import type { Deadline, DeadlineKind, Platform, Practitioner, Settings } from "./types.js";
import type { View } from "./views.js";

export interface UseCaseDeps {
  uow: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
}

export function calendarFor(settings: Settings): WorkingCalendar {
  return new WorkingCalendar({
    region: settings.region,
    timeZone: settings.timeZone,
    workingHours: settings.workingHours,
  });
}

export class UseCaseContext {
  readonly notifications: Notification[] = [];
  readonly scheduled: Deadline[] = [];
  readonly cancelled: string[] = [];
  readonly today: string;

  constructor(
    readonly repos: Repositories,
    /** Null for the system (deadlines firing) and for people not registered yet. */
    readonly actor: Practitioner | null,
    readonly platform: Platform | "system",
    /** The sender's platform user id (null for the system). */
    readonly userId: string | null,
    readonly channelId: string | null,
    readonly now: Date,
    readonly settings: Settings,
    readonly calendar: WorkingCalendar,
    private readonly idGenerator: IdGenerator,
  ) {
    this.today = calendar.localDate(now);
  }

  newId(): string {
    return this.idGenerator.next();
  }

  /** A moment as practitioners read it, in the deployment's time zone. */
  when(at: Date): string {
    return formatMoment(at, this.settings.timeZone);
  }

  /** A calendar date as practitioners read it: "Fri 11 Dec 2026". */
  day(isoDate: string): string {
    return formatDay(isoDate);
  }

  resolveDate(expr: DateExpr): string {
    return resolveDateExpr(expr, this.now, this.calendar);
  }

  notify(to: Recipient, view: View, messageKey?: string): void {
    this.notifications.push(messageKey ? { to, view, messageKey } : { to, view });
  }

  /** Keeps every posted copy of a keyed message true: each is updated in place to `view`. */
  updateCopies(messageKey: string, view: View): void {
    this.notify({ kind: "posted-copies" }, view, messageKey);
  }

  async audit(action: string, caseId: string | null, detail: Record<string, unknown> = {}): Promise<void> {
    await this.repos.audit.append({
      at: this.now,
      actorId: this.actor?.id ?? null,
      platform: this.platform,
      action,
      caseId,
      outcome: "ok",
      detail,
    });
  }

  async schedule(deadlines: readonly Deadline[]): Promise<void> {
    const future = deadlines.filter((d) => d.dueAt.getTime() > this.now.getTime() - 60_000);
    if (future.length === 0) return;
    await this.repos.deadlines.schedule(future);
    this.scheduled.push(...future);
  }

  async cancel(subjectId: string, kinds?: readonly DeadlineKind[]): Promise<void> {
    const keys = await this.repos.deadlines.cancelForSubject(subjectId, kinds);
    this.cancelled.push(...keys);
  }

  /** Cancels particular deadlines (a snoozed nudge's old time), so their queued jobs go too. */
  async cancelKeys(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    this.cancelled.push(...(await this.repos.deadlines.cancelKeys(keys)));
  }

  /** Writes the notifications to the outbox under keys derived from `keyPrefix`. */
  async queueNotifications(outcome: Outcome, keyPrefix: string): Promise<Outcome> {
    const entries = this.outboxEntries(outcome, keyPrefix);
    if (entries.length) await this.repos.outbox.add(entries);
    return { ...outcome, outboxKeys: entries.map((e) => e.key) };
  }

  /** The outbox entries of the outcome's notifications: `<keyPrefix>-0`, `-1`, … */
  outboxEntries(outcome: Outcome, keyPrefix: string): OutboxEntry[] {
    return outcome.notifications.map((notification, i) => ({ key: `${keyPrefix}-${i}`, notification, createdAt: this.now }));
  }

  outcome(reply: View): Outcome {
    return { reply, notifications: this.notifications, outboxKeys: [], scheduled: this.scheduled, cancelled: this.cancelled };
  }
}

export function requireActor(ctx: UseCaseContext): Practitioner {
  if (!ctx.actor) throw new Error("use case needs a registered actor");
  return ctx.actor;
}
