// Caseloads, reports, plain messages, help and errors: cards without buttons.
import type { CaseloadView, ErrorView, HelpView, ReportView, TextView } from "../domain/views.js";
import { card, person, said, strong, type Card, type Rich, type Section } from "./card.js";

/** The cases behind a count, so a manager can go straight to `case status <ref>`. */
const MAX_CASES_LISTED = 20;
function caseList(cases: CaseloadView["rows"][number]["cases"]): Rich {
  if (cases.length === 0) return [];
  const shown = cases.slice(0, MAX_CASES_LISTED).flatMap((c, i): Rich => [
    i ? ", " : "",
    strong(c.ref),
    ...(c.reviewDate ? [" (review ", { day: c.reviewDate }, c.overdue ? ", overdue)" : ")"] : [" (no review date)"]),
  ]);
  const more = cases.length > MAX_CASES_LISTED ? [`, and ${cases.length - MAX_CASES_LISTED} more`] : [];
  return ["Cases: ", ...shown, ...more];
}

export function caseloadCard(v: CaseloadView): Card {
  const lines: Rich[] = v.rows.flatMap((r): Rich[] => {
    const extra = [
      r.overCapacity ? "over capacity" : "",
      r.overdueReviews ? `${r.overdueReviews} overdue review${r.overdueReviews === 1 ? "" : "s"}` : "",
      r.handoversInFlight ? `${r.handoversInFlight} handover${r.handoversInFlight === 1 ? "" : "s"} in progress` : "",
      r.actions.open ? `owns ${r.actions.open} open plan action${r.actions.open === 1 ? "" : "s"}${r.actions.overdue ? ` (${r.actions.overdue} overdue)` : ""}` : "",
    ].filter(Boolean);
    const row: Rich = ["• ", ...person(r.practitioner), `: leads ${r.leadCases} of ${r.capacity}${extra.length ? ` — ${extra.join(", ")}` : ""}`];
    // On a line of its own under the person: Teams draws each line as its own text block.
    return r.cases.length ? [row, caseList(r.cases)] : [row];
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

type HelpEntry = HelpView["groups"][number]["entries"][number];

/** A group of commands under its heading: each usage line, then what it does. */
function helpGroup(title: string, entries: HelpEntry[]): Section {
  return { heading: title, lines: entries.flatMap((e): Rich[] => [[{ command: e.usage }], [said(e.summary, 500)]]) };
}

/** One command explained: usage and summary, examples to copy, and what each option means. */
function helpDetail(e: HelpEntry): Section[] {
  return [
    { lines: [[{ command: e.usage }], [said(e.summary, 500)]] },
    ...(e.examples.length ? [{ heading: e.examples.length === 1 ? "Example" : "Examples", lines: e.examples.map((x): Rich => [{ command: x }]) }] : []),
    ...(e.options.length ? [{ heading: "Options", lines: e.options.map((o): Rich => ["• ", strong(o.name), `: ${o.meaning}`]) }] : []),
  ];
}

function helpMore(more: string[]): Rich {
  if (more.length === 0) return [];
  const asked = more.flatMap((m, i): Rich => [i ? (i === more.length - 1 ? " or " : ", ") : "", { command: m }]);
  return [" More: ", ...asked, "."];
}

export function helpCard(v: HelpView): Card {
  return card("help", v.topic ? `Help: ${v.topic}` : "leadbot commands", {
    sections: [
      // How to talk to leadbot differs: a slash command in Slack, a message or @mention in Teams.
      {
        lines: [[{ slack: [], teams: ["Write these to me in a personal chat, or after @leadbot in a channel. Mention people with @."] }]],
        style: "subtle",
      },
      ...v.groups.flatMap((g) => (g.title === null ? g.entries.flatMap(helpDetail) : [helpGroup(g.title, g.entries)])),
      {
        lines: [["Use case references only (e.g. EH-2026-0042): never a child's name or details.", ...helpMore(v.more)]],
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
