// The lead professional raises a persistently overdue action with its owner's line manager
// [DOMAIN §5, §11]: the LP is not responsible for another practitioner's delivery
// [001 Guideline 9–10], so the escalation's first level is the owner's managers (the ladder goes
// on to the co-ordinator and the executive group as any escalation does), never the LP's own.
// "Raise this with them and find out the reason" comes first [000 Hints]: before the threshold
// the answer points the LP to the owner.
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import { LEVEL_NAMES } from "../escalation/escalation-ladder.js";
import { escalationView, startEscalation } from "../escalation/start-escalation.js";
import type { Outcome } from "../ports.js";
import { workingDays } from "../presenters/format-time.js";
import { openAction, planCase } from "./plan-case.js";
import { workingDaysOverdue } from "./plan-progress.js";

type EscalateAction = Extract<Command, { name: "escalate-action" }>;


export async function escalateAction(ctx: UseCaseContext, cmd: EscalateAction): Promise<Outcome> {
  const actor = requireActor(ctx);
  const access = await planCase(ctx, actor, cmd.ref, { change: true });
  const c = access.case;
  if (!access.isLead) {
    throw new DomainError(
      "not-lead",
      `Only the lead professional for ${c.reference} can raise an overdue action with its owner's line manager. For another disagreement, \`escalate ${c.reference} <reason>\`.`,
    );
  }
  const action = await openAction(ctx, c, cmd.n);
  if (action.owner.kind === "family") {
    throw new DomainError(
      "family-action",
      `Action ${action.n} of ${c.reference} is the family's, so there is no line manager to raise it with. Talk it through with the family, or bring it to the next review.`,
    );
  }
  const overdue = workingDaysOverdue(action, ctx.now, ctx.calendar);
  const threshold = ctx.settings.actionEscalationWorkingDays;
  if (overdue <= threshold) {
    const now = overdue === 0 ? "is not overdue" : `is ${workingDays(overdue)} overdue`;
    throw new DomainError(
      "not-overdue-enough",
      `Action ${action.n} of ${c.reference} ${now}. It can go to its owner's line manager once it is more than ${workingDays(threshold)} overdue; until then, raise it with the owner and find out why.`,
    );
  }
  const existing = await ctx.repos.escalations.openForCase(c.id);
  if (existing) {
    throw new DomainError(
      "already-escalated",
      `${c.reference} is already with the ${LEVEL_NAMES[existing.level]} (level ${existing.level}). Add action ${action.n} to that conversation with them.`,
    );
  }
  const owner = await ctx.repos.practitioners.get(action.owner.practitionerId);
  const escalation = await startEscalation(ctx, c, {
    proposalId: null,
    reason: `Action ${action.n} (${owner?.name ?? "its owner"}), ${workingDays(overdue)} overdue, raised by ${actor.name}: ${cmd.reason}`,
    // Only the owner is involved: level 1 is their line managers, not the LP's.
    involvedIds: [action.owner.practitionerId],
    openedById: actor.id,
  });
  await ctx.audit("plan.escalated", c.id, { actionId: action.id, action: action.n, escalationId: escalation.id, workingDaysOverdue: overdue });
  return ctx.outcome(await escalationView(ctx, c, escalation));
}
