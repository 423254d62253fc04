import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { reviewCardKey } from "../message-keys.js";
import { personView } from "../presenters/person-view.js";
import type { Review } from "../types.js";
import { reviewableCase } from "./review-permissions.js";
import { applyReviewDate } from "./set-review-date.js";
import { applyReviewPlanChanges, checkReviewPlanChanges } from "./review-plan-changes.js";
import { planSummary } from "../plan/plan-summary.js";

type RecordReview = Extract<Command, { name: "review-done" }>;

const OUTCOME_WORDS: Record<Review["outcome"], string> = {
  continue: "continue with the plan",
  "step-up": "step up to social care",
  "step-down": "step down to universal services",
  closure: "recommend closure",
};

function planLine(carried: number[], dropped: number[]): string {
  const n = (ns: number[]) => (ns.length === 1 ? `action ${ns[0]}` : `actions ${ns.join(", ")}`);
  const parts = [...(carried.length ? [`carried ${n(carried)} forward`] : []), ...(dropped.length ? [`dropped ${n(dropped)}`] : [])];
  return parts.length ? ` The review ${parts.join(" and ")}.` : "";
}

/** Records a held review and its outcome; the next review defaults to 12 weeks on [DOMAIN §6]. */
export async function recordReview(ctx: UseCaseContext, cmd: RecordReview): Promise<Outcome> {
  const actor = requireActor(ctx);
  const { c, lead } = await reviewableCase(ctx, actor, cmd.ref);
  const next = cmd.next
    ? ctx.resolveDate(cmd.next)
    : ctx.resolveDate({ kind: "in", amount: ctx.settings.reviewIntervalWeeks, unit: "weeks" });
  if (next <= ctx.today) throw new DomainError("date-past", `The next review (${ctx.day(next)}) must be after today.`);
  const changes = await checkReviewPlanChanges(ctx, c, cmd);
  const review: Review = {
    id: ctx.newId(),
    caseId: c.id,
    heldOn: ctx.today,
    outcome: cmd.outcome,
    nextReviewDate: next,
    recordedById: actor.id,
    at: ctx.now,
  };
  await ctx.repos.reviews.create(review);
  await applyReviewDate(ctx, c, next);
  await ctx.audit("review.done", c.id, { reviewId: review.id, outcome: review.outcome, next });
  const { carried, dropped } = await applyReviewPlanChanges(ctx, c, actor, changes, next);
  const plan = await planSummary(ctx, c);
  const view = {
    type: "review" as const,
    caseRef: c.reference,
    event: "done" as const,
    reviewDate: next,
    outcome: review.outcome,
    lead: lead ? personView(lead) : null,
    workingDaysBefore: null,
    ...(plan ? { plan } : {}),
    ...(carried.length ? { carried } : {}),
    ...(dropped.length ? { dropped } : {}),
  };
  ctx.notify({ kind: "case-channel", caseId: c.id }, view, reviewCardKey(c.id, `done-${ctx.now.getTime()}`));
  if (review.outcome === "step-up") ctx.notify({ kind: "access-team" }, view);
  const hint = review.outcome === "closure" ? ` To close, the lead professional runs \`close ${c.reference}\` and the TAF confirms.` : "";
  return ctx.outcome({
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `Review recorded for ${c.reference}: ${OUTCOME_WORDS[review.outcome]}. Next review ${ctx.day(next)}.${planLine(carried, dropped)}${hint}`,
  });
}
