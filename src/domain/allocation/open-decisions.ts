import type { UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Case } from "../types.js";

/** Only one open proposal per case [DOMAIN §4.6], and none while deciders hold the case [§5]. */
export async function requireNoOpenDecision(ctx: UseCaseContext, c: Case): Promise<void> {
  const open = await ctx.repos.proposals.openForCase(c.id);
  if (open) {
    throw new DomainError(
      "proposal-open",
      `${c.reference} already has an open vote (closes ${ctx.when(open.deadline)}). Only one proposal at a time.`,
    );
  }
  const escalation = await ctx.repos.escalations.openForCase(c.id);
  if (escalation) {
    throw new DomainError(
      "escalation-open",
      `${c.reference} is escalated (level ${escalation.level}). The deciders will appoint a lead professional or send it back to the TAF.`,
    );
  }
}
