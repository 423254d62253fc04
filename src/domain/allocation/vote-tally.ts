// The vote's arithmetic [DOMAIN §4.3–4.4], kept pure so every branch is unit-tested.
import type { Proposal, Vote } from "../types.js";
import type { TallyView } from "../views.js";

export interface TallyResult extends TallyView {
  nomineeResponse: "accepted" | "declined" | "awaiting";
  everyoneVoted: boolean;
}

/** Strictly more than `fraction` of the electorate must vote. */
export function quorumFor(electorateSize: number, fraction: number): number {
  return Math.floor(electorateSize * fraction) + 1;
}

/** Only votes from the electorate count: someone removed from the TAF mid-vote no longer counts. */
export function countedVotes(proposal: Proposal, votes: readonly Vote[]): Vote[] {
  const electorate = new Set(proposal.electorate);
  return votes.filter((v) => v.proposalId === proposal.id && electorate.has(v.voterId));
}

export function tally(proposal: Proposal, votes: readonly Vote[], quorumFraction: number): TallyResult {
  const counted = countedVotes(proposal, votes);
  const by = (choice: Vote["choice"]) => counted.filter((v) => v.choice === choice).length;
  const nomineeVote = proposal.nomineeId ? counted.find((v) => v.voterId === proposal.nomineeId) : undefined;
  const electorate = proposal.electorate.length;
  return {
    agree: by("agree"),
    object: by("object"),
    abstain: by("abstain"),
    notVoted: electorate - counted.length,
    electorate,
    quorum: quorumFor(electorate, quorumFraction),
    nomineeResponse: !nomineeVote ? "awaiting" : nomineeVote.choice === "agree" ? "accepted" : "declined",
    everyoneVoted: counted.length >= electorate,
  };
}

export type VoteVerdict = { closes: false } | { closes: true; outcome: "agreed" | "disagreed"; reason: string };

/**
 * The vote closes when every member has voted or the deadline has passed. It is agreed when the
 * nominee accepted (appointments only), a quorum voted and no objection stands.
 */
export function verdict(proposal: Proposal, votes: readonly Vote[], quorumFraction: number, now: Date): VoteVerdict {
  const t = tally(proposal, votes, quorumFraction);
  const deadlinePassed = now.getTime() >= proposal.deadline.getTime();
  if (!t.everyoneVoted && !deadlinePassed) return { closes: false };
  const cast = t.agree + t.object + t.abstain;
  if (proposal.kind === "appoint" && t.nomineeResponse !== "accepted") {
    const why = t.nomineeResponse === "declined" ? "the nominee declined" : "the nominee did not accept in time";
    return { closes: true, outcome: "disagreed", reason: why };
  }
  if (t.object > 0) {
    return { closes: true, outcome: "disagreed", reason: `${t.object} objection${t.object === 1 ? "" : "s"} stood` };
  }
  if (cast < t.quorum) {
    return { closes: true, outcome: "disagreed", reason: `no quorum: ${cast} of ${t.electorate} voted, ${t.quorum} needed` };
  }
  return { closes: true, outcome: "agreed", reason: `${t.agree} agreed, ${t.abstain} abstained, no objections` };
}
