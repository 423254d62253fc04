// One case at a glance: statuses, lead professional, review date, the TAF and what is in progress.
import type { CaseView } from "../domain/views.js";
import { card, person, said, type Card, type Rich, type Section } from "./card.js";

const words = (kebab: string) => kebab.replace(/-/g, " ");

export function caseCard(v: CaseView): Card {
  const sections: Section[] = [];
  const taf: Rich[] = v.taf.slice(0, 40).map((m) => ["• ", ...person(m), ...(m.isLead ? [" — lead professional"] : [])]);
  sections.push({ heading: `Team Around the Family (${v.taf.length})`, lines: taf.length ? taf : [["Nobody yet."]] });
  const open: Rich[] = [];
  if (v.openProposal) open.push(["• Open vote on ", said(v.openProposal.nominee ?? "closure", 100), ", closes ", { moment: v.openProposal.deadline }]);
  if (v.openEscalation) {
    open.push([`• Escalated (level ${v.openEscalation.level})`, ...(v.openEscalation.deadline ? [", level ends ", { moment: v.openEscalation.deadline }] : [])]);
  }
  if (v.openHandover) {
    open.push(["• Handover from ", said(v.openHandover.outgoing, 100), ` (${words(v.openHandover.trigger)}), due `, { moment: v.openHandover.deadline }]);
  }
  if (open.length) sections.push({ heading: "In progress", lines: open });
  if (v.notes.length) sections.push({ lines: v.notes.slice(0, 5).map((n) => [said(n, 1000)]), style: "subtle" });
  return card("case", "Case", {
    caseRef: v.caseRef,
    facts: [
      { label: "State", value: [v.open ? "Open" : "Closed"] },
      { label: "Statuses", value: [v.statuses.map(words).join(", ")] },
      { label: "Lead professional", value: v.lead ? person(v.lead) : ["None yet"] },
      { label: "Next review", value: v.reviewDate ? [{ day: v.reviewDate }] : ["Not set"] },
      ...(v.contact
        ? [
            { label: "Contact with the family", value: [v.contact.everyWeeks === null ? "No cadence set" : v.contact.everyWeeks === 1 ? "Every week" : `Every ${v.contact.everyWeeks} weeks`] },
            { label: "Last contact", value: v.contact.lastContactOn ? [{ day: v.contact.lastContactOn }] : ["None recorded"] },
          ]
        : []),
    ],
    sections,
    summary: `Case ${v.caseRef}: ${v.lead ? `lead professional ${v.lead.name}` : "no lead professional yet"}; ${v.taf.length} on the TAF.`,
  });
}
