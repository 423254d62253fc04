import type { UseCaseContext } from "../context.js";
import { tally } from "../allocation/vote-tally.js";
import type { Case, FamilyView, Practitioner, Proposal, Vote } from "../types.js";
import type { ProposalView } from "../views.js";
import { peopleById, viewOf } from "./person-view.js";

export function describeFamilyView(view: FamilyView, people: Map<string, Practitioner>): string {
  switch (view.kind) {
    case "agrees":
      return "The family agrees with this choice.";
    case "not-asked":
      return "The family has not been asked yet.";
    case "prefers":
      return `The family prefers ${people.get(view.practitionerId)?.name ?? "another practitioner"}.`;
  }
}

export async function buildProposalView(ctx: UseCaseContext, c: Case, proposal: Proposal, votes?: Vote[]): Promise<ProposalView> {
  const allVotes = votes ?? (await ctx.repos.votes.list(proposal.id));
  const t = tally(proposal, allVotes, ctx.settings.quorumFraction);
  const preferred = proposal.familyView.kind === "prefers" ? proposal.familyView.practitionerId : null;
  const people = await peopleById(
    (ids) => ctx.repos.practitioners.getMany(ids),
    [proposal.nomineeId, proposal.proposerId, preferred, ...proposal.electorate],
  );
  const electorate = new Set(proposal.electorate);
  const voted = new Set(allVotes.map((v) => v.voterId));
  return {
    type: "proposal",
    proposalId: proposal.id,
    caseRef: c.reference,
    kind: proposal.kind,
    nominee: proposal.nomineeId ? viewOf(people, proposal.nomineeId) : null,
    proposer: viewOf(people, proposal.proposerId),
    reason: proposal.reason,
    familyView: describeFamilyView(proposal.familyView, people),
    familyPrefersOther: preferred !== null && preferred !== proposal.nomineeId,
    notes: proposal.notes,
    deadline: proposal.deadline,
    state: proposal.state,
    nomineeResponse: t.nomineeResponse,
    tally: { agree: t.agree, object: t.object, abstain: t.abstain, notVoted: t.notVoted, electorate: t.electorate, quorum: t.quorum },
    votes: allVotes
      .filter((v) => electorate.has(v.voterId))
      .map((v) => ({ voter: viewOf(people, v.voterId), choice: v.choice, reason: v.reason })),
    notVotedYet: proposal.electorate.filter((id) => !voted.has(id)).map((id) => viewOf(people, id)),
    outcomeReason: proposal.outcomeReason,
  };
}
