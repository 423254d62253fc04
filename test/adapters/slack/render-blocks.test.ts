// One renderer per view type: each names itself in its first block id, stays inside Slack's
// limits, escapes what people typed, and draws buttons only where they belong.
import { describe, expect, it } from "vitest";
import { decodeValue } from "../../../src/adapters/slack/action-values.js";
import { renderReply, renderView, type KnownBlock } from "../../../src/adapters/slack/render-blocks.js";
import { decodeSlackText } from "../../../src/adapters/slack/slack-text.js";
import { helpView } from "../../../src/application/command-runner.js";
import type { PersonView, View } from "../../../src/domain/views.js";

const tz = "Europe/London";
const hana: PersonView = { id: "p-hana", name: "Hana Health", role: "health-visitor", agency: "Health Visiting" };
const fay: PersonView = { id: "p-fay", name: "Fay Family", role: "family-support-worker", agency: "Family Support Service" };
const deadline = new Date("2026-11-25T17:00:00Z");
const tally = { agree: 1, object: 1, abstain: 0, notVoted: 2, electorate: 4, quorum: 3 };

const proposal = (over: Partial<Extract<View, { type: "proposal" }>> = {}): View => ({
  type: "proposal",
  proposalId: "8f0c7d2e-1111-4a4a-9b9b-222233334444",
  caseRef: "EH-2026-0042",
  kind: "appoint",
  nominee: hana,
  proposer: fay,
  reason: "knows the family <!channel> & visits weekly",
  familyView: "The family prefers Tom Teacher.",
  familyPrefersOther: true,
  notes: ["Hana Health leads 8 open cases, at her capacity of 8.", "Advisory: a social worker still funds services."],
  deadline,
  state: "open",
  nomineeResponse: "awaiting",
  tally,
  votes: [{ voter: fay, choice: "object", reason: "over capacity <@U999>" }],
  outcomeReason: null,
  ...over,
});

const ALL_VIEWS: View[] = [
  proposal(),
  { type: "decision", caseRef: "EH-2026-0042", kind: "appoint", outcome: "agreed", lead: hana, previousLead: fay, reason: "Agreed by the TAF." },
  {
    type: "escalation",
    escalationId: "e-1",
    caseRef: "EH-2026-0042",
    level: 1,
    levelName: "line managers",
    reason: "The TAF could not agree.",
    deciders: [fay],
    deadline,
    state: "open",
    resolution: null,
  },
  {
    type: "case",
    caseRef: "EH-2026-0042",
    open: true,
    statuses: ["early-help"],
    lead: null,
    reviewDate: "2026-12-01",
    taf: [{ ...hana, isLead: false }],
    openProposal: { proposalId: "x", nominee: "Hana Health", deadline },
    openEscalation: null,
    openHandover: null,
    notes: ["Case opened."],
  },
  { type: "handover", caseRef: "EH-2026-0042", event: "started", outgoing: hana, successor: null, trigger: "leaving", deadline },
  { type: "review", caseRef: "EH-2026-0042", event: "date-missing", reviewDate: null, outcome: null, lead: hana, workingDaysBefore: null },
  { type: "caseload", rows: [{ practitioner: hana, leadCases: 9, capacity: 8, overCapacity: true, overdueReviews: 1, handoversInFlight: 0, actions: { open: 0, overdue: 0 }, cases: [] }] },
  { type: "text", tone: "warning", caseRef: null, text: "Careful <!here>" },
  helpView(),
  { type: "error", message: "Nope.", usage: "vote <ref> agree|object <reason>|abstain", correlationId: "abc" },
  {
    type: "report",
    title: "Compliance report 2026-11-02 to 2026-11-27",
    caseRef: null,
    rows: [{ label: "Open cases <!channel>", value: "31" }, { label: "Closures", value: "4" }],
    file: { filename: "leadbot-report-2026-11-02-to-2026-11-27.csv", content: "Figure,Value\r\n" },
  },
];

function textsOf(blocks: KnownBlock[]): string[] {
  return JSON.stringify(blocks).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [];
}

describe("renderView", () => {
  it.each(ALL_VIEWS.map((v) => [v.type, v] as const))("%s: names itself and stays inside Slack's limits", (type, view) => {
    const m = renderView(view, { timeZone: tz, interactive: true });
    expect(m.blocks[0]?.block_id).toBe(`lead.${type}`);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(m.text.length).toBeGreaterThan(0);
    for (const block of m.blocks) {
      if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(150);
      if (block.type === "section" && block.text) expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
    const ids = m.blocks.map((b) => b.block_id).filter(Boolean);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("escapes what people typed, so it can never ping or link", () => {
    const all = JSON.stringify(renderView(proposal(), { timeZone: tz, interactive: true }));
    expect(all).not.toContain("<!channel>");
    expect(all).not.toContain("<@U999>");
    expect(all).toContain("&lt;!channel&gt; &amp; visits weekly");
    expect(JSON.stringify(renderView(ALL_VIEWS[7]!, { timeZone: tz, interactive: true }))).not.toContain("<!here>");
    const report = JSON.stringify(renderView(ALL_VIEWS.find((v) => v.type === "report")!, { timeZone: tz, interactive: true }));
    expect(report).not.toContain("<!channel>");
    expect(report).toContain("*Closures:* 4");
    expect(report).toContain("leadbot-report-2026-11-02-to-2026-11-27.csv");
  });

  it("shows the family's other preference prominently, the notes, the tally and the deadline", () => {
    const all = JSON.stringify(renderView(proposal(), { timeZone: tz, interactive: true }));
    expect(all).toContain(":warning: *Family's view:* The family prefers Tom Teacher.");
    expect(all).toContain("at her capacity of 8");
    expect(all).toContain("1 agree");
    expect(all).toContain("<!date^1795626000^");
    expect(all).toContain("Wed 25 Nov 2026, 17:00");
  });

  it("draws vote and nominee buttons on an open card only, each value a valid action", () => {
    const open = renderView(proposal(), { timeZone: tz, interactive: true });
    const buttons = open.blocks.flatMap((b) => (b.type === "actions" ? b.elements : [])) as Array<{ action_id: string; value: string }>;
    expect(buttons.map((b) => b.action_id)).toEqual(["lead.vote.agree", "lead.vote.object", "lead.vote.abstain", "lead.vote.accept", "lead.vote.decline"]);
    for (const b of buttons) expect(decodeValue(b.value)).toMatchObject({ v: "vote", ref: "EH-2026-0042" });

    const closed = renderView(proposal({ state: "agreed", outcomeReason: "3 agreed" }), { timeZone: tz, interactive: true });
    expect(closed.blocks.some((b) => b.type === "actions")).toBe(false);
    const reply = renderReply(proposal(), tz);
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.blocks.some((b) => b.type === "actions")).toBe(false);
    const closure = renderView(proposal({ kind: "closure", nominee: null }), { timeZone: tz, interactive: true });
    expect(closure.blocks.filter((b) => b.type === "actions")).toHaveLength(1);
  });

  it("keeps a huge reason inside one section without cutting an entity in half", () => {
    const m = renderView(proposal({ reason: "&".repeat(5000) }), { timeZone: tz, interactive: true });
    for (const t of textsOf(m.blocks)) expect(t.length).toBeLessThanOrEqual(3010);
    expect(JSON.stringify(m)).not.toMatch(/&am…|&a…|&…/);
  });
});

describe("decodeSlackText", () => {
  it("undoes Slack's three escapes, &amp; last", () => {
    expect(decodeSlackText("a &amp; b &lt;tag&gt; &amp;lt; <@U1|sam>")).toBe("a & b <tag> &lt; <@U1|sam>");
  });
});
