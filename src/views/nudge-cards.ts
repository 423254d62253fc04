// Handovers and reviews: what happened or is due, and on a reminder sent to its recipient, Snooze.
import type { HandoverView, ReviewView } from "../domain/views.js";
import type { HandoverTrigger, SnoozableNudge } from "../domain/types.js";
import { card, EVERY_VIEWER, person, plural, strong, type Card, type CardAction, type Rich, type Section } from "./card.js";


/** On a reminder sent to its recipient: put it off by one working day, once [DOMAIN §6]. */
export function snoozeAction(n: { caseRef: string; nudge: SnoozableNudge; reminder: string }): CardAction {
  return {
    verb: "snooze",
    payload: { verb: "snooze", ref: n.caseRef, nudge: n.nudge, reminder: n.reminder },
    label: "Snooze 1 working day",
    visibleTo: EVERY_VIEWER,
    group: "nudge",
  };
}

/** What became of a reminder since it was sent: snoozed (it comes again then), or its case closed. */
export function laterSection(v: { snoozedUntil?: Date; caseClosed?: boolean; caseRef: string }): Section[] {
  if (v.caseClosed) return [{ lines: [[strong(v.caseRef), " is closed: nothing more is due."]], tone: "good" }];
  if (v.snoozedUntil) return [{ lines: [[strong("Snoozed: "), "I'll remind you again on ", { moment: v.snoozedUntil }, "."]], tone: "emphasis" }];
  return [];
}

/** A reminder that was snoozed, or whose case is closed, cannot be snoozed (again). */
export const snoozable = (v: { snoozeKey?: string; snoozedUntil?: Date; caseClosed?: boolean }): string | null =>
  v.snoozeKey && !v.snoozedUntil && !v.caseClosed ? v.snoozeKey : null;

export const TRIGGER_TEXT: Record<HandoverTrigger, string> = {
  leaving: "the lead professional is leaving their role",
  "long-term-sick": "the lead professional is on long-term sick leave",
  "work-complete": "their time-limited piece of work is finished",
  "family-request": "the family asked for a change",
  "legal-proceedings": "the lead professional must pursue legal proceedings",
  transition: "a transition point (e.g. change of school)",
};

export function handoverCard(v: HandoverView): Card {
  const outgoing = person(v.outgoing);
  const due = { moment: v.deadline };
  const texts: Record<HandoverView["event"], [string, Rich, Card["tone"]]> = {
    started: ["Handover started", [...outgoing, " is handing over the lead professional role. They stay lead professional until a successor is agreed."], "default"],
    completed: [
      "Handover completed",
      [...(v.successor ? person(v.successor) : ["The successor"]), " takes over from ", ...outgoing, " as lead professional for ", strong(v.caseRef), "."],
      "good",
    ],
    reminder: ["Handover reminder", ["The handover from ", ...outgoing, " is due by ", due, ". Propose a successor with ", { command: `propose ${v.caseRef} @who` }, "."], "default"],
    missed: ["Handover deadline missed", ["The handover from ", ...outgoing, " was due by ", due, " and no successor is agreed."], "attention"],
  };
  const [title, headline, tone] = texts[v.event];
  return card("handover", title, {
    caseRef: v.caseRef,
    tone,
    headline,
    facts: [
      { label: "Why", value: [TRIGGER_TEXT[v.trigger]] },
      { label: "Handover by", value: [due] },
    ],
    sections: laterSection(v),
    actions: snoozable(v) ? [snoozeAction({ caseRef: v.caseRef, nudge: "handover", reminder: snoozable(v)! })] : [],
    summary: {
      started: `Handover of ${v.caseRef} started by ${v.outgoing.name}.`,
      completed: `Handover of ${v.caseRef} completed.`,
      reminder: `Handover of ${v.caseRef} due soon.`,
      missed: `Handover of ${v.caseRef} is overdue.`,
    }[v.event],
  });
}

const numbers = (ns: readonly number[]) => (ns.length === 1 ? `action ${ns[0]}` : `actions ${ns.join(", ")}`);

/** The plan's progress, what the review changed of it, and the prompt to reconvene. */
function planSections(v: ReviewView): Section[] {
  const p = v.plan;
  const changed = [...(v.carried?.length ? [`carried ${numbers(v.carried)} forward`] : []), ...(v.dropped?.length ? [`dropped ${numbers(v.dropped)}`] : [])];
  const sections: Section[] = [];
  if (p && v.event !== "closed") {
    const overdue = p.overdue ? `, ${p.overdue} overdue (${p.overdueOwners.join(", ")})` : ", none overdue";
    sections.push({ heading: "Plan", lines: [[`${p.done} done, ${p.open} open${overdue}. `, { command: `plan ${v.caseRef}` }, " shows it."]] });
    if (p.reconvene) {
      sections.push({ lines: [["More than a third of the plan's actions are overdue: think about reconvening the Team Around the Family."]], tone: "warning" });
    }
  }
  if (changed.length) sections.push({ lines: [[`The review ${changed.join(" and ")}.`]] });
  return sections;
}

export function reviewCard(v: ReviewView): Card {
  const ref = strong(v.caseRef);
  const date: Rich = v.reviewDate ? [{ day: v.reviewDate }] : ["an unknown date"];
  const days = v.workingDaysBefore;
  const late = v.event === "overdue" && v.workingDaysOverdue ? plural(v.workingDaysOverdue, "working day") : null;
  const texts: Record<ReviewView["event"], [string, Rich, Card["tone"]]> = {
    set: ["Review date set", ["The next review of ", ref, " is on ", ...date, "."], "default"],
    done: ["Review recorded", ["Review of ", ref, " recorded: ", strong((v.outcome ?? "done").replace(/-/g, " ")), "."], "good"],
    reminder: [
      "Review reminder",
      days === null ? ["The review of ", ref, " is on ", ...date, "."] : ["The review of ", ref, days === 0 ? " is today." : ` is in ${plural(days, "working day")}.`],
      "default",
    ],
    overdue: ["Review overdue", ["The review of ", ref, " was due on ", ...date, late ? ` and is ${late} overdue: it has not been recorded.` : " and has not been recorded."], "attention"],
    "date-missing": ["Review date needed", [ref, " has no review date. Set one with ", { command: `review set ${v.caseRef} <date>` }, "."], "warning"],
    closed: ["Case closed", [ref, " is closed: it has no next review, and no more review reminders will come."], "good"],
  };
  const [title, headline, tone] = texts[v.event];
  const when = days === null ? "" : days === 0 ? " (today)" : ` (in ${plural(days, "working day")})`;
  return card("review", title, {
    caseRef: v.caseRef,
    tone,
    headline,
    facts: [
      ...(v.event === "reminder" && v.reviewDate ? [{ label: "Review date", value: [...date, when] }] : []),
      ...(late ? [{ label: "Overdue by", value: [late] }] : []),
      ...(v.event === "done" ? [{ label: "Next review", value: v.reviewDate ? date : ["None set"] }] : []),
      ...(v.lead ? [{ label: "Lead professional", value: person(v.lead) }] : []),
    ],
    sections: [
      ...laterSection({ ...v, caseClosed: false }),
      ...planSections(v),
      ...(v.event === "reminder" || v.event === "overdue"
        ? [{ lines: [["When it has been held: ", { command: `review done ${v.caseRef} continue|step-up|step-down|closure` }, "."]], style: "subtle" as const }]
        : []),
    ],
    actions: snoozable(v) ? [snoozeAction({ caseRef: v.caseRef, nudge: "review", reminder: snoozable(v)! })] : [],
    summary: late ? `${title}: ${v.caseRef}, ${late}.` : `${title}: ${v.caseRef}.`,
  });
}
