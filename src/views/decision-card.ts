// The outcome of a proposal or an escalation: who leads now, or why nobody does.
import type { DecisionView } from "../domain/views.js";
import { card, person, said, strong, type Card, type Rich } from "./card.js";

const HOW: Record<DecisionView["kind"], string> = {
  appoint: "Agreed by the TAF",
  closure: "Closure confirmed by the TAF",
  "appointed-on-escalation": "Appointed on escalation",
};

export function decisionCard(v: DecisionView): Card {
  const agreed = v.outcome === "agreed";
  const closure = v.kind === "closure";
  const title = closure
    ? agreed
      ? "Closure agreed"
      : "Closure not agreed"
    : !agreed
      ? "No agreement"
      : v.kind === "appointed-on-escalation"
        ? "Lead professional appointed"
        : "Lead professional agreed";
  const lead = agreed && !closure ? v.lead : null;
  const headline: Rich = lead
    ? [
        // Each platform's sentence is relied on as it is (see the card parity test).
        {
          slack: [...person(lead), " is now the lead professional for ", strong(v.caseRef), "."],
          teams: [said(lead.name), ` is the lead professional for ${v.caseRef}.`],
        },
      ]
    : closure
      ? [agreed ? `${v.caseRef} is closed.` : `${v.caseRef} stays open.`]
      : [`No lead professional agreed for ${v.caseRef}.`];
  return card("decision", title, {
    caseRef: v.caseRef,
    tone: agreed ? "good" : "warning",
    headline,
    facts: [
      { label: "Decision", value: [HOW[v.kind]] },
      ...(v.previousLead && v.previousLead.id !== v.lead?.id ? [{ label: "Previous lead", value: person(v.previousLead) }] : []),
      ...(v.reason.trim() ? [{ label: "Reason", value: [said(v.reason, 1000)] }] : []),
    ],
    summary: lead ? `${lead.name} is now the lead professional for ${v.caseRef}.` : `${title} for ${v.caseRef}.`,
  });
}
