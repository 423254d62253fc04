// A lead professional or closure proposal: open (voting) or closed (the tally).
import type { ProposalView } from "../domain/views.js";
import { card, person, plural, said, strong, type Card, type CardAction, type Rich, type Section, type Viewer } from "./card.js";

const RESPONSE: Record<ProposalView["nomineeResponse"], string> = {
  accepted: "Accepted",
  declined: "Declined",
  awaiting: "Not answered yet",
};

const STATE: Record<ProposalView["state"], string> = { open: "Open", agreed: "Agreed", disagreed: "Not agreed", withdrawn: "Withdrawn" };

export const REASON_MAX = 500;

type ProposalIds = Pick<ProposalView, "proposalId" | "caseRef">;

/** Agree, Object…, Abstain: the TAF's buttons (also on the App Home tab). */
export function voteActions(p: ProposalIds): CardAction[] {
  const payload = (verb: "vote-agree" | "vote-object" | "vote-abstain") => ({ verb, ref: p.caseRef, proposalId: p.proposalId });
  const members: Viewer[] = ["shared", "member", "organiser"];
  return [
    { verb: "vote-agree", payload: payload("vote-agree"), label: "Agree", style: "primary", visibleTo: members, group: "votes" },
    {
      verb: "vote-object",
      payload: payload("vote-object"),
      label: "Object",
      style: "danger",
      visibleTo: members,
      group: "votes",
      inputs: [
        {
          kind: "text",
          id: "reason",
          label: "Why do you object? The TAF and the managers will see your reason.",
          required: true,
          maxLength: REASON_MAX,
          errorMessage: "An objection needs a reason.",
        },
      ],
      submitLabel: "Send objection",
    },
    { verb: "vote-abstain", payload: payload("vote-abstain"), label: "Abstain", visibleTo: members, group: "votes" },
  ];
}

/** Accept, Decline: the nominee's own answer. */
export function nomineeActions(p: ProposalIds): CardAction[] {
  const payload = (verb: "vote-accept" | "vote-decline") => ({ verb, ref: p.caseRef, proposalId: p.proposalId });
  return [
    { verb: "vote-accept", payload: payload("vote-accept"), label: "Accept", style: "primary", visibleTo: ["nominee"], group: "nominee" },
    {
      verb: "vote-decline",
      payload: payload("vote-decline"),
      label: "Decline",
      style: "danger",
      visibleTo: ["nominee"],
      group: "nominee",
      inputs: [{ kind: "text", id: "reason", label: "Why are you declining? (optional)", required: false, maxLength: REASON_MAX }],
      submitLabel: "Decline",
    },
  ];
}

/** Remind: the proposer's and the LP's, to nudge the members who have not voted yet. */
export function remindAction(p: ProposalIds): CardAction {
  return { verb: "remind", payload: { verb: "remind", ref: p.caseRef, proposalId: p.proposalId }, label: "Remind", visibleTo: ["organiser"], group: "remind" };
}

/** How many names the card lists before it counts the rest: a TAF can be large. */
const NAMES_SHOWN = 25;

function stillToVote(people: readonly { name: string }[]): Rich {
  const shown = people.slice(0, NAMES_SHOWN).flatMap((p, i) => [...(i ? [", "] : []), said(p.name, 100)]);
  return people.length > NAMES_SHOWN ? [...shown, ` and ${people.length - NAMES_SHOWN} more`] : shown;
}

/** The tally, worded as each platform has always worded it (see the card parity test). */
function tally(v: ProposalView): Rich {
  const t = v.tally;
  return [
    {
      slack: [
        `:white_check_mark: ${t.agree} agree · :x: ${t.object} object · :heavy_minus_sign: ${t.abstain} abstain · ` +
          `${t.notVoted} still to vote (quorum ${t.quorum} of ${t.electorate})`,
      ],
      teams: [`Agree ${t.agree} · Object ${t.object} · Abstain ${t.abstain} · Not voted ${t.notVoted} (quorum ${t.quorum} of ${t.electorate})`],
    },
  ];
}

function voteLines(v: ProposalView): Rich[] {
  return v.votes.map((vote) => {
    const isNominee = v.nominee !== null && vote.voter.id === v.nominee.id;
    const choice = isNominee ? (vote.choice === "agree" ? "accepted" : "declined") : vote.choice;
    return [said(vote.voter.name, 100), `: ${choice}`, ...(vote.reason ? [" — ", said(vote.reason, 500)] : [])];
  });
}

/** What the nominee's own card says: the ask while it is theirs to answer, then what became of it. */
function nominationHeadline(v: ProposalView): Rich {
  const ref = strong(v.caseRef);
  if (v.state === "open" && v.nomineeResponse === "awaiting") {
    return [
      said(v.proposer.name, 200),
      " has proposed you as lead professional for ",
      ref,
      ". Please accept or decline on the card, or with ",
      { command: `vote ${v.caseRef} accept` },
      " / ",
      { command: `vote ${v.caseRef} decline <reason>` },
      ".",
    ];
  }
  if (v.state === "open") {
    return [`You ${v.nomineeResponse} the nomination for `, ref, ". The TAF is still voting; ", { command: `vote ${v.caseRef} accept|decline` }, " changes your answer until the vote closes."];
  }
  if (v.state === "withdrawn") return ["This proposal for ", ref, " was withdrawn", ...(v.outcomeReason ? [": ", said(v.outcomeReason, 500)] : []), ". Nothing is left for you to answer."];
  return [strong(`Vote closed: ${STATE[v.state].toLowerCase()}`), ...(v.outcomeReason ? [" (", said(v.outcomeReason, 500), ")"] : []), ". Nothing is left for you to answer."];
}

/** The nominee's own card, in their chat with leadbot: only Accept and Decline, and only while unanswered. */
function nominationCard(v: ProposalView): Card {
  const open = v.state === "open";
  const asked = open && v.nomineeResponse === "awaiting" && v.nominee !== null;
  return card("proposal", "Lead professional nomination", {
    subject: v.nominee?.name ?? null,
    caseRef: v.caseRef,
    tone: asked ? "emphasis" : open ? "default" : v.state === "agreed" ? "good" : "warning",
    headline: nominationHeadline(v),
    facts: [
      { label: "Proposed by", value: person(v.proposer) },
      ...(v.reason.trim() ? [{ label: "Reason", value: [said(v.reason, 1000)] }] : []),
      { label: open ? "Voting closes" : "Voting was due to close", value: [{ moment: v.deadline }] },
      { label: "Your answer", value: [RESPONSE[v.nomineeResponse]] },
      ...(open ? [] : [{ label: "Outcome", value: [STATE[v.state]] }]),
    ],
    sections: [{ heading: "Tally", lines: [tally(v)] }],
    // Everyone reading this card is the nominee, whatever the platform calls the reader.
    actions: asked ? nomineeActions(v).map((a) => ({ ...a, visibleTo: [...a.visibleTo, "other" as const, "member" as const, "organiser" as const] })) : [],
    refresh: null,
    summary: asked ? `You are proposed as lead professional for ${v.caseRef}: please accept or decline.` : `Lead professional nomination for ${v.caseRef}: ${open ? RESPONSE[v.nomineeResponse].toLowerCase() : STATE[v.state].toLowerCase()}.`,
  });
}

export function proposalCard(v: ProposalView): Card {
  if (v.forNominee) return nominationCard(v);
  const appoint = v.kind === "appoint";
  const open = v.state === "open";
  const title = appoint ? "Lead professional proposal" : "Closure proposal";
  const sections: Section[] = [];
  if (v.familyPrefersOther) sections.push({ heading: "Family's view", lines: [[said(v.familyView, 1000)]], tone: "warning" });
  if (v.notes.length) {
    sections.push({
      heading: "Notes for voters (statutory, advisory and eligibility)",
      lines: v.notes.slice(0, 15).map((n) => ["• ", said(n, 400)]),
      tone: "emphasis",
    });
  }
  sections.push({ heading: "Tally", lines: [tally(v)] });
  if (v.votes.length) sections.push({ heading: "Votes", lines: voteLines(v), style: "subtle" });
  const waiting = v.notVotedYet ?? [];
  if (open && waiting.length) sections.push({ heading: "Still to vote", lines: [stillToVote(waiting)] });
  if (open) {
    sections.push({ lines: [["A vote can be changed until the vote closes."]], style: "subtle" });
    if (waiting.length) {
      sections.push({
        lines: [["The proposer and the lead professional can remind those still to vote, once every few hours."]],
        style: "subtle",
        for: ["everyone", "organiser"],
        withActions: true,
      });
    }
    if (appoint && v.nominee && v.nomineeResponse === "awaiting") {
      sections.push({
        lines: [["Only the nominee, ", said(v.nominee.name, 100), ", answers with Accept or Decline; the rest of the TAF votes."]],
        style: "subtle",
        for: ["everyone"],
        withActions: true,
      });
    }
    sections.push({
      lines: [[appoint ? "TAF members vote here. The nominee answers with Agree (accept) or Object (decline)." : "TAF members vote here."]],
      style: "subtle",
      for: ["shared"],
    });
    sections.push({
      lines: [[v.nomineeResponse === "awaiting" ? "You are the nominee: please accept or decline." : `You ${v.nomineeResponse} the nomination.`]],
      style: "subtle",
      for: ["nominee"],
    });
    sections.push({ lines: [[`Only the TAF for ${v.caseRef} votes on this proposal.`]], style: "subtle", for: ["other"] });
  }

  const t = v.tally;
  const what = appoint && v.nominee ? `${v.nominee.name} as lead professional for ${v.caseRef}` : `closing ${v.caseRef}`;
  return card("proposal", title, {
    subject: appoint ? (v.nominee?.name ?? null) : null,
    caseRef: v.caseRef,
    tone: open ? "default" : v.state === "agreed" ? "good" : "warning",
    headline: open ? null : [strong(`Vote closed: ${STATE[v.state].toLowerCase()}`)],
    facts: [
      ...(appoint && v.nominee ? [{ label: "Nominee", value: person(v.nominee) }] : []),
      { label: "Proposed by", value: person(v.proposer) },
      ...(v.reason.trim() ? [{ label: "Reason", value: [said(v.reason, 1000)] }] : []),
      ...(v.familyPrefersOther ? [] : [{ label: "Family's view", value: [said(v.familyView, 1000)] }]),
      { label: open ? "Voting closes" : "Voting was due to close", value: [{ moment: v.deadline }] },
      ...(appoint ? [{ label: "Nominee's answer", value: [RESPONSE[v.nomineeResponse]] }] : []),
      ...(open ? [] : [{ label: "Outcome", value: [STATE[v.state]] }]),
      ...(!open && v.outcomeReason ? [{ label: "Why", value: [said(v.outcomeReason, 500)] }] : []),
    ],
    sections,
    // Accept and Decline go once the nominee has answered (typed `vote … accept|decline` still changes it).
    actions: open ? [...voteActions(v), ...(appoint && v.nominee && v.nomineeResponse === "awaiting" ? nomineeActions(v) : []), ...(waiting.length ? [remindAction(v)] : [])] : [],
    refresh: open ? { verb: "refresh", view: "proposal", ref: v.caseRef, proposalId: v.proposalId } : null,
    summary: `${title}: ${what}. ${t.agree} agree, ${t.object} object, ${t.abstain} abstain, ${plural(t.notVoted, "still to vote", "still to vote")}.`,
  });
}
