// A recipient snoozes a nudge [DOMAIN §6]: "1 working day at most, once". The nudge's pending
// deadline row is cancelled and a new one written one working day later, both through the
// outcome, so the command runner hands them to the Scheduler and the queued job moves too.
import { loadCase, requireOpen } from "../case/case-access.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import type { Case, Deadline, DeadlineKind, SnoozableNudge } from "../types.js";
import { isSnoozed, snoozedDeadline } from "./deadline-keys.js";

type Snooze = Extract<Command, { name: "snooze" }>;

/** The one working day a snooze moves a nudge by. */
export const SNOOZE_WORKING_DAYS = 1;

/** One kind of nudge on a case: whose it is, which rows deliver it, and what follows it. */
interface NudgeLine {
  nudge: SnoozableNudge;
  subjectId: string;
  /** The practitioner the nudge is addressed to; only they may snooze it. */
  recipientId: string | null;
  kinds: readonly DeadlineKind[];
  /**
   * Nudges and alerts due after it. A snooze never pushes a nudge past the next of these: the
   * two would arrive together, or the reminder would come after the alert it was meant to avoid.
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
      kinds: ["review-reminder", "review-date-missing"],
      followers: ["review-reminder", "review-overdue"],
      words: "review reminder",
      recipientRole: "the lead professional",
    },
  ];
  const handover = await ctx.repos.handovers.openForCase(c.id);
  if (handover) {
    lines.push({
      nudge: "handover",
      subjectId: handover.id,
      recipientId: handover.outgoingLeadId,
      kinds: ["handover-reminder"],
      followers: ["handover-reminder", "handover-missed"],
      words: "handover reminder",
      recipientRole: "the outgoing lead professional",
    });
  }
  return lines;
}

export async function snoozeNudge(ctx: UseCaseContext, cmd: Snooze): Promise<Outcome> {
  const actor = requireActor(ctx);
  const c = await loadCase(ctx, cmd.ref);
  requireOpen(c);
  const lines = (await nudgeLines(ctx, c)).filter((l) => !cmd.nudge || l.nudge === cmd.nudge);
  const waiting: { line: NudgeLine; next: Deadline }[] = [];
  for (const line of lines) {
    const [next] = await ctx.repos.deadlines.pendingForSubject(line.subjectId, line.kinds);
    if (next) waiting.push({ line, next });
  }
  const what = cmd.nudge ? `${cmd.nudge} reminder` : "reminder";
  if (waiting.length === 0) {
    throw new DomainError("no-nudge", `No ${what} about ${c.reference} is waiting to be sent, so there is nothing to snooze.`);
  }
  // Without a named nudge, the actor's own soonest one; the first of any other explains a refusal.
  const mine = waiting.filter((w) => w.line.recipientId === actor.id).sort((a, b) => a.next.dueAt.getTime() - b.next.dueAt.getTime());
  const chosen = mine[0];
  if (!chosen) {
    const other = waiting[0]!.line;
    throw new DomainError(
      "not-recipient",
      `Only ${other.recipientRole} for ${c.reference} gets its ${other.words}s, so only they can snooze them.`,
    );
  }
  const { line, next } = chosen;
  if (isSnoozed(next)) {
    throw new DomainError(
      "already-snoozed",
      `You have already snoozed this ${line.words} for ${c.reference} once; it comes on ${ctx.when(next.dueAt)}. A nudge can be snoozed only once.`,
    );
  }

  // A row already due (its job about to run) is moved from now, so the move is never into the past.
  const from = next.dueAt.getTime() > ctx.now.getTime() ? next.dueAt : ctx.now;
  const to = ctx.calendar.addWorkingDaysToInstant(from, SNOOZE_WORKING_DAYS);
  const [following] = (await ctx.repos.deadlines.pendingForSubject(line.subjectId, line.followers)).filter(
    (d) => d.key !== next.key && d.dueAt.getTime() >= next.dueAt.getTime(),
  );
  await ctx.cancelKeys([next.key]);

  if (following && to.getTime() >= following.dueAt.getTime()) {
    await ctx.audit("nudge.snoozed", c.id, { nudge: line.nudge, kind: next.kind, key: next.key, movedTo: null, followedBy: following.key });
    return ctx.outcome({
      type: "text",
      tone: "success",
      caseRef: c.reference,
      text: `Snoozed: the ${line.words} for ${c.reference} due ${ctx.when(next.dueAt)} will not be sent; the next one, on ${ctx.when(following.dueAt)}, comes within a working day of it.`,
    });
  }

  const moved = snoozedDeadline(next, to);
  await ctx.schedule([moved]);
  await ctx.audit("nudge.snoozed", c.id, { nudge: line.nudge, kind: next.kind, key: next.key, movedTo: moved.key, dueAt: to.toISOString() });
  return ctx.outcome({
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `Snoozed: your ${line.words} for ${c.reference} moves from ${ctx.when(next.dueAt)} to ${ctx.when(to)}. Each reminder can be snoozed once, by one working day.`,
  });
}
