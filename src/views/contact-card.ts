// A missed check-in with the family, on the LP's card: Record contact and, on the first copy, Snooze.
import { formatDay } from "../domain/presenters/format-time.js";
import type { ContactView } from "../domain/views.js";
import { card, EVERY_VIEWER, strong, type Card, type CardAction } from "./card.js";
import { snoozeAction } from "./nudge-cards.js";

const cadenceWords = (n: number) => (n === 1 ? "every week" : `every ${n} weeks`);

/** Records a check-in with the family from the nudge: the same as typing `contact <ref>`. */
export function recordContactAction(caseRef: string): CardAction {
  return {
    verb: "record-contact",
    payload: { verb: "record-contact", ref: caseRef },
    label: "Record contact",
    style: "primary",
    visibleTo: EVERY_VIEWER,
    group: "nudge",
  };
}

export function contactCard(v: ContactView): Card {
  const since = v.sinceContact ? [{ day: v.since }] : ["the cadence was set on ", { day: v.since }];
  return card("contact", "Check-in with the family missed", {
    caseRef: v.caseRef,
    tone: "warning",
    headline: ["No contact with the family of ", strong(v.caseRef), " recorded since ", ...since, ` (${cadenceWords(v.everyWeeks)}).`],
    facts: [{ label: "Contact planned", value: [cadenceWords(v.everyWeeks)] }],
    sections: [{ lines: [["When you have been in touch: ", { command: `contact ${v.caseRef}` }, " (a note is optional)."]], style: "subtle" }],
    actions: [recordContactAction(v.caseRef), ...(v.snoozeKey ? [snoozeAction({ caseRef: v.caseRef, nudge: "contact", reminder: v.snoozeKey })] : [])],
    summary: `No contact with the family of ${v.caseRef} recorded since ${formatDay(v.since)}.`,
  });
}
