import type { UseCaseContext } from "../context.js";
import { closeCase } from "../case/close-case.js";
import { startEscalation } from "../escalation/start-escalation.js";
import { buildProposalView } from "../presenters/proposal-view.js";
import { nominationKey, proposalKey } from "../message-keys.js";
import type { Case, Proposal, Vote } from "../types.js";
import { appointLead } from "./appoint-lead.js";
import { verdict } from "./vote-tally.js";

/**
 * Closes the vote if everyone has voted or its deadline has passed, then acts on the result:
 * an agreed appointment makes the nominee LP, a disagreement starts the escalation ladder, an
 * agreed closure closes the case. Returns whether it closed. `votes`: the proposal's votes, when the
 * caller has just read them.
 */
export async function closeProposalIfDecided(ctx: UseCaseContext, c: Case, proposal: Proposal, votes?: Vote[]): Promise<boolean> {
  votes ??= await ctx.repos.votes.list(proposal.id);
  const result = verdict(proposal, votes, ctx.settings.quorumFraction, ctx.now);
  if (!result.closes) return false;
  proposal.state = result.outcome;
  proposal.closedAt = ctx.now;
  proposal.outcomeReason = result.reason;
  await ctx.repos.proposals.update(proposal);
  await ctx.cancel(proposal.id, ["vote-close", "vote-reminder"]);
  await ctx.audit("proposal.closed", c.id, { proposalId: proposal.id, outcome: result.outcome, reason: result.reason });
  const view = await buildProposalView(ctx, c, proposal, votes);
  ctx.notify({ kind: "case-channel", caseId: c.id }, view, proposalKey(proposal.id));
  // The nominee's own card says how it ended, and loses Accept and Decline.
  if (proposal.nomineeId) ctx.updateCopies(nominationKey(proposal.id), { ...view, forNominee: true });

  if (proposal.kind === "closure") {
    if (result.outcome === "agreed") {
      await closeCase(ctx, c, proposal.reason);
    } else {
      const text = `The TAF did not confirm closing ${c.reference} (${result.reason}). The case stays open.`;
      ctx.notify({ kind: "case-channel", caseId: c.id }, { type: "text", tone: "warning", caseRef: c.reference, text });
    }
    return true;
  }
  if (result.outcome === "agreed" && proposal.nomineeId) {
    await appointLead(ctx, c, proposal.nomineeId, `Agreed by the TAF: ${result.reason}.`, "appoint");
    return true;
  }
  const objectors = votes.filter((v) => v.choice === "object").map((v) => v.voterId);
  await startEscalation(ctx, c, {
    proposalId: proposal.id,
    reason: `The TAF could not agree a lead professional: ${result.reason}.`,
    involvedIds: [proposal.proposerId, ...(proposal.nomineeId ? [proposal.nomineeId] : []), ...objectors],
    openedById: null,
  });
  return true;
}
