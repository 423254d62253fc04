// Block Kit for every domain view [ARCHITECTURE rule 3: views are data]. The card builders in
// src/views decide what a message says; this file is the one generic serialiser of a Card into
// Block Kit and decides only how it looks in Slack.
//
// Everything that came from a person (names, agencies, reasons, notes) is `said` in the card and
// goes through `md()` here, which escapes it, so a reason can never turn into an @channel, a
// mention or a link. Slack's limits are respected here rather than discovered in production: 150
// characters in a header, 3,000 in a section, 75 on a button, 50 blocks in a message.
import type { types } from "@slack/bolt";
import { formatDay, formatMoment } from "../../domain/presenters/format-time.js";
import type { View } from "../../domain/views.js";
import { getsAction, readsSection, type Card, type CardAction, type Inline, type Rich, type Section, type Tone } from "../../views/card.js";
import { cardForView } from "../../views/card-for-view.js";
import { escalationActions } from "../../views/escalation-card.js";
import { snoozeAction } from "../../views/nudge-cards.js";
import { nomineeActions, voteActions } from "../../views/proposal-card.js";
import type { SnoozableNudge } from "../../domain/types.js";
import { slackButtonOf } from "./action-values.js";
import { clip, escapeMrkdwn } from "./slack-text.js";

export type KnownBlock = types.KnownBlock;
type Button = types.Button;

export interface SlackMessage {
  /** Notification and screen-reader text; Slack shows it where blocks can't be shown. */
  text: string;
  blocks: KnownBlock[];
}

export interface RenderOptions {
  /** The deployment's time zone, for the fallback text of dates (Slack shows each reader their own). */
  timeZone: string;
  /** Buttons are drawn on cards posted to channels and DMs, not on ephemeral replies. */
  interactive: boolean;
}

const MAX_SECTION = 3000;
const MAX_HEADER = 150;
const MAX_BLOCKS = 50;
const MAX_FALLBACK = 3000;
const LINES_PER_SECTION = 15;
/** Typed commands are shown as Slack's slash command. */
export const SLACK_COMMAND_PREFIX = "/lead ";

// ---------------------------------------------------------------------------------------------
// Small builders

/** Escaped and clipped user text for mrkdwn; a clip never leaves half an entity behind. */
export function md(text: string, max = MAX_SECTION): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]{0,3}$/, "")}…`;
}

const safeSection = (text: string) => (text.length <= MAX_SECTION ? text : `${text.slice(0, MAX_SECTION - 1)}…`);

export function section(text: string, blockId?: string): KnownBlock {
  return { type: "section", text: { type: "mrkdwn", text: safeSection(text) }, ...(blockId ? { block_id: blockId } : {}) };
}

export function header(text: string, blockId?: string): KnownBlock {
  return { type: "header", text: { type: "plain_text", text: clip(text, MAX_HEADER), emoji: true }, ...(blockId ? { block_id: blockId } : {}) };
}

export function context(text: string, blockId?: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: safeSection(text) }], ...(blockId ? { block_id: blockId } : {}) };
}

export function button(text: string, actionId: string, value: string, style?: "primary" | "danger"): Button {
  return { type: "button", text: { type: "plain_text", text: clip(text, 75), emoji: true }, action_id: actionId, value, ...(style ? { style } : {}) };
}

/** Views that came back through the outbox may carry dates as strings; treat both alike. */
function toDate(at: Date | string): Date {
  return at instanceof Date ? at : new Date(at);
}

/** A moment Slack shows in each reader's own time zone, with the deployment's wording as fallback. */
export function moment(at: Date | string, timeZone: string): string {
  const date = toDate(at);
  if (Number.isNaN(date.getTime())) return "an unknown time";
  const fallback = formatMoment(date, timeZone);
  return `<!date^${Math.floor(date.getTime() / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

/** A calendar date ("2026-12-01") as practitioners read it. */
export function calendarDate(iso: string): string {
  return md(formatDay(iso), 40);
}

const slashed = (usage: string) =>
  usage
    .split("\n")
    .map((line) => `${SLACK_COMMAND_PREFIX}${line}`)
    .join("\n");

/** Rich text as mrkdwn. In a code section commands are bare: the section is the code block. */
export function mrkdwn(rich: Rich, timeZone: string, inCode = false): string {
  const one = (part: Inline): string => {
    if (typeof part === "string") return part;
    if ("said" in part) return md(part.said, part.max);
    if ("strong" in part) return `*${part.strong.map(one).join("")}*`;
    if ("moment" in part) return moment(part.moment, timeZone);
    if ("day" in part) return calendarDate(part.day);
    if ("command" in part) return inCode ? md(slashed(part.command)) : `\`${md(slashed(part.command), 1200)}\``;
    return part.slack.map(one).join("");
  };
  return rich.map(one).join("");
}

const TONE_ICON: Record<Tone, string> = {
  default: "",
  emphasis: ":information_source: ",
  good: ":white_check_mark: ",
  warning: ":warning: ",
  attention: ":warning: ",
};

function message(text: string, blocks: KnownBlock[]): SlackMessage {
  // `text` is mrkdwn too: escape it like everything else a person wrote.
  const fallback = md(text.replace(/\s+/g, " ").trim(), MAX_FALLBACK) || "leadbot";
  if (blocks.length <= MAX_BLOCKS) return { text: fallback, blocks };
  return { text: fallback, blocks: [...blocks.slice(0, MAX_BLOCKS - 1), context("_(shortened: more than Slack can show in one message)_")] };
}

/** Lines packed into sections of at most fifteen lines and Slack's 3,000 characters. */
function packed(lines: string[], separator = "\n"): string[] {
  const out: string[] = [];
  let chunk: string[] = [];
  const flush = () => {
    if (chunk.length) out.push(chunk.join(separator));
    chunk = [];
  };
  for (const line of lines) {
    if (chunk.length >= LINES_PER_SECTION || (chunk.length && [...chunk, line].join(separator).length > MAX_SECTION - 100)) flush();
    chunk.push(line);
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Actions

/** A row of buttons; its block id names the group and the thing the buttons act on. */
export function actionsBlock(actions: CardAction[]): KnownBlock {
  const first = actions[0]!;
  const on = first.payload.proposalId ?? first.payload.escalationId ?? first.payload.nudge ?? first.payload.ref;
  return { type: "actions", block_id: `lead.${first.group}.${on}`, elements: actions.map(slackButton) };
}

/** Buttons that ask for something first (a modal opens) say so with an ellipsis. */
function slackButton(action: CardAction): Button {
  const asks = action.inputs?.some((i) => i.kind === "person" || i.required) ?? false;
  const { actionId, value } = slackButtonOf(action.payload);
  return button(asks ? `${action.label}…` : action.label, actionId, value, action.style);
}

function actionRows(actions: CardAction[]): KnownBlock[] {
  const groups = new Map<string, CardAction[]>();
  for (const a of actions) groups.set(a.group, [...(groups.get(a.group) ?? []), a]);
  return [...groups.values()].map(actionsBlock);
}

// Buttons shared by cards and the App Home tab.
export const voteButtons = (p: { proposalId: string; caseRef: string }) => actionsBlock(voteActions(p));
export const nomineeButtons = (p: { proposalId: string; caseRef: string }) => actionsBlock(nomineeActions(p));
export const escalationButtons = (e: { escalationId: string; caseRef: string }) => actionsBlock(escalationActions(e));
export const snoozeButton = (n: { caseRef: string; nudge: SnoozableNudge; reminder: string }) => actionsBlock([snoozeAction(n)]);

// ---------------------------------------------------------------------------------------------
// The serialiser

function sectionBlocks(s: Section, timeZone: string): KnownBlock[] {
  const icon = s.tone ? TONE_ICON[s.tone] : "";
  if (s.style === "code") {
    const code = s.lines.map((l) => mrkdwn(l, timeZone, true)).join("\n");
    return [section(`${s.heading ? `*${md(s.heading)}*\n` : ""}\`\`\`${clip(code, 2800)}\`\`\``)];
  }
  const lines = s.lines.map((l) => mrkdwn(l, timeZone));
  const text = !s.heading
    ? lines
    : lines.length === 1
      ? [`*${md(s.heading)}:* ${lines[0]}`]
      : [`*${md(s.heading)}*`, ...lines];
  return packed(text).map((chunk, i) => (s.style === "subtle" ? context(`${i ? "" : icon}${chunk}`) : section(`${i ? "" : icon}${chunk}`)));
}

/** Sections without a heading, tone or style of their own run together, as few blocks as fit. */
function merged(sections: Section[]): Section[] {
  const out: Section[] = [];
  for (const s of sections) {
    const prev = out.at(-1);
    const plain = (x: Section) => !x.heading && !x.tone && (x.style ?? "plain") === "plain";
    if (prev && plain(prev) && plain(s)) out[out.length - 1] = { ...prev, lines: [...prev.lines, [""], ...s.lines] };
    else out.push(s);
  }
  return out;
}

/** A card as a Slack message. Slack has no per-reader views: one card for everyone, all its buttons drawn. */
export function renderCard(card: Card, options: RenderOptions): SlackMessage {
  const { timeZone } = options;
  const id = `lead.${card.view}`;
  const blocks: KnownBlock[] = [];
  const actions = options.interactive ? card.actions.filter((a) => getsAction("everyone", a)) : [];
  if (card.title) blocks.push(header(card.caseRef ? `${card.title} · ${card.caseRef}` : card.title, id));
  if (card.headline) {
    const icon = card.view === "error" ? ":no_entry: " : card.title ? (card.tone === "good" || card.tone === "default" ? "" : TONE_ICON[card.tone]) : TONE_ICON[card.tone];
    blocks.push(section(`${icon}${mrkdwn(card.headline, timeZone)}`, blocks.length ? undefined : id));
  }
  // Without a title the header does not name the case: say it under the message.
  if (!card.title && card.caseRef) blocks.push(context(card.caseRef));
  const facts = card.facts.map((f) => `*${md(f.label, 200)}:* ${mrkdwn(f.value, timeZone)}`);
  for (const chunk of packed(facts)) blocks.push(section(chunk, blocks.length ? undefined : id));
  const shown = card.sections.filter((s) => readsSection("everyone", s.for) && (!s.withActions || actions.length > 0));
  for (const s of merged(shown)) {
    for (const block of sectionBlocks(s, timeZone)) blocks.push(blocks.length ? block : { ...block, block_id: id });
  }
  blocks.push(...actionRows(actions));
  return message(card.summary, blocks);
}

/** The one entry point: any domain view as a Slack message. */
export function renderView(view: View, options: RenderOptions): SlackMessage {
  return renderCard(cardForView(view), options);
}

/** An ephemeral reply to the person who typed or clicked. */
export function renderReply(view: View, timeZone: string): SlackMessage & { response_type: "ephemeral" } {
  return { response_type: "ephemeral", ...renderView(view, { timeZone, interactive: false }) };
}
