import { accessTo, loadCase, notOnTaf, requireOpen } from "../case/case-access.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { LEVEL_NAMES, managersOf } from "./escalation-ladder.js";
import { climb, escalationView, startEscalation } from "./start-escalation.js";

type Escalate = Extract<Command, { name: "escalate" }>;

/**
 * `escalate` means three things [DOMAIN §5]: a TAF member raises a dispute (a practitioner not
 * delivering their part, differences of approach) to the line managers; a decider at level 1 or 2
 * passes it up; a line manager appeals the co-ordinator's decision to the executive group.
 */
export async function escalate(ctx: UseCaseContext, cmd: Escalate): Promise<Outcome> {
  const actor = requireActor(ctx);
  const c = await loadCase(ctx, cmd.ref);
  const access = await accessTo(ctx, actor, c);
  if (!access.canView) throw notOnTaf(c);
  requireOpen(c);

  const open = await ctx.repos.escalations.openForCase(c.id);
  if (open) {
    if (!open.deciderIds.includes(actor.id)) {
      throw new DomainError(
        "already-escalated",
        `${c.reference} is already with the ${LEVEL_NAMES[open.level]} (level ${open.level}); they have been alerted.`,
      );
    }
    await climb(ctx, c, open, `${actor.name}: ${cmd.reason}`);
    return ctx.outcome(await escalationView(ctx, c, open));
  }

  const latest = await ctx.repos.escalations.latestForCase(c.id);
  if (latest?.state === "resolved" && latest.resolvedAtLevel === 2) {
    const involved = await ctx.repos.practitioners.getMany(latest.involvedIds);
    const managers = managersOf(involved);
    if (managers.includes(actor.id)) {
      const appeal = await startEscalation(ctx, c, {
        proposalId: latest.proposalId,
        reason: `Appeal by ${actor.name} against the co-ordinator's decision: ${cmd.reason}`,
        involvedIds: latest.involvedIds,
        openedById: actor.id,
        level: 3,
      });
      return ctx.outcome(await escalationView(ctx, c, appeal));
    }
    // Anyone else escalating now is taking the co-ordinator's decision further, which only the
    // involved workers' line managers may do [002 §8.8.17]. Letting it start again at level 1
    // would put a decided dispute back to the managers by the back door.
    throw new DomainError(
      "not-appealing-manager",
      `The co-ordinator has decided the escalation on ${c.reference}. Only a line manager of the practitioners involved can appeal that decision to the executive group; for anything else, ask your line manager to escalate it.`,
    );
  }

  if (!access.isMember && !access.isManagerOfMember && !access.isAccessTeam) throw notOnTaf(c);
  const involvedIds = [actor.id, ...(c.leadId && c.leadId !== actor.id ? [c.leadId] : [])];
  const escalation = await startEscalation(ctx, c, {
    proposalId: null,
    reason: `Raised by ${actor.name}: ${cmd.reason}`,
    involvedIds,
    openedById: actor.id,
  });
  return ctx.outcome(await escalationView(ctx, c, escalation));
}
