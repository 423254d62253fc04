import type { UseCaseContext } from "../context.js";
import { handoverNudgeView } from "../deadlines/nudge-views.js";
import { handoverCardsKey, reviewCardsKey } from "../message-keys.js";
import { settleActionNudges } from "../plan/plan-nudges.js";
import { personView } from "../presenters/person-view.js";
import type { Case } from "../types.js";

/** Closes a case once the TAF confirmed closure [DOMAIN §8]; nothing more is scheduled for it. */
export async function closeCase(ctx: UseCaseContext, c: Case, reason: string): Promise<void> {
  c.open = false;
  c.closedAt = ctx.now;
  await ctx.repos.cases.update(c);
  await ctx.cancel(c.id);
  const lead = c.leadId ? await ctx.repos.practitioners.get(c.leadId) : null;
  const handover = await ctx.repos.handovers.openForCase(c.id);
  if (handover) {
    handover.state = "cancelled";
    await ctx.repos.handovers.update(handover);
    await ctx.cancel(handover.id);
    const outgoing = await ctx.repos.practitioners.get(handover.outgoingLeadId);
    if (outgoing) ctx.updateCopies(handoverCardsKey(handover.id), { ...handoverNudgeView(c, handover, false, outgoing), caseClosed: true });
  }
  // An open action keeps its place in the plan's record, but nothing more about it is due.
  for (const action of await ctx.repos.plan.listForCase(c.id)) {
    if (action.status === "open") await settleActionNudges(ctx, c, action, { caseClosed: true });
  }
  // Every card that showed the next review (the review set and done cards, the reminders, the
  // asks for a date) now says the case is closed and has none.
  ctx.updateCopies(reviewCardsKey(c.id), {
    type: "review",
    caseRef: c.reference,
    event: "closed",
    reviewDate: null,
    outcome: null,
    lead: lead ? personView(lead) : null,
    workingDaysBefore: null,
  });
  // Whether a reason was given, not the reason: people type it, and the trail outlives the case [issue #8].
  await ctx.audit("case.closed", c.id, { reasonGiven: reason.trim().length > 0 });
  const text = `${c.reference} is closed: the TAF confirmed the lead professional's recommendation${reason ? ` (${reason})` : ""}.`;
  ctx.notify({ kind: "case-channel", caseId: c.id }, { type: "text", tone: "success", caseRef: c.reference, text });
  ctx.notify({ kind: "access-team" }, { type: "text", tone: "info", caseRef: c.reference, text });
}
