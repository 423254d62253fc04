// An escalation after the TAF could not agree: who decides, by when, and the deciders' buttons.
import type { EscalationView } from "../domain/views.js";
import { card, person, said, strong, type Card, type CardAction, type Rich } from "./card.js";
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

export function escalationCard(v: EscalationView): Card {
  const open = v.state === "open";
  const deciders: Rich = v.deciders.length ? v.deciders.flatMap((d, i) => [...(i ? [", "] : []), ...person(d)]) : ["nobody registered"];
  return card("escalation", "Escalation", {
    subject: `level ${v.level}, ${v.levelName}`,
    caseRef: v.caseRef,
    tone: open ? "attention" : "good",
    headline: open ? [strong(`Level ${v.level}: `, said(v.levelName, 100))] : [strong("Escalation resolved by the ", said(v.levelName, 100))],
    facts: [
      { label: "Reason", value: [said(v.reason, 1500)] },
      { label: "Who decides", value: deciders },
      { label: "Decide by", value: v.deadline ? [{ moment: v.deadline }] : ["No time limit: this level's decision is binding."] },
      ...(open ? [] : [{ label: "Decision", value: [said(v.resolution ?? "decided", 1000)] }]),
    ],
    sections: open
      ? [
          {
            lines: [["Deciders: appoint a lead professional or send the case back to the TAF. Acknowledging stops the reminders, not the clock."]],
            style: "subtle",
            for: ["everyone", "decider"],
            withActions: true,
          },
        ]
      : [],
    actions: open ? escalationActions(v) : [],
    refresh: open ? { verb: "refresh", view: "escalation", ref: v.caseRef, escalationId: v.escalationId } : null,
    summary: open
      ? `Escalation on ${v.caseRef} (level ${v.level}, ${v.levelName}): ${v.reason}`
      : `Escalation on ${v.caseRef} resolved: ${v.resolution ?? ""}`,
  });
}
