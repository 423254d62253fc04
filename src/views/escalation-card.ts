// An escalation after the TAF could not agree: who decides, by when, and the deciders' buttons.
import type { DisputeView, EscalationView } from "../domain/views.js";
import { card, person, said, strong, type Card, type CardAction, type Fact, type Rich, type Section } from "./card.js";
import { REASON_MAX } from "./proposal-card.js";

const reasonInput = (label: string) =>
  ({ kind: "text", id: "reason", label, required: true, maxLength: REASON_MAX, errorMessage: "A decision needs a reason." }) as const;

/** Appoint…, Send back to the TAF…, Acknowledge: the deciders' buttons (also on the App Home tab). */
export function escalationActions(e: Pick<EscalationView, "escalationId" | "caseRef">): CardAction[] {
  const payload = (verb: "resolve-appoint" | "resolve-return" | "ack") => ({ verb, ref: e.caseRef, escalationId: e.escalationId });
  return [
    {
      verb: "resolve-appoint",
      payload: payload("resolve-appoint"),
      label: "Appoint",
      style: "primary",
      visibleTo: ["decider"],
      group: "esc",
      inputs: [{ kind: "person", id: "person", label: "Lead professional", errorMessage: "Choose who will lead." }, reasonInput("Reason for the decision")],
      submitLabel: "Appoint",
    },
    {
      verb: "resolve-return",
      payload: payload("resolve-return"),
      label: "Send back to the TAF",
      visibleTo: ["decider"],
      group: "esc",
      inputs: [reasonInput("Why should the TAF propose again?")],
      submitLabel: "Send back",
    },
    { verb: "ack", payload: payload("ack"), label: "Acknowledge", visibleTo: ["decider"], group: "esc" },
  ];
}

const ANSWER: Record<DisputeView["nomineeResponse"], string> = { accepted: "Accepted", declined: "Declined", awaiting: "Did not answer" };

/** One wording on both platforms: a decider reads it once, wherever the alert reached them. */
export function tallyLine(t: DisputeView["tally"]): string {
  return `Agree ${t.agree} · Object ${t.object} · Abstain ${t.abstain} · Not voted ${t.notVoted} (quorum ${t.quorum} of ${t.electorate})`;
}

/** What the TAF was deciding, so the alert is enough to decide from [DOMAIN §5]. */
function disputeFacts(d: DisputeView): Fact[] {
  return [
    ...(d.nominee ? [{ label: "Nominee", value: person(d.nominee) }] : []),
    { label: "Proposed by", value: person(d.proposer) },
    ...(d.reason.trim() ? [{ label: "Proposer's reason", value: [said(d.reason, 1000)] }] : []),
    ...(d.familyPrefersOther ? [] : [{ label: "Family's view", value: [said(d.familyView, 1000)] }]),
    ...(d.kind === "appoint" ? [{ label: "Nominee's answer", value: [ANSWER[d.nomineeResponse]] }] : []),
    { label: "Tally", value: [tallyLine(d.tally)] },
    ...(d.outcomeReason ? [{ label: "Why the vote did not agree", value: [said(d.outcomeReason, 500)] }] : []),
  ];
}

function disputeSections(d: DisputeView): Section[] {
  const sections: Section[] = [];
  // A family preference for someone else is shown prominently: overriding it needs a reason [003].
  if (d.familyPrefersOther) sections.push({ heading: "Family's view", lines: [[said(d.familyView, 1000)]], tone: "warning" });
  if (d.objections.length) {
    sections.push({
      heading: "Objections",
      lines: d.objections.slice(0, 20).map((o) => ["• ", ...person(o.voter), ": ", o.reason ? said(o.reason, 500) : "no reason given"]),
      tone: "attention",
    });
  }
  if (d.notes.length) {
    sections.push({ heading: "Notes (statutory, advisory and eligibility)", lines: d.notes.slice(0, 15).map((n) => ["• ", said(n, 400)]), tone: "emphasis" });
  }
  return sections;
}

const DECIDERS_NOTE: Section = {
  lines: [["Deciders: appoint a lead professional or send the case back to the TAF. Acknowledging stops the reminders, not the clock."]],
  style: "subtle",
  for: ["everyone", "decider"],
  withActions: true,
};

export function escalationCard(v: EscalationView): Card {
  const open = v.state === "open";
  const deciders: Rich = v.deciders.length ? v.deciders.flatMap((d, i) => [...(i ? [", "] : []), ...person(d)]) : ["nobody registered"];
  const dispute = v.dispute ?? null;
  return card("escalation", "Escalation", {
    subject: `level ${v.level}, ${v.levelName}`,
    caseRef: v.caseRef,
    tone: open ? "attention" : "good",
    headline: open
      ? [strong(`Level ${v.level}: `, said(v.levelName, 100))]
      : [strong("Resolved by ", ...(v.resolvedBy ? [said(v.resolvedBy.name, 200), " for the "] : ["the "]), said(v.levelName, 100))],
    facts: [
      { label: "Reason", value: [said(v.reason, 1500)] },
      ...(dispute ? disputeFacts(dispute) : []),
      { label: "Who decides", value: deciders },
      { label: "Decide by", value: v.deadline ? [{ moment: v.deadline }] : ["No time limit: this level's decision is binding."] },
      ...(open ? [] : [{ label: "Decision", value: [said(v.resolution ?? "decided", 1000)] }]),
    ],
    sections: [
      ...(v.confirmation ? [{ lines: [[strong(said(v.confirmation, 300))]], tone: "good" as const }] : []),
      ...(dispute ? disputeSections(dispute) : []),
      ...(open ? [DECIDERS_NOTE] : []),
    ],
    actions: open ? escalationActions(v) : [],
    refresh: open ? { verb: "refresh", view: "escalation", ref: v.caseRef, escalationId: v.escalationId } : null,
    summary: open
      ? `Escalation on ${v.caseRef} (level ${v.level}, ${v.levelName}): ${v.reason}${dispute?.nominee ? ` Nominee: ${dispute.nominee.name}.` : ""}`
      : `Escalation on ${v.caseRef} resolved${v.resolvedBy ? ` by ${v.resolvedBy.name}` : ""}: ${v.resolution ?? ""}`,
  });
}
