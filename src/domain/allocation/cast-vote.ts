import { loadCase, notOnTaf, requireOpen } from "../case/case-access.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { buildProposalView } from "../presenters/proposal-view.js";
import { nominationKey, proposalKey } from "../message-keys.js";
import type { Platform, Vote, VoteChoice } from "../types.js";
import { closeProposalIfDecided } from "./close-proposal.js";

type CastVote = Extract<Command, { name: "vote" }>;

/**
 * One vote per member, changeable until the vote closes [DOMAIN §4.3]. The nominee's vote is
 * their accept (agree) or decline (object).
 */
export async function castVote(ctx: UseCaseContext, cmd: CastVote, proposalId?: string): Promise<Outcome> {
  const actor = requireActor(ctx);
  const c = await loadCase(ctx, cmd.ref);
  requireOpen(c);
  const proposal = await ctx.repos.proposals.openForCase(c.id);
  if (!proposal || (proposalId !== undefined && proposal.id !== proposalId)) {
    throw new DomainError("no-open-vote", `There is no open vote on ${c.reference}${proposalId ? " for that card any more" : ""}.`);
  }
  if (!proposal.electorate.includes(actor.id)) {
    const taf = await ctx.repos.taf.members(c.id);
    if (!taf.includes(actor.id)) throw notOnTaf(c);
    throw new DomainError("joined-late", `You joined the TAF for ${c.reference} after this vote opened, so it is not yours to vote on.`);
  }
  const isNominee = proposal.nomineeId === actor.id;
  const choice = choiceFor(cmd, isNominee);
  if (choice === "object" && !isNominee && cmd.reason.length === 0) {
    throw new DomainError("objection-reason", "An objection needs a reason, so the TAF and managers can act on it.");
  }
  const vote: Vote = {
    proposalId: proposal.id,
    voterId: actor.id,
    choice,
    reason: cmd.reason.length > 0 ? cmd.reason : null,
    platform: ctx.platform as Platform,
    at: ctx.now,
  };
  await ctx.repos.votes.upsert(vote);
  await ctx.audit("vote.cast", c.id, { proposalId: proposal.id, choice, nominee: isNominee });
  const votes = await ctx.repos.votes.list(proposal.id);
  const closed = await closeProposalIfDecided(ctx, c, proposal, votes);
  if (!closed) {
    const view = await buildProposalView(ctx, c, proposal, votes);
    ctx.notify({ kind: "case-channel", caseId: c.id }, view, proposalKey(proposal.id));
    if (proposal.nomineeId) ctx.updateCopies(nominationKey(proposal.id), { ...view, forNominee: true });
  }
  const said = isNominee ? (choice === "agree" ? "You accepted the nomination" : "You declined the nomination") : `Your vote (${choice}) is recorded`;
  return ctx.outcome({ type: "text", tone: "success", caseRef: c.reference, text: `${said} for ${c.reference}.` });
}

function choiceFor(cmd: CastVote, isNominee: boolean): VoteChoice {
  if (isNominee) {
    if (cmd.choice === "abstain") {
      throw new DomainError("nominee-abstain", "You are the nominee: please accept or decline rather than abstain.");
    }
    return cmd.choice === "agree" || cmd.choice === "accept" ? "agree" : "object";
  }
  if (cmd.choice === "accept" || cmd.choice === "decline") {
    throw new DomainError("not-nominee", "Only the nominee accepts or declines. Vote agree, object <reason> or abstain.");
  }
  return cmd.choice;
}
