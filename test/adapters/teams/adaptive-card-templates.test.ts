// Every template in adaptive-cards/ is filled from its view model (in each viewer's variant) and
// parsed by the official `adaptivecards` library: no unknown element or action, no parse or
// validation event, no `${…}` left unbound, and it renders. The library needs a DOM: jsdom.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { helpView, errorView } from "../../../src/application/command-runner.js";
import { renderTemplateFile } from "../../../src/adapters/teams/adaptive-card-template.js";
import {
  cardFor,
  SHARED_CONTEXT,
  TEMPLATE_NAMES,
  TEMPLATE_PARTS,
  templatePath,
  templateNameFor,
  withNotice,
  type AdaptiveCardJson,
  type CardContext,
} from "../../../src/adapters/teams/render-card.js";
import type {
  CaseView,
  CaseloadView,
  DecisionView,
  EscalationView,
  HandoverView,
  PersonView,
  ProposalView,
  ReportView,
  ReviewView,
  TextView,
  View,
} from "../../../src/domain/views.js";
import { cardVerbs } from "../../support/fake-teams-connector.js";
import { VIEW_SAMPLES } from "../../support/view-samples.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const TZ = "Europe/London";

type AdaptiveCardsModule = typeof import("adaptivecards");
let AC: AdaptiveCardsModule;

beforeAll(async () => {
  const dom = new JSDOM("<!doctype html><html><body></body></html>");
  const g = globalThis as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(dom.window)) {
    if (/^(HTML|SVG|Node$|Element$|Event$|KeyboardEvent$|MouseEvent$|DOMParser$|getComputedStyle$)/.test(key) && !(key in g)) {
      g[key] = (dom.window as unknown as Record<string, unknown>)[key];
    }
  }
  g.window = dom.window;
  g.document = dom.window.document;
  AC = await import("adaptivecards");
  // Teams renders markdown itself; here the text only has to reach the DOM, quietly.
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = text;
    result.didProcess = true;
  };
});

// ---------------------------------------------------------------------------------------------
// Fictional people and view models

const person = (id: string, name: string, role = "family-support-worker", agency = "Family Support Service"): PersonView => ({ id, name, role, agency });
const tom = person("p-tom", "Tom Teacher", "teacher", "Oak Primary School");
const hana = person("p-hana", "Hana Health", "health-visitor", "Health Visiting");
const sam = person("p-sam", "Sam Social", "social-worker", "Children's Social Care");
const meg = person("p-meg", "Meg Manager", "manager", "Early Help");
const deadline = new Date("2026-11-25T17:00:00Z");

const openProposal: ProposalView = {
  type: "proposal",
  proposalId: "3f1c1a52-8b7e-4f7e-9a4b-1c2d3e4f5a6b",
  caseRef: "EH-2026-0042",
  kind: "appoint",
  nominee: tom,
  proposer: hana,
  reason: "Tom sees the family every day at school.",
  familyView: "The family prefers Sam Social.",
  familyPrefersOther: true,
  notes: ["SENCO may be lead professional for a child with special educational needs.", "Tom leads 7 of 8 cases."],
  deadline,
  state: "open",
  nomineeResponse: "awaiting",
  tally: { agree: 1, object: 1, abstain: 0, notVoted: 1, electorate: 3, quorum: 2 },
  votes: [
    { voter: hana, choice: "agree", reason: null },
    { voter: sam, choice: "object", reason: "The family asked for me." },
  ],
  outcomeReason: null,
};

const views: { name: string; view: View; contexts: CardContext[] }[] = [];
const ctx = (viewer: CardContext["viewer"], extra: Partial<CardContext> = {}): CardContext => ({
  viewer,
  refreshUserIds: ["29:1tom", "29:1hana"],
  choices: [],
  ...extra,
});

views.push({ name: "open proposal", view: openProposal, contexts: [ctx("anyone"), ctx("member"), ctx("nominee"), ctx("other"), SHARED_CONTEXT] });
views.push({
  name: "open closure proposal, nothing yet",
  view: { ...openProposal, kind: "closure", nominee: null, reason: "", familyPrefersOther: false, familyView: "The family agrees with this choice.", notes: [], votes: [] },
  contexts: [ctx("anyone"), ctx("member")],
});
views.push({
  name: "closed proposal (tally)",
  view: { ...openProposal, state: "agreed", nomineeResponse: "accepted", outcomeReason: "3 agreed, 0 abstained, no objections" },
  contexts: [SHARED_CONTEXT, ctx("member")],
});
views.push({ name: "withdrawn proposal (tally)", view: { ...openProposal, state: "withdrawn", votes: [], outcomeReason: null }, contexts: [SHARED_CONTEXT] });

const decisions: DecisionView[] = [
  { type: "decision", caseRef: "EH-2026-0042", kind: "appoint", outcome: "agreed", lead: tom, previousLead: null, reason: "Agreed by the TAF." },
  { type: "decision", caseRef: "EH-2026-0042", kind: "appointed-on-escalation", outcome: "agreed", lead: hana, previousLead: tom, reason: "Appointed by the line managers." },
  { type: "decision", caseRef: "EH-2026-0042", kind: "closure", outcome: "agreed", lead: null, previousLead: null, reason: "Support is no longer needed." },
  { type: "decision", caseRef: "EH-2026-0042", kind: "appoint", outcome: "disagreed", lead: null, previousLead: null, reason: "The nominee declined." },
];
for (const view of decisions) views.push({ name: `decision ${view.kind}/${view.outcome}`, view, contexts: [SHARED_CONTEXT] });

const escalation: EscalationView = {
  type: "escalation",
  escalationId: "7a1c1a52-8b7e-4f7e-9a4b-1c2d3e4f5a6b",
  caseRef: "EH-2026-0042",
  level: 1,
  levelName: "line managers",
  reason: "The TAF could not agree a lead professional: the nominee declined.",
  deciders: [meg],
  deadline,
  state: "open",
  resolution: null,
};
views.push({
  name: "open escalation",
  view: escalation,
  contexts: [ctx("anyone"), ctx("decider", { choices: [{ id: tom.id, name: "Tom Teacher (teacher)" }, { id: hana.id, name: "Hana Health" }] }), ctx("decider"), ctx("other")],
});
views.push({
  name: "resolved escalation at level 3",
  view: { ...escalation, level: 3, levelName: "executive group", deadline: null, state: "resolved", resolution: "Appointed Hana Health: closest to the family." },
  contexts: [SHARED_CONTEXT, ctx("decider")],
});

for (const event of ["started", "completed", "reminder", "missed"] as const) {
  const view: HandoverView = { type: "handover", caseRef: "EH-2026-0042", event, outgoing: tom, successor: event === "completed" ? hana : null, trigger: "transition", deadline };
  views.push({ name: `handover ${event}`, view, contexts: [SHARED_CONTEXT] });
}
for (const event of ["set", "done", "reminder", "overdue", "date-missing"] as const) {
  const view: ReviewView = {
    type: "review",
    caseRef: "EH-2026-0042",
    event,
    reviewDate: event === "date-missing" ? null : "2026-12-01",
    outcome: event === "done" ? "step-down" : null,
    lead: event === "set" ? null : tom,
    workingDaysBefore: event === "reminder" ? 1 : null,
  };
  views.push({ name: `review ${event}`, view, contexts: [SHARED_CONTEXT] });
}
views.push({ name: "review on the day", view: { type: "review", caseRef: "EH-2026-0042", event: "reminder", reviewDate: "2026-12-01", outcome: null, lead: tom, workingDaysBefore: 0 }, contexts: [SHARED_CONTEXT] });

views.push({ name: "help", view: helpView(), contexts: [SHARED_CONTEXT] });
views.push({ name: "help on a topic", view: helpView("vote"), contexts: [SHARED_CONTEXT] });
views.push({ name: "error with usage", view: errorView("That is not a case reference.", "vote <ref> agree|object <reason>|abstain", null), contexts: [SHARED_CONTEXT] });
views.push({ name: "error with reference", view: errorView("Sorry, something went wrong.", null, "0b7c…"), contexts: [SHARED_CONTEXT] });

const fullCase: CaseView = {
  type: "case",
  caseRef: "EH-2026-0042",
  open: true,
  statuses: ["early-help", "sen"],
  lead: tom,
  reviewDate: "2026-12-01",
  taf: [{ ...tom, isLead: true }, { ...hana, isLead: false }],
  openProposal: { proposalId: openProposal.proposalId, nominee: "Hana Health", deadline },
  openEscalation: { level: 2, deadline },
  openHandover: { outgoing: "Tom Teacher", trigger: "leaving", deadline },
  notes: ["Case opened."],
};
views.push({ name: "case, everything", view: fullCase, contexts: [SHARED_CONTEXT] });
views.push({
  name: "case, bare",
  view: { ...fullCase, open: false, lead: null, reviewDate: null, taf: [], openProposal: null, openEscalation: null, openHandover: null, notes: [] },
  contexts: [SHARED_CONTEXT],
});

const caseload: CaseloadView = {
  type: "caseload",
  rows: [
    { practitioner: tom, leadCases: 9, capacity: 8, overCapacity: true, overdueReviews: 1, handoversInFlight: 0, actions: { open: 3, overdue: 1 }, cases: [] },
    { practitioner: hana, leadCases: 1, capacity: 8, overCapacity: false, overdueReviews: 0, handoversInFlight: 1, actions: { open: 0, overdue: 0 }, cases: [] },
  ],
};
views.push({ name: "caseload", view: caseload, contexts: [SHARED_CONTEXT] });
views.push({ name: "empty caseload", view: { type: "caseload", rows: [] }, contexts: [SHARED_CONTEXT] });
for (const sample of VIEW_SAMPLES.filter((s) => s.view.type === "plan" || s.view.type === "plan-nudge" || (s.view.type === "review" && s.view.plan !== undefined))) views.push({ name: sample.name, view: sample.view, contexts: [SHARED_CONTEXT, ctx("member")] });
const report: ReportView = {
  type: "report",
  title: "Compliance report 2026-11-02 to 2026-11-27",
  caseRef: null,
  rows: [
    { label: "Open cases", value: "31" },
    { label: "Open cases with a lead professional", value: "27 (87.1%)" },
    { label: "Median working days from first proposal to lead", value: "2" },
  ],
  file: { filename: "leadbot-report-2026-11-02-to-2026-11-27.csv", content: "Figure,Value\r\nOpen cases,31\r\n" },
};
views.push({ name: "report with its CSV", view: report, contexts: [SHARED_CONTEXT] });
views.push({
  name: "audit trail of a case",
  view: { ...report, title: "Audit trail EH-2026-0042", caseRef: "EH-2026-0042", rows: [{ label: "Events", value: "12" }] },
  contexts: [SHARED_CONTEXT],
});
views.push({ name: "digest with nothing to show", view: { ...report, title: "Weekly digest", rows: [], file: null }, contexts: [SHARED_CONTEXT] });

for (const tone of ["info", "success", "warning"] as const) {
  const view: TextView = { type: "text", tone, caseRef: tone === "info" ? null : "EH-2026-0042", text: `A ${tone} message with *markdown* & <angle brackets>.` };
  views.push({ name: `text ${tone}`, view, contexts: [SHARED_CONTEXT] });
}

// ---------------------------------------------------------------------------------------------

function parseEvents(json: AdaptiveCardJson): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  card.parse(json, context);
  const events: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    events.push(`parse ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of card.validateProperties().validationEvents) events.push(`validate ${AC.ValidationEvent[e.event]}: ${e.message}`);
  const rendered = card.render();
  if (!rendered) events.push("did not render");
  return events;
}

describe("adaptive-cards/ templates", () => {
  it("has exactly one template per view the Teams adapter renders", () => {
    const files = readdirSync(path.join(ROOT, "adaptive-cards")).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, "")).sort();
    expect(files).toEqual([...TEMPLATE_NAMES].sort());
    const covered = new Set(views.map((v) => templateNameFor(v.view)));
    expect([...covered].sort()).toEqual([...TEMPLATE_NAMES].sort());
  });

  it("are the one Adaptive Card layout of a Card, as scripts/generate-adaptive-cards.ts writes them", () => {
    for (const name of TEMPLATE_NAMES) expect(readFileSync(templatePath(name), "utf8"), `${name}.json is out of date`).toBe(renderTemplateFile(TEMPLATE_PARTS[name]));
  });

  for (const { name, view, contexts } of views) {
    it(`${name}: fills, parses and renders without a problem (${contexts.map((c) => c.viewer).join(", ")})`, () => {
      for (const context of contexts) {
        const card = cardFor(view, context, TZ);
        const json = JSON.stringify(card);
        expect(json, `${name} for ${context.viewer}`).not.toMatch(/\$\{/);
        expect(json).not.toContain('"$when"');
        expect(json).not.toContain('"$data"');
        expect(card.type).toBe("AdaptiveCard");
        expect(Number(card.version)).toBeGreaterThanOrEqual(1.4);
        expect(parseEvents(card), `${name} for ${context.viewer}`).toEqual([]);
        // With a notice on top (the answer to a button press) it is still a valid card.
        expect(parseEvents(withNotice(card, { tone: "error", text: "You are not on the TAF." }))).toEqual([]);
      }
    });
  }

  it("gives each viewer their own buttons, each Action.Execute with an Action.Submit fallback", () => {
    const verbs = (viewer: CardContext["viewer"], view: View = openProposal, extra: Partial<CardContext> = {}) =>
      cardVerbs(cardFor(view, ctx(viewer, extra), TZ)).sort();
    expect(verbs("anyone")).toEqual(["vote-abstain", "vote-agree", "vote-object"]);
    expect(verbs("member")).toEqual(["vote-abstain", "vote-agree", "vote-object"]);
    expect(verbs("nominee")).toEqual(["vote-accept", "vote-decline"]);
    expect(verbs("other")).toEqual([]);
    expect(verbs("member", { ...openProposal, state: "agreed" })).toEqual([]);
    expect(verbs("decider", escalation, { choices: [{ id: tom.id, name: tom.name }] })).toEqual(["ack", "resolve-appoint", "resolve-return"]);
    expect(verbs("decider", escalation)).toEqual(["ack", "resolve-return"]);
    expect(verbs("anyone", escalation)).toEqual([]);

    const card = cardFor(openProposal, ctx("member"), TZ);
    const json = JSON.stringify(card);
    const executes = json.match(/"type":"Action\.Execute"/g)?.length ?? 0;
    const submits = json.match(/"type":"Action\.Submit"/g)?.length ?? 0;
    expect(submits).toBe(executes - 1); // the refresh action has no fallback: it is not a button
    const refresh = card.refresh as { action: { verb: string; data: Record<string, unknown> }; userIds: string[] };
    expect(refresh.action.verb).toBe("refresh");
    expect(refresh.userIds).toEqual(["29:1tom", "29:1hana"]);
    expect(refresh.action.data).toEqual({ verb: "refresh", view: "proposal", ref: "EH-2026-0042", proposalId: openProposal.proposalId });
    // Object asks for its reason on the card.
    expect(json).toMatch(/"type":"Input\.Text","id":"objectReason"[^}]*"isRequired":true/);
    // Closed proposals and other views carry no refresh.
    expect(cardFor({ ...openProposal, state: "agreed" }, ctx("member"), TZ).refresh).toBeUndefined();
  });

  it("shows what people typed as text, never as template expressions", () => {
    const sneaky: ProposalView = { ...openProposal, reason: "because ${notes} and ${1+1}" };
    const card = cardFor(sneaky, ctx("member"), TZ);
    expect(JSON.stringify(card)).toContain("because ${notes} and ${1+1}");
  });
});
