// A nudge about one plan action [DOMAIN §11]: due soon (Done, and on the recipient's first copy
// Snooze), overdue (Done), and once it is settled, what became of it, with no buttons left.
import type { PlanNudgeView } from "../domain/views.js";
import { card, person, plural, said, strong, type Card, type Rich, type Section } from "./card.js";
import { laterSection, snoozable, snoozeAction } from "./nudge-cards.js";
import { planDoneAction } from "./plan-card.js";

const ownerOf = (v: PlanNudgeView): Rich => (v.owner ? person(v.owner) : ["the family"]);

function headline(v: PlanNudgeView): [string, Rich, Card["tone"]] {
  const action: Rich = ["Action ", strong(String(v.n)), " of ", strong(v.caseRef)];
  const by: Rich = v.by ? [" by ", ...person(v.by)] : [];
  switch (v.event) {
    case "reminder":
      return v.workingDaysBefore === 0
        ? ["Action due today", [...action, " is due today."], "default"]
        : ["Action due soon", [...action, ` is due in ${plural(v.workingDaysBefore ?? 0, "working day")}, on `, { day: v.dueDate }, "."], "default"];
    case "overdue":
      return ["Action overdue", [...action, " was due on ", { day: v.dueDate }, ` and is ${plural(v.workingDaysOverdue, "working day")} overdue.`], "attention"];
    case "done":
      return ["Action done", [...action, " was marked done", ...by, "."], "good"];
    case "dropped":
      return ["Action dropped", [...action, " was dropped", ...by, ": nothing more is due."], "good"];
    case "moved":
      return ["Action moved", [...action, " was moved", ...by, " and is now due on ", { day: v.dueDate }, ". Its reminders follow the new date."], "emphasis"];
  }
}

export function planNudgeCard(v: PlanNudgeView): Card {
  const [title, head, tone] = headline(v);
  const pending = (v.event === "reminder" || v.event === "overdue") && !v.caseClosed;
  const sections: Section[] = [...laterSection(v)];
  if (pending && v.event === "overdue" && v.escalatableAfter !== undefined) {
    sections.push({
      lines: [
        [`Overdue by more than ${plural(v.escalatableAfter, "working day")}: the lead professional can raise it with the owner's line manager, `, { command: `escalate ${v.caseRef} action ${v.n} <reason>` }, "."],
      ],
    });
  }
  if (pending && v.event === "overdue" && v.reconvene) {
    sections.push({
      lines: [[`${v.reconvene.overdue} of the plan's ${v.reconvene.of} actions are overdue: the lead professional should think about reconvening the Team Around the Family.`]],
      tone: "warning",
    });
  }
  if (pending) {
    sections.push({
      lines: [
        ["When it is done: ", { command: `plan done ${v.caseRef} ${v.n}` }, "; if it needs longer: ", { command: `plan move ${v.caseRef} ${v.n} <date> <reason>` }, "."],
      ],
      style: "subtle",
    });
  }
  const snooze = v.event === "reminder" ? snoozable(v) : null;
  return card("plan-nudge", title, {
    caseRef: v.caseRef,
    tone: v.caseClosed ? "good" : tone,
    headline: head,
    facts: [
      { label: "Action", value: [said(v.text, 300)] },
      { label: "Owner", value: ownerOf(v) },
      { label: "Due", value: [{ day: v.dueDate }] },
      ...(v.event === "overdue" && v.lead ? [{ label: "Lead professional", value: person(v.lead) }] : []),
    ],
    sections,
    actions: pending ? [planDoneAction(v.caseRef, v.n), ...(snooze ? [snoozeAction({ caseRef: v.caseRef, nudge: "plan", reminder: snooze })] : [])] : [],
    summary: `${title}: action ${v.n} of ${v.caseRef}.`,
  });
}
