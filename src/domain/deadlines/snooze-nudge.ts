// A recipient snoozes a reminder [DOMAIN §6]: "1 working day at most, once". Snooze puts off the
// reminder it was pressed on (a card carries its deadline key) or, typed, the one just sent to the
// person; it never touches any other. A sent reminder comes back one working day later as a
// snoozed copy of its row; the ask for a review date, which repeats each working morning anyway,
// has its next ask moved by a working day. Where the reminder would come back on or after the
// next one, that next one stays and nothing moves. A card whose reminder has been overtaken (a
// later one sent, the review date changed, the review held, the handover over) changes nothing.
import { DateTime } from "luxon";
import { loadCase, requireOpen } from "../case/case-access.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { reviewDeadlines } from "../review/review-schedule.js";
import type { Case, Deadline, DeadlineKind, Practitioner, SnoozableNudge } from "../types.js";
import { handoverCardKey, planNudgeKey, reviewCardKey } from "../message-keys.js";
import { planNudgeView, reminderRecipientId } from "../plan/plan-nudges.js";
import { isForDueDate } from "../plan/plan-schedule.js";
import { planSummary } from "../plan/plan-summary.js";
import { personView } from "../presenters/person-view.js";
import { isSnoozed, snoozedDeadline } from "./deadline-keys.js";
import { handoverNudgeView, reviewNudgeView } from "./nudge-views.js";

type Snooze = Extract<Command, { name: "snooze" }>;

/** The one working day a snooze moves a reminder by. */
export const SNOOZE_WORKING_DAYS = 1;

/** The answer to a press on a card whose reminder has been overtaken. */
export const NOT_CURRENT = "This reminder is no longer current, so I have changed nothing.";

/** One kind of reminder on a case: whose it is, which rows send it, and what follows it. */
interface NudgeLine {
  nudge: SnoozableNudge;
  subjectId: string;
  /** The practitioner the reminder is addressed to; only they may snooze it. */
  recipientId: string | null;
  /** The rows that send the reminder itself. */
  sends: readonly DeadlineKind[];
  /** The repeating ask whose next occurrence a snooze moves, if the line has one. */
  ask?: DeadlineKind;
  /**
   * Reminders and alerts that come after it. A sent one makes an earlier card out of date; a
   * pending one due before a snooze would bring the reminder back stands in for it.
   */
  followers: readonly DeadlineKind[];
  words: string;
  recipientRole: string;
}

async function nudgeLines(ctx: UseCaseContext, c: Case): Promise<NudgeLine[]> {
  const lines: NudgeLine[] = [
    {
      nudge: "review",
      subjectId: c.id,
      recipientId: c.leadId,
      sends: ["review-reminder"],
      ask: "review-date-missing",
      followers: ["review-reminder", "review-overdue"],
      words: "review reminder",
      recipientRole: "the lead professional",
    },
  ];
  if (await ctx.repos.contacts.cadence(c.id)) {
    lines.push({
      nudge: "contact",
      subjectId: c.id,
      recipientId: c.leadId,
      sends: ["contact-missed"],
      followers: ["contact-missed"],
      words: "check-in reminder",
      recipientRole: "the lead professional",
    });
  }
  const handover = await ctx.repos.handovers.openForCase(c.id);
  if (handover) {
    lines.push({
      nudge: "handover",
      subjectId: handover.id,
      recipientId: handover.outgoingLeadId,
      sends: ["handover-reminder"],
      followers: ["handover-reminder", "handover-missed"],
      words: "handover reminder",
      recipientRole: "the outgoing lead professional",
    });
  }
  // Each open action is a line of its own: a snooze moves one action's reminder, never another's.
  for (const action of await ctx.repos.plan.listForCase(c.id)) {
    if (action.status !== "open") continue;
    lines.push({
      nudge: "plan",
      subjectId: action.id,
      recipientId: reminderRecipientId(c, action),
      sends: ["plan-reminder"],
      followers: ["plan-reminder", "plan-overdue"],
      words: `action ${action.n} reminder`,
      recipientRole: action.owner.kind === "family" ? "the lead professional (for the family's actions)" : "the action's owner",
    });
  }
  return lines;
}

const notCurrent = (why: string) => new DomainError("not-current", `${NOT_CURRENT} ${why}`);

const notRecipient = (c: Case, line: NudgeLine) =>
  new DomainError("not-recipient", `Only ${line.recipientRole} for ${c.reference} gets its ${line.words}s, so only they can snooze them.`);

export async function snoozeNudge(ctx: UseCaseContext, cmd: Snooze): Promise<Outcome> {
  const actor = requireActor(ctx);
  const c = await loadCase(ctx, cmd.ref);
  requireOpen(c);
  const lines = (await nudgeLines(ctx, c)).filter((l) => !cmd.nudge || l.nudge === cmd.nudge);
  const { line, reminder } = cmd.reminder ? await pressedOn(ctx, c, lines, actor, cmd.reminder) : await justSent(ctx, c, lines, actor, cmd.nudge);
  return reminder.kind === line.ask ? moveAsk(ctx, c, line, reminder) : bringBack(ctx, c, line, reminder);
}

/** The reminder a card was sent for, by the key its button carries. */
async function pressedOn(ctx: UseCaseContext, c: Case, lines: NudgeLine[], actor: Practitioner, key: string) {
  const reminder = await ctx.repos.deadlines.get(key);
  const line = reminder && reminder.caseId === c.id ? lines.find((l) => l.subjectId === reminder.subjectId && (l.sends.includes(reminder.kind) || l.ask === reminder.kind)) : undefined;
  if (!reminder || !line) throw notCurrent(`What it was about on ${c.reference} is over.`);
  if (line.recipientId !== actor.id) throw notRecipient(c, line);
  return { line, reminder };
}

/** Typed: the reminder last sent to the person (the daily ask for a review date counts as just sent). */
async function justSent(ctx: UseCaseContext, c: Case, lines: NudgeLine[], actor: Practitioner, nudge: SnoozableNudge | undefined) {
  const what = nudge ? `${nudge} reminder` : "reminder";
  if (lines.length === 0) throw new DomainError("no-nudge", `No ${what} about ${c.reference} has been sent to you, so there is nothing to snooze.`);
  const mine = lines.filter((l) => l.recipientId === actor.id);
  if (mine.length === 0) throw notRecipient(c, lines[0]!);
  const found: { line: NudgeLine; reminder: Deadline; sentAt: number }[] = [];
  for (const line of mine) {
    if (line.ask && !c.reviewDate) {
      const [next] = await ctx.repos.deadlines.pendingForSubject(line.subjectId, [line.ask]);
      if (next) found.push({ line, reminder: next, sentAt: ctx.now.getTime() });
      continue;
    }
    const sent = await ctx.repos.deadlines.latestDoneForSubject(line.subjectId, line.sends, ctx.now);
    if (sent) found.push({ line, reminder: sent, sentAt: sent.dueAt.getTime() });
  }
  const latest = found.sort((a, b) => b.sentAt - a.sentAt)[0];
  if (!latest) throw new DomainError("no-nudge", `No ${what} about ${c.reference} has been sent to you yet, so there is nothing to snooze.`);
  return latest;
}

/** A reminder that was sent comes back one working day later, unless the next one comes first. */
async function bringBack(ctx: UseCaseContext, c: Case, line: NudgeLine, sent: Deadline): Promise<Outcome> {
  const pending = await ctx.repos.deadlines.pendingForSubject(line.subjectId, line.followers);
  const already = pending.find((d) => d.key.startsWith(`${sent.key}-`) && isSnoozed(d));
  if (already) {
    throw new DomainError(
      "already-snoozed",
      `You have already snoozed this ${line.words} for ${c.reference} once; I'll remind you again on ${arrival(ctx, already.dueAt)}. A reminder can be snoozed only once.`,
    );
  }
  if (isSnoozed(sent)) {
    throw new DomainError("already-snoozed", `This ${line.words} for ${c.reference} came back from a snooze; a reminder can be snoozed only once.`);
  }
  await requireCurrent(ctx, c, line, sent);

  // One working day after it was sent, and never into the past (a card pressed days later).
  const tomorrow = ctx.calendar.workingMorning(ctx.calendar.addWorkingDays(ctx.today, SNOOZE_WORKING_DAYS));
  const moved = ctx.calendar.addWorkingDaysToInstant(sent.dueAt, SNOOZE_WORKING_DAYS);
  const to = moved.getTime() > tomorrow.getTime() ? moved : tomorrow;
  const next = pending.find((d) => d.dueAt.getTime() > ctx.now.getTime());
  if (next && to.getTime() >= next.dueAt.getTime()) {
    return ctx.outcome({
      type: "text",
      tone: "info",
      caseRef: c.reference,
      text: `Not snoozed: your next ${line.nudge} reminder for ${c.reference} comes on ${arrival(ctx, next.dueAt)}, no later than a snooze would bring this one back, so that one stays and nothing has moved.`,
    });
  }

  const again = snoozedDeadline(sent, to);
  await ctx.schedule([again]);
  await ctx.audit("nudge.snoozed", c.id, { nudge: line.nudge, kind: sent.kind, key: sent.key, movedTo: again.key, dueAt: to.toISOString() });
  await showSnoozed(ctx, c, line, sent, to);
  const after = next ? ` Your next ${line.nudge} reminder still comes on ${arrival(ctx, next.dueAt)}.` : "";
  return ctx.outcome({
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `Snoozed: I'll remind you again about ${line.nudge === "plan" ? "" : "the "}${line.words.replace(" reminder", "")} for ${c.reference} on ${arrival(ctx, to)}.${after} Each reminder can be snoozed once, by one working day.`,
  });
}

/** A sent reminder is current while nothing has overtaken it. */
async function requireCurrent(ctx: UseCaseContext, c: Case, line: NudgeLine, sent: Deadline): Promise<void> {
  if (sent.state !== "done") throw notCurrent(sent.state === "cancelled" ? "It was cancelled." : "It has not been sent yet.");
  const latest = await ctx.repos.deadlines.latestDoneForSubject(line.subjectId, line.followers, ctx.now);
  if (latest && latest.key !== sent.key && latest.dueAt.getTime() >= sent.dueAt.getTime()) {
    throw notCurrent(`A later reminder about ${c.reference} has been sent since.`);
  }
  if (line.nudge === "review") {
    if (!c.reviewDate) throw notCurrent(`${c.reference} has no review date now.`);
    if (c.reviewDate < ctx.today) throw notCurrent(`The review date of ${c.reference} has passed.`);
    // The review was held or its date changed: the reminder belonged to a schedule that is gone.
    if (!reviewDeadlines(c.id, c.reviewDate, ctx.calendar, ctx.settings).some((d) => d.key === sent.key)) {
      throw notCurrent(`The review of ${c.reference} has been held or moved since.`);
    }
  }
  if (line.nudge === "plan") {
    const action = await ctx.repos.plan.getById(line.subjectId);
    if (!action || action.status !== "open") throw notCurrent(`That action on ${c.reference} is no longer open.`);
    if (!isForDueDate(sent, action)) throw notCurrent(`Action ${action.n} of ${c.reference} has been moved since.`);
    if (action.dueDate < ctx.today) throw notCurrent(`Action ${action.n} of ${c.reference} is past its due date.`);
  }
  if (line.nudge === "contact") {
    const last = await ctx.repos.contacts.latestForCase(c.id);
    if (last && last.at.getTime() >= sent.dueAt.getTime()) throw notCurrent(`Contact with the family of ${c.reference} has been recorded since.`);
  }
}

/** The daily ask for a review date: its next ask moves by one working day. */
async function moveAsk(ctx: UseCaseContext, c: Case, line: NudgeLine, next: Deadline): Promise<Outcome> {
  if (c.reviewDate) throw notCurrent(`${c.reference} has a review date now.`);
  if (next.state === "cancelled") {
    const [moved] = (await ctx.repos.deadlines.pendingForSubject(line.subjectId, [next.kind])).filter((d) => d.key.startsWith(`${next.key}-`) && isSnoozed(d));
    if (moved) {
      throw new DomainError("already-snoozed", `You have already snoozed this reminder for ${c.reference}; I'll ask you again on ${arrival(ctx, moved.dueAt)}.`);
    }
  }
  if (next.state !== "pending") throw notCurrent(`A later reminder about ${c.reference} has been sent since.`);
  const to = ctx.calendar.addWorkingDaysToInstant(next.dueAt, SNOOZE_WORKING_DAYS);
  await ctx.cancelKeys([next.key]);
  const moved = snoozedDeadline(next, to);
  await ctx.schedule([moved]);
  await ctx.audit("nudge.snoozed", c.id, { nudge: line.nudge, kind: next.kind, key: next.key, movedTo: moved.key, dueAt: to.toISOString() });
  // The ask's card carries the key of the ask it put off: it now says when the next one comes.
  const lead = c.leadId ? await ctx.repos.practitioners.get(c.leadId) : null;
  ctx.updateCopies(reviewCardKey(c.id, next.key), {
    type: "review",
    caseRef: c.reference,
    event: "date-missing",
    reviewDate: null,
    outcome: null,
    lead: lead ? personView(lead) : null,
    workingDaysBefore: null,
    snoozedUntil: to,
  });
  return ctx.outcome({
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `Snoozed: I'll ask you again for a review date for ${c.reference} on ${arrival(ctx, to)}, not ${arrival(ctx, next.dueAt)}.`,
  });
}

/** The snoozed reminder's card loses its Snooze button and says when it comes again. */
async function showSnoozed(ctx: UseCaseContext, c: Case, line: NudgeLine, sent: Deadline, until: Date): Promise<void> {
  const recipient = line.recipientId ? await ctx.repos.practitioners.get(line.recipientId) : null;
  if (line.nudge === "review") {
    ctx.updateCopies(reviewCardKey(c.id, sent.key), { ...reviewNudgeView(ctx, c, false, recipient, await planSummary(ctx, c)), snoozedUntil: until });
    return;
  }
  if (line.nudge === "plan") {
    const action = await ctx.repos.plan.getById(line.subjectId);
    if (action) ctx.updateCopies(planNudgeKey(action.id, sent.key), { ...(await planNudgeView(ctx, c, action, "reminder")), snoozedUntil: until });
    return;
  }
  const handover = await ctx.repos.handovers.openForCase(c.id);
  if (handover && recipient) ctx.updateCopies(handoverCardKey(handover.id, sent.key), { ...handoverNudgeView(c, handover, false, recipient), snoozedUntil: until });
}

/** When a reminder arrives, as the person reads it: "Fri 11 Dec 2026 at 09:00". */
function arrival(ctx: UseCaseContext, at: Date): string {
  return DateTime.fromJSDate(at, { zone: ctx.settings.timeZone }).toFormat("ccc d LLL yyyy 'at' HH:mm");
}
