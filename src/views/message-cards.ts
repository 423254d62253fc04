// Caseloads, reports, plain messages, help and errors: cards without buttons.
import type { CaseloadView, ErrorView, HelpView, ReportView, TextView } from "../domain/views.js";
import { card, person, said, type Card, type Rich } from "./card.js";

export function caseloadCard(v: CaseloadView): Card {
  const lines: Rich[] = v.rows.map((r) => {
    const extra = [
      r.overCapacity ? "over capacity" : "",
      r.overdueReviews ? `${r.overdueReviews} overdue review${r.overdueReviews === 1 ? "" : "s"}` : "",
      r.handoversInFlight ? `${r.handoversInFlight} handover${r.handoversInFlight === 1 ? "" : "s"} in progress` : "",
    ].filter(Boolean);
    return ["• ", ...person(r.practitioner), `: leads ${r.leadCases} of ${r.capacity}${extra.length ? ` — ${extra.join(", ")}` : ""}`];
  });
  return card("caseload", "Caseload", {
    sections: [lines.length ? { lines } : { lines: [["Nobody to show."]], style: "subtle" }],
    summary: `Caseload: ${v.rows.map((r) => `${r.practitioner.name} ${r.leadCases}/${r.capacity}`).join(", ")}`,
  });
}

/** Label/value rows; a file goes separately to the reader's chat with leadbot. */
export function reportCard(v: ReportView): Card {
  return card("report", v.title, {
    caseRef: v.caseRef,
    facts: v.rows.map((r) => ({ label: r.label, value: [said(r.value, 500)] })),
    sections: [
      ...(v.rows.length ? [] : [{ lines: [["Nothing to show."]], style: "subtle" as const }]),
      ...(v.file ? [{ lines: [["The CSV file ", said(v.file.filename, 200), " follows in your chat with leadbot."]], style: "subtle" as const }] : []),
    ],
    summary: v.title,
  });
}

const TONE = { info: "emphasis", success: "good", warning: "warning" } as const;

export function textCard(v: TextView): Card {
  return card("text", "", { caseRef: v.caseRef, tone: TONE[v.tone], headline: [said(v.text, 3000)], summary: v.text });
}

export function helpCard(v: HelpView): Card {
  return card("help", v.topic ? `Help: ${v.topic}` : "leadbot commands", {
    sections: [
      // How to talk to leadbot differs: a slash command in Slack, a message or @mention in Teams.
      {
        lines: [[{ slack: [], teams: ["Write these to me in a personal chat, or after @leadbot in a channel. Mention people with @."] }]],
        style: "subtle",
      },
      ...v.entries.map((e) => ({ lines: [[{ command: e.usage }], [said(e.summary, 500)]] })),
      {
        lines: [["Use case references only (e.g. EH-2026-0042): never a child's name or details. ", { command: "help <command>" }, " explains one command."]],
        style: "subtle" as const,
      },
    ],
    summary: v.topic ? `Help: ${v.topic}` : "The leadbot commands",
  });
}

export function errorCard(v: ErrorView): Card {
  return card("error", "", {
    tone: "attention",
    headline: [said(v.message, 3000)],
    sections: [
      ...(v.usage ? [{ heading: "Usage", lines: [[{ command: v.usage }]], style: "code" as const }] : []),
      ...(v.correlationId ? [{ lines: [["Reference: ", said(v.correlationId, 100)]], style: "subtle" as const }] : []),
    ],
    summary: v.message,
  });
}
