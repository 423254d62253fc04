import { loadCase, requireOpen } from "../case/case-access.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { resolvePerson } from "../practitioner/resolve-person.js";

type Override = Extract<Command, { name: "override" }>;

/**
 * Agency, bank and supply workers lead only in exceptional circumstances, on their manager's
 * recorded override [DOMAIN §3.3; 002 §8.6]. The override is per case.
 */
export async function recordOverride(ctx: UseCaseContext, cmd: Override): Promise<Outcome> {
  const actor = requireActor(ctx);
  const c = await loadCase(ctx, cmd.ref);
  requireOpen(c);
  const person = await resolvePerson(ctx, cmd.person);
  if (person.managerId !== actor.id) {
    throw new DomainError("not-manager", `Only ${person.name}'s line manager can record this exception.`);
  }
  if (person.employment === "permanent") {
    throw new DomainError("override-not-needed", `${person.name} is not an agency, bank or supply worker: no exception is needed.`);
  }
  if (await ctx.repos.overrides.find(c.id, person.id)) {
    throw new DomainError("override-exists", `An exception for ${person.name} on ${c.reference} is already recorded.`);
  }
  await ctx.repos.overrides.create({ caseId: c.id, practitionerId: person.id, approvedById: actor.id, reason: cmd.reason, at: ctx.now });
  await ctx.audit("eligibility.override", c.id, { practitionerId: person.id });
  return ctx.outcome({
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `Recorded: ${person.name} (${person.employment} worker) may be proposed as lead professional for ${c.reference}. Reason: ${cmd.reason}`,
  });
}
