import type { UseCaseContext } from "../context.js";
import { makeDeadline } from "../deadlines/deadline-keys.js";
import { buildProposalView } from "../presenters/proposal-view.js";
import { proposalKey } from "../message-keys.js";
import type { Case, Proposal } from "../types.js";

export type VoteFields = Pick<Proposal, "kind" | "nomineeId" | "proposerId" | "reason" | "familyView" | "notes" | "electorate">;

/** Opens a vote of the TAF, schedules its deadline and posts its card in the case channel. */
export async function openVote(ctx: UseCaseContext, c: Case, fields: VoteFields): Promise<Proposal> {
  const proposal: Proposal = {
    ...fields,
    id: ctx.newId(),
    caseId: c.id,
    state: "open",
    deadline: ctx.calendar.addWorkingDaysToInstant(ctx.now, ctx.settings.voteDeadlineWorkingDays),
    createdAt: ctx.now,
    closedAt: null,
    outcomeReason: null,
  };
  await ctx.repos.proposals.create(proposal);
  // One working day before it closes, those still to vote are reminded (a one-day vote has no room for it).
  const remindAt = ctx.settings.voteDeadlineWorkingDays >= 2 ? ctx.calendar.addWorkingDaysToInstant(ctx.now, ctx.settings.voteDeadlineWorkingDays - 1) : null;
  await ctx.schedule([
    makeDeadline("vote-close", c.id, proposal.id, proposal.deadline),
    ...(remindAt ? [makeDeadline("vote-reminder", c.id, proposal.id, remindAt)] : []),
  ]);
  await ctx.audit(proposal.kind === "closure" ? "closure.proposed" : "proposal.open", c.id, {
    proposalId: proposal.id,
    nomineeId: proposal.nomineeId,
    family: proposal.familyView.kind,
  });
  ctx.notify({ kind: "case-channel", caseId: c.id }, await buildProposalView(ctx, c, proposal, []), proposalKey(proposal.id));
  return proposal;
}
