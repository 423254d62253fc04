// Every view, rendered for Slack and for Teams from its one Card: both show the same title, facts,
// sentences and buttons. The only words allowed to differ are the Card's explicit per-platform
// parts, listed here; the drift this card model removed is pinned below.
import { describe, expect, it } from "vitest";
import { decodeValue } from "../../../src/adapters/slack/action-values.js";
import { renderView } from "../../../src/adapters/slack/render-blocks.js";
import { cardFor, type CardContext } from "../../../src/adapters/teams/render-card.js";
import { formatMoment } from "../../../src/domain/presenters/format-time.js";
import type { View } from "../../../src/domain/views.js";
import { cardForView } from "../../../src/views/card-for-view.js";
import { plainText, readsSection, type Inline, type Rich } from "../../../src/views/card.js";
import { cardText, cardVerbs } from "../../support/fake-teams-connector.js";
import { meg, tom, VIEW_SAMPLES } from "../../support/view-samples.js";

const TZ = "Europe/London";

/** Where each platform is allowed its own words, and why. */
const PER_PLATFORM = [
  "proposal: the tally (each platform's wording is asserted as it is)",
  "decision: who leads now (each platform's sentence is asserted as it is)",
  "help: how to talk to leadbot (a slash command in Slack, a message or @mention in Teams)",
];

/** What a person reads in a Slack message, with the mrkdwn taken out. */
function slackReads(view: View): string {
  const message = renderView(view, { timeZone: TZ, interactive: true });
  const strings: string[] = [message.text];
  const walk = (v: unknown) => {
    if (typeof v === "string") strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) if (!["value", "action_id", "block_id"].includes(k)) walk(x);
  };
  walk(message.blocks);
  return strings
    .join("\n")
    .replace(/<!date\^\d+\^[^|]*\|([^>]*)>/g, "$1")
    .replace(/[*`]/g, "")
    .replace(/\/lead /g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

const teamsContexts: CardContext[] = [
  { viewer: "anyone", refreshUserIds: [], choices: [] },
  { viewer: "member", refreshUserIds: [], choices: [] },
  { viewer: "organiser", refreshUserIds: [], choices: [] },
  { viewer: "nominee", refreshUserIds: [], choices: [] },
  { viewer: "decider", refreshUserIds: [], choices: [{ id: tom.id, name: tom.name }, { id: meg.id, name: meg.name }] },
];

const day = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).replace(/,/g, "");
const read = (rich: Rich, platform: "slack" | "teams") => plainText(rich, platform, (at) => formatMoment(at instanceof Date ? at : new Date(at), TZ), day);
const perPlatform = (rich: Rich): boolean => rich.some((p: Inline) => typeof p === "object" && ("slack" in p || ("strong" in p && perPlatform(p.strong))));

describe("one card, two platforms", () => {
  it.each(VIEW_SAMPLES.map((s) => [s.name, s.view] as const))("%s: the same title, facts, sentences and buttons", (_name, view) => {
    const card = cardForView(view);
    const slack = slackReads(view);
    const teams = cardText(cardFor(view, teamsContexts[0]!, TZ)).replace(/`/g, "");
    const expectBoth = (rich: Rich, what: string) => {
      if (perPlatform(rich)) {
        expect(slack, `${what} (Slack)`).toContain(read(rich, "slack"));
        expect(teams, `${what} (Teams)`).toContain(read(rich, "teams"));
        return;
      }
      expect(slack, `${what} (Slack)`).toContain(read(rich, "slack"));
      expect(teams, `${what} (Teams)`).toContain(read(rich, "slack"));
    };

    expect(slack).toContain(card.title);
    expect(teams).toContain(card.title);
    if (card.caseRef) expectBoth([card.caseRef], "case reference");
    if (card.headline) expectBoth(card.headline, "headline");
    for (const fact of card.facts) {
      expectBoth([fact.label], "fact label");
      expectBoth(fact.value, `fact ${fact.label}`);
    }
    for (const section of card.sections.filter((s) => !s.for && !s.withActions)) {
      if (section.heading) expectBoth([section.heading], "section heading");
      for (const line of section.lines) if (read(line, "slack") || read(line, "teams")) expectBoth(line, `a line of ${section.heading ?? "a section"}`);
    }

    // Buttons: Slack draws every one on its one card; Teams gives each reader theirs, and all of them together are the same.
    const slackVerbs = renderView(view, { timeZone: TZ, interactive: true })
      .blocks.flatMap((b) => (b.type === "actions" ? b.elements : []))
      .map((e) => decodeValue((e as { value?: string }).value));
    const asVerb = (v: ReturnType<typeof decodeValue>) =>
      v === null ? "?" : v.v === "vote" ? `vote-${v.choice}` : v.v === "appoint" ? "resolve-appoint" : v.v === "return" ? "resolve-return" : v.v;
    const teamsVerbs = new Set(teamsContexts.flatMap((c) => cardVerbs(cardFor(view, c, TZ))));
    expect([...new Set(slackVerbs.map(asVerb))].sort()).toEqual([...teamsVerbs].sort());
    expect([...teamsVerbs].sort()).toEqual([...new Set(card.actions.map((a) => a.verb))].sort());
  });

  it("words a platform on its own only where listed", () => {
    const uses = new Set<string>();
    for (const { view } of VIEW_SAMPLES) {
      const card = cardForView(view);
      const all = [card.headline ?? [], ...card.facts.map((f) => f.value), ...card.sections.flatMap((s) => s.lines)];
      if (all.some(perPlatform)) uses.add(card.view);
    }
    expect([...uses].sort()).toEqual(PER_PLATFORM.map((p) => p.split(":")[0]!).sort());
  });

  it("words a review reminder and the missing-review-date hint once", () => {
    const reminder = VIEW_SAMPLES.find((s) => s.name === "review reminder")!.view;
    for (const text of [slackReads(reminder), cardText(cardFor(reminder, teamsContexts[0]!, TZ))]) {
      expect(text).toContain("The review of EH-2026-0042 is in 5 working days.");
      expect(text).toContain("Tue 1 Dec 2026 (in 5 working days)");
      expect(text).toContain("When it has been held: ");
    }
    const missing = VIEW_SAMPLES.find((s) => s.name === "review date-missing")!.view;
    expect(JSON.stringify(renderView(missing, { timeZone: TZ, interactive: true }))).toContain("`/lead review set EH-2026-0042 &lt;date&gt;`");
    expect(cardText(cardFor(missing, teamsContexts[0]!, TZ))).toContain("EH-2026-0042 has no review date. Set one with `review set EH-2026-0042 <date>`.");
  });

  it("shows a reader's own notes only to them", () => {
    const proposal = cardForView(VIEW_SAMPLES[0]!.view);
    const notes = proposal.sections.filter((s) => s.for);
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(readsSection("everyone", note.for) || note.for!.every((v) => v !== "everyone")).toBe(true);
  });
});
