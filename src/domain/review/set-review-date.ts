import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { reviewCardKey } from "../message-keys.js";
import { personView } from "../presenters/person-view.js";
import type { Case } from "../types.js";
import { reviewableCase } from "./review-permissions.js";
import { REVIEW_DEADLINE_KINDS, reviewDeadlines } from "./review-schedule.js";

type SetReview = Extract<Command, { name: "review-set" }>;

export async function setReviewDate(ctx: UseCaseContext, cmd: SetReview): Promise<Outcome> {
  const actor = requireActor(ctx);
  const { c, lead } = await reviewableCase(ctx, actor, cmd.ref);
  const date = ctx.resolveDate(cmd.date);
  if (date < ctx.today) throw new DomainError("date-past", `${ctx.day(date)} is in the past. Give a review date from today on.`);
  await applyReviewDate(ctx, c, date);
  await ctx.audit("review.set", c.id, { reviewDate: date });
  const note = ctx.calendar.isWorkingDay(date) ? "" : ` Note: ${ctx.day(date)} is not a working day.`;
  // Kept true with the case's other review cards: closing the case says it has no next review.
  ctx.notify(
    { kind: "case-channel", caseId: c.id },
    { type: "review", caseRef: c.reference, event: "set", reviewDate: date, outcome: null, lead: lead ? personView(lead) : null, workingDaysBefore: null },
    reviewCardKey(c.id, `set-${ctx.now.getTime()}`),
  );
  return ctx.outcome({ type: "text", tone: "success", caseRef: c.reference, text: `Review for ${c.reference} set for ${ctx.day(date)}.${note}` });
}

/** Moves the review and its reminders together: old reminders are cancelled, never sent. */
export async function applyReviewDate(ctx: UseCaseContext, c: Case, date: string): Promise<void> {
  c.reviewDate = date;
  await ctx.repos.cases.update(c);
  await ctx.cancel(c.id, REVIEW_DEADLINE_KINDS);
  await ctx.schedule(reviewDeadlines(c.id, date, ctx.calendar, ctx.settings));
}
