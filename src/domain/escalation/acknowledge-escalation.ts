import { loadCase } from "../case/case-access.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";

type Acknowledge = Extract<Command, { name: "acknowledge" }>;

/** Acknowledging stops the repeat alerts to that decider, not the level's timeout [DOMAIN §6]. */
export async function acknowledgeEscalation(ctx: UseCaseContext, cmd: Acknowledge): Promise<Outcome> {
  const actor = requireActor(ctx);
  const c = await loadCase(ctx, cmd.ref);
  const e = await ctx.repos.escalations.openForCase(c.id);
  if (!e) throw new DomainError("no-escalation", `There is no open escalation on ${c.reference}.`);
  if (!e.deciderIds.includes(actor.id)) {
    throw new DomainError("not-decider", `You are not a decider on the escalation for ${c.reference}.`);
  }
  if (!e.acknowledgedBy.includes(actor.id)) {
    e.acknowledgedBy.push(actor.id);
    await ctx.repos.escalations.update(e);
    await ctx.audit("escalation.acknowledged", c.id, { escalationId: e.id, level: e.level });
  }
  if (e.deciderIds.every((id) => e.acknowledgedBy.includes(id))) await ctx.cancel(e.id, ["escalation-alert"]);
  const until = e.deadline ? ` It moves up the ladder on ${ctx.when(e.deadline)} unless decided.` : "";
  return ctx.outcome({
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `Acknowledged: no more reminders to you about ${c.reference}.${until}`,
  });
}
