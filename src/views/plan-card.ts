// The case's plan [DOMAIN §11]: overdue first (what needs chasing), then open, then done; dropped
// ones counted. Each open action has a Done button; the domain refuses whoever may not use it.
import type { PlanActionView, PlanView } from "../domain/views.js";
import { card, EVERY_VIEWER, plural, said, strong, type Card, type CardAction, type Rich, type Section } from "./card.js";

/** Enough buttons for a plan a TAF keeps in its head; the rest are typed (`plan done <ref> <n>`). */
const MAX_BUTTONS = 10;
const MAX_LINES = 25;

function ownerOf(a: PlanActionView): Rich {
  return a.owner ? [said(a.owner.name, 200)] : ["the family"];
}

function line(a: PlanActionView): Rich {
  const head: Rich = [strong(`${a.n}.`), " ", said(a.text, 300), " — ", ...ownerOf(a)];
  if (a.status === "done") return [...head, ", done", ...(a.closedOn ? [" ", { day: a.closedOn }] : [])];
  if (a.workingDaysOverdue > 0) return [...head, ", due ", { day: a.dueDate }, `, ${plural(a.workingDaysOverdue, "working day")} overdue`];
  return [...head, ", due ", { day: a.dueDate }];
}

export function planDoneAction(caseRef: string, n: number): CardAction {
  return { verb: "plan-done", payload: { verb: "plan-done", ref: caseRef, n }, label: `Done: ${n}`, style: "primary", visibleTo: EVERY_VIEWER, group: "plan" };
}

export function planCard(v: PlanView): Card {
  const overdue = v.actions.filter((a) => a.status === "open" && a.workingDaysOverdue > 0);
  const open = v.actions.filter((a) => a.status === "open" && a.workingDaysOverdue === 0);
  const done = v.actions.filter((a) => a.status === "done");
  const sections: Section[] = [];
  if (v.notice) sections.push({ lines: [[v.notice]], tone: "good" });
  if (v.reconvene && v.caseOpen) {
    sections.push({ lines: [["More than a third of the actions are overdue: think about reconvening the Team Around the Family."]], tone: "warning" });
  }
  if (overdue.length) sections.push({ heading: `Overdue (${overdue.length})`, lines: overdue.slice(0, MAX_LINES).map(line), tone: "attention" });
  if (open.length) sections.push({ heading: `Open (${open.length})`, lines: open.slice(0, MAX_LINES).map(line) });
  if (done.length) sections.push({ heading: `Done (${done.length})`, lines: done.slice(-MAX_LINES).map(line), style: "subtle" });
  if (v.actions.length === 0) {
    sections.push({ lines: [["No actions yet. Add what the Team Around the Family agreed: ", { command: `plan add ${v.caseRef} @owner <action> by <date>` }, "."]] });
  } else if (v.caseOpen) {
    sections.push({ lines: [["Change an action: ", { command: `plan done|drop|move ${v.caseRef} <n> …` }, "."]], style: "subtle" });
  }
  const stillOpen = [...overdue, ...open].sort((a, b) => a.n - b.n);
  const counts = v.counts;
  return card("plan", "Plan", {
    caseRef: v.caseRef,
    subject: v.caseRef,
    tone: counts.overdue > 0 ? "warning" : "default",
    headline: v.caseOpen ? null : [strong(v.caseRef), " is closed: its plan is kept as it was."],
    facts: [
      { label: "Open", value: [String(counts.open)] },
      { label: "Overdue", value: [String(counts.overdue)] },
      { label: "Done", value: [String(counts.done)] },
      ...(counts.dropped ? [{ label: "Dropped", value: [String(counts.dropped)] }] : []),
    ],
    sections,
    actions: v.caseOpen ? stillOpen.slice(0, MAX_BUTTONS).map((a) => planDoneAction(v.caseRef, a.n)) : [],
    summary: `Plan of ${v.caseRef}: ${counts.open} open (${counts.overdue} overdue), ${counts.done} done.`,
  });
}
