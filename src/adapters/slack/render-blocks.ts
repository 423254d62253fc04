// Block Kit for every domain view [ARCHITECTURE rule 3: views are data]. One renderer per View
// type; the domain decides what a message says, this file only decides how it looks in Slack.
//
// Everything that came from a person (names, agencies, reasons, notes) goes through `md()`, which
// escapes it, so a reason can never turn into an @channel, a mention or a link. Slack's limits are
// respected here rather than discovered in production: 150 characters in a header, 3,000 in a
// section, 75 on a button, 50 blocks in a message.
import type { types } from "@slack/bolt";
import { DateTime } from "luxon";
import { formatMoment } from "../../domain/presenters/format-time.js";
import type {
  CaseloadView,
  CaseView,
  DecisionView,
  ErrorView,
  EscalationView,
  HandoverView,
  HelpView,
  PersonView,
  ProposalView,
  ReportView,
  ReviewView,
  TextView,
  View,
} from "../../domain/views.js";
import { ACTION, encodeValue, type SnoozeValue } from "./action-values.js";
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

function fields(items: string[]): KnownBlock {
  // Slack allows ten fields of 2,000 characters each.
  return { type: "section", fields: items.slice(0, 10).map((text) => ({ type: "mrkdwn" as const, text: clip(text, 2000) })) };
}

export function header(text: string, blockId?: string): KnownBlock {
  return { type: "header", text: { type: "plain_text", text: clip(text, MAX_HEADER), emoji: true }, ...(blockId ? { block_id: blockId } : {}) };
}

export function context(text: string): KnownBlock {
  return { type: "context", elements: [{ type: "mrkdwn", text: safeSection(text) }] };
}

export function button(text: string, actionId: string, value: string, style?: "primary" | "danger"): Button {
  return { type: "button", text: { type: "plain_text", text: clip(text, 75), emoji: true }, action_id: actionId, value, ...(style ? { style } : {}) };
}

const role = (r: string) => r.replace(/-/g, " ");

export function person(p: PersonView): string {
  const where = [role(p.role), p.agency].filter((s) => s.length > 0).join(", ");
  return where ? `*${md(p.name, 200)}* (${md(where, 300)})` : `*${md(p.name, 200)}*`;
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
  const d = DateTime.fromISO(iso);
  return d.isValid ? d.toFormat("ccc d LLL yyyy") : md(iso, 40);
}

const TONE_ICON: Record<TextView["tone"], string> = {
  info: ":information_source:",
  success: ":white_check_mark:",
  warning: ":warning:",
};

function message(text: string, blocks: KnownBlock[]): SlackMessage {
  // `text` is mrkdwn too: escape it like everything else a person wrote.
  const fallback = md(text.replace(/\s+/g, " ").trim(), MAX_FALLBACK) || "leadbot";
  if (blocks.length <= MAX_BLOCKS) return { text: fallback, blocks };
  return { text: fallback, blocks: [...blocks.slice(0, MAX_BLOCKS - 1), context("_(shortened: more than Slack can show in one message)_")] };
}

// ---------------------------------------------------------------------------------------------
// Buttons shared by cards and the App Home tab

export function voteButtons(p: { proposalId: string; caseRef: string }): KnownBlock {
  const value = (choice: "agree" | "object" | "abstain") => encodeValue({ v: "vote", ref: p.caseRef, proposalId: p.proposalId, choice });
  return {
    type: "actions",
    block_id: `lead.votes.${p.proposalId}`,
    elements: [
      button("Agree", ACTION.agree, value("agree"), "primary"),
      button("Object…", ACTION.object, value("object"), "danger"),
      button("Abstain", ACTION.abstain, value("abstain")),
    ],
  };
}

export function nomineeButtons(p: { proposalId: string; caseRef: string }): KnownBlock {
  const value = (choice: "accept" | "decline") => encodeValue({ v: "vote", ref: p.caseRef, proposalId: p.proposalId, choice });
  return {
    type: "actions",
    block_id: `lead.nominee.${p.proposalId}`,
    elements: [button("Accept nomination", ACTION.accept, value("accept"), "primary"), button("Decline nomination", ACTION.decline, value("decline"), "danger")],
  };
}

export function escalationButtons(e: { escalationId: string; caseRef: string }): KnownBlock {
  const value = (v: "appoint" | "return" | "ack") => encodeValue({ v, ref: e.caseRef, escalationId: e.escalationId });
  return {
    type: "actions",
    block_id: `lead.esc.${e.escalationId}`,
    elements: [
      button("Appoint a lead professional…", ACTION.appoint, value("appoint"), "primary"),
      button("Return to the TAF…", ACTION.return, value("return")),
      button("Acknowledge", ACTION.acknowledge, value("ack")),
    ],
  };
}

/** On a reminder sent to its recipient: put it off by one working day, once [DOMAIN §6]. */
export function snoozeButton(n: { caseRef: string; nudge: SnoozeValue["nudge"] }): KnownBlock {
  return {
    type: "actions",
    block_id: `lead.nudge.${n.nudge}`,
    elements: [button("Snooze 1 working day", ACTION.snooze, encodeValue({ v: "snooze", ref: n.caseRef, nudge: n.nudge }))],
  };
}

// ---------------------------------------------------------------------------------------------
// One renderer per view

const RESPONSE: Record<ProposalView["nomineeResponse"], string> = {
  accepted: ":white_check_mark: accepted",
  declined: ":x: declined",
  awaiting: ":hourglass_flowing_sand: not answered yet",
};

export function tallyLine(v: Pick<ProposalView, "tally">): string {
  const t = v.tally;
  return (
    `:white_check_mark: ${t.agree} agree · :x: ${t.object} object · :heavy_minus_sign: ${t.abstain} abstain · ` +
    `${t.notVoted} still to vote (quorum ${t.quorum} of ${t.electorate})`
  );
}

function renderProposal(v: ProposalView, o: RenderOptions): SlackMessage {
  const appoint = v.kind === "appoint";
  const title = appoint ? "Lead professional proposal" : "Closure proposal";
  const blocks: KnownBlock[] = [header(`${title} · ${v.caseRef}`, "lead.proposal")];
  if (v.state !== "open") {
    const outcome = { agreed: ":white_check_mark: Agreed", disagreed: ":x: Not agreed", withdrawn: ":heavy_minus_sign: Withdrawn", open: "" }[v.state];
    blocks.push(section(`*Vote closed: ${outcome}*${v.outcomeReason ? `. ${md(v.outcomeReason, 500)}` : ""}`));
  }
  blocks.push(
    fields([
      ...(appoint && v.nominee ? [`*Nominee*\n${person(v.nominee)}`] : []),
      `*Proposed by*\n${person(v.proposer)}`,
      `*${v.state === "open" ? "Voting closes" : "Voting was due to close"}*\n${moment(v.deadline, o.timeZone)}`,
      ...(appoint ? [`*Nominee's answer*\n${RESPONSE[v.nomineeResponse]}`] : []),
    ]),
  );
  if (v.reason.trim()) blocks.push(section(`*Reason:* ${md(v.reason, 1000)}`));
  blocks.push(
    v.familyPrefersOther
      ? section(`:warning: *Family's view:* ${md(v.familyView, 1000)}`)
      : section(`*Family's view:* ${md(v.familyView, 1000)}`),
  );
  if (v.notes.length) {
    const notes = v.notes.slice(0, 15).map((n) => `• ${md(n, 400)}`);
    blocks.push(section(`:information_source: *Notes for voters* (statutory, advisory and eligibility)\n${notes.join("\n")}`));
  }
  blocks.push(section(`*Tally:* ${tallyLine(v)}`));
  if (v.votes.length) {
    const list = v.votes.map((vote) => `${md(vote.voter.name, 100)}: ${vote.choice}`).join(" · ");
    blocks.push(context(list));
    const objections = v.votes.filter((vote) => vote.choice === "object" && vote.reason);
    if (objections.length) {
      blocks.push(section(`*Objections*\n${objections.map((x) => `• ${md(x.voter.name, 100)}: ${md(x.reason ?? "", 500)}`).join("\n")}`));
    }
  }
  if (v.state === "open" && o.interactive) {
    blocks.push(voteButtons(v));
    if (appoint && v.nominee) {
      blocks.push(context(`Only the nominee, ${md(v.nominee.name, 100)}, answers here; the rest of the TAF votes above.`));
      blocks.push(nomineeButtons(v));
    }
  }
  const what = appoint && v.nominee ? `${v.nominee.name} as lead professional for ${v.caseRef}` : `closing ${v.caseRef}`;
  const t = v.tally;
  return message(`${title}: ${what}. ${t.agree} agree, ${t.object} object, ${t.abstain} abstain, ${t.notVoted} still to vote.`, blocks);
}

function renderDecision(v: DecisionView): SlackMessage {
  const agreed = v.outcome === "agreed";
  const title =
    v.kind === "closure" ? (agreed ? "Closure agreed" : "Closure not agreed") : !agreed ? "No agreement" : v.kind === "appointed-on-escalation" ? "Lead professional appointed" : "Lead professional agreed";
  const blocks: KnownBlock[] = [header(`${title} · ${v.caseRef}`, "lead.decision")];
  let text = `${title} for ${v.caseRef}.`;
  if (v.lead && agreed && v.kind !== "closure") {
    blocks.push(section(`:white_check_mark: ${person(v.lead)} is now the lead professional for *${v.caseRef}*.`));
    text = `${v.lead.name} is now the lead professional for ${v.caseRef}.`;
  }
  if (v.previousLead && v.previousLead.id !== v.lead?.id) blocks.push(section(`${person(v.previousLead)} has stepped down.`));
  if (v.reason.trim()) blocks.push(context(md(v.reason, 1000)));
  return message(text, blocks);
}

function renderEscalation(v: EscalationView, o: RenderOptions): SlackMessage {
  const blocks: KnownBlock[] = [header(`Escalation · ${v.caseRef}`, "lead.escalation")];
  blocks.push(section(`:rotating_light: *Level ${v.level}: ${md(v.levelName, 100)}*\n${md(v.reason, 1500)}`));
  blocks.push(
    fields([
      `*Who decides*\n${v.deciders.map((d) => person(d)).join("\n") || "_nobody registered_"}`,
      `*Decide by*\n${v.deadline ? moment(v.deadline, o.timeZone) : "No time limit: this level's decision is binding."}`,
    ]),
  );
  if (v.state === "resolved") {
    blocks.push(section(`:white_check_mark: *Resolved:* ${md(v.resolution ?? "decided", 1000)}`));
  } else if (o.interactive) {
    blocks.push(context("Deciders: appoint a lead professional or send the case back to the TAF. Acknowledging stops the reminders, not the clock."));
    blocks.push(escalationButtons(v));
  }
  const text =
    v.state === "resolved"
      ? `Escalation on ${v.caseRef} resolved: ${v.resolution ?? ""}`
      : `Escalation on ${v.caseRef} (level ${v.level}, ${v.levelName}): ${v.reason}`;
  return message(text, blocks);
}

function renderCase(v: CaseView, o: RenderOptions): SlackMessage {
  const blocks: KnownBlock[] = [header(`Case ${v.caseRef}${v.open ? "" : " (closed)"}`, "lead.case")];
  blocks.push(
    fields([
      `*Statuses*\n${v.statuses.join(", ")}`,
      `*Lead professional*\n${v.lead ? person(v.lead) : "_none yet_"}`,
      `*Next review*\n${v.reviewDate ? calendarDate(v.reviewDate) : "_not set_"}`,
    ]),
  );
  const taf = v.taf.slice(0, 40).map((m) => `• ${person(m)}${m.isLead ? " — *lead professional*" : ""}`);
  blocks.push(section(`*Team Around the Family* (${v.taf.length})\n${taf.join("\n") || "_nobody yet_"}`));
  const open: string[] = [];
  if (v.openProposal) open.push(`• Open vote on ${md(v.openProposal.nominee ?? "closure", 100)}, closes ${moment(v.openProposal.deadline, o.timeZone)}`);
  if (v.openEscalation) open.push(`• Escalated (level ${v.openEscalation.level})${v.openEscalation.deadline ? `, level ends ${moment(v.openEscalation.deadline, o.timeZone)}` : ""}`);
  if (v.openHandover) open.push(`• Handover from ${md(v.openHandover.outgoing, 100)} (${v.openHandover.trigger}), due ${moment(v.openHandover.deadline, o.timeZone)}`);
  if (open.length) blocks.push(section(`*In progress*\n${open.join("\n")}`));
  for (const note of v.notes.slice(0, 5)) blocks.push(context(md(note, 1000)));
  return message(`Case ${v.caseRef}: ${v.lead ? `lead professional ${v.lead.name}` : "no lead professional yet"}; ${v.taf.length} on the TAF.`, blocks);
}

function renderHandover(v: HandoverView, o: RenderOptions): SlackMessage {
  const trigger = role(v.trigger);
  const due = moment(v.deadline, o.timeZone);
  const outgoing = person(v.outgoing);
  const texts: Record<HandoverView["event"], [string, string, string]> = {
    started: [
      "Handover started",
      `${outgoing} is handing over the lead professional role (${trigger}). Agree a successor by ${due}; they stay lead professional until then.`,
      `Handover of ${v.caseRef} started by ${v.outgoing.name} (${trigger}).`,
    ],
    completed: [
      "Handover completed",
      `${v.successor ? person(v.successor) : "The successor"} takes over from ${outgoing} as lead professional for *${v.caseRef}*.`,
      `Handover of ${v.caseRef} completed.`,
    ],
    reminder: ["Handover reminder", `The handover from ${outgoing} (${trigger}) is due by ${due}. Propose a successor with \`/lead propose ${v.caseRef} @who\`.`, `Handover of ${v.caseRef} due soon.`],
    missed: ["Handover deadline missed", `:warning: The handover from ${outgoing} (${trigger}) was due by ${due} and no successor is agreed.`, `Handover of ${v.caseRef} is overdue.`],
  };
  const [title, body, plain] = texts[v.event];
  const blocks = [header(`${title} · ${v.caseRef}`, "lead.handover"), section(body)];
  if (o.interactive && v.snoozable) blocks.push(snoozeButton({ caseRef: v.caseRef, nudge: "handover" }));
  return message(plain, blocks);
}

function renderReview(v: ReviewView, o: RenderOptions): SlackMessage {
  const date = v.reviewDate ? calendarDate(v.reviewDate) : null;
  const lead = v.lead ? ` Lead professional: ${person(v.lead)}.` : "";
  const texts: Record<ReviewView["event"], [string, string]> = {
    set: ["Review date set", `The next review of *${v.caseRef}* is on ${date ?? "_not set_"}.${lead}`],
    done: ["Review recorded", `Review of *${v.caseRef}* recorded: *${v.outcome ?? "done"}*. Next review: ${date ?? "_none set_"}.`],
    reminder: [
      "Review reminder",
      `The review of *${v.caseRef}* is on ${date ?? "_unknown_"}${v.workingDaysBefore ? ` (in ${v.workingDaysBefore} working day${v.workingDaysBefore === 1 ? "" : "s"})` : " (today)"}.`,
    ],
    overdue: ["Review overdue", `:warning: The review of *${v.caseRef}* was due on ${date ?? "_unknown_"} and has not been recorded.${lead}`],
    "date-missing": ["Review date needed", `*${v.caseRef}* has no review date. Set one with \`/lead review set ${v.caseRef} <date>\`.`],
  };
  const [title, body] = texts[v.event];
  const blocks = [header(`${title} · ${v.caseRef}`, "lead.review"), section(body)];
  if (o.interactive && v.snoozable) blocks.push(snoozeButton({ caseRef: v.caseRef, nudge: "review" }));
  return message(`${title}: ${v.caseRef}.`, blocks);
}

function renderCaseload(v: CaseloadView): SlackMessage {
  const lines = v.rows.map((r) => {
    const extra = [
      r.overCapacity ? ":warning: over capacity" : "",
      r.overdueReviews ? `${r.overdueReviews} overdue review${r.overdueReviews === 1 ? "" : "s"}` : "",
      r.handoversInFlight ? `${r.handoversInFlight} handover${r.handoversInFlight === 1 ? "" : "s"} in progress` : "",
    ].filter(Boolean);
    return `• ${person(r.practitioner)}: leads ${r.leadCases} of ${r.capacity}${extra.length ? ` — ${extra.join(", ")}` : ""}`;
  });
  const blocks: KnownBlock[] = [header("Caseload", "lead.caseload")];
  for (let i = 0; i < lines.length; i += 15) blocks.push(section(lines.slice(i, i + 15).join("\n")));
  if (lines.length === 0) blocks.push(section("_Nobody to show._"));
  return message(`Caseload: ${v.rows.map((r) => `${r.practitioner.name} ${r.leadCases}/${r.capacity}`).join(", ")}`, blocks);
}

/** Label/value rows, fifteen to a section; a file is uploaded to the reader's DM separately. */
function renderReport(v: ReportView): SlackMessage {
  const blocks: KnownBlock[] = [header(v.title, "lead.report")];
  const lines = v.rows.map((r) => `*${md(r.label, 200)}:* ${md(r.value, 500)}`);
  for (let i = 0; i < lines.length; i += 15) blocks.push(section(lines.slice(i, i + 15).join("\n")));
  if (lines.length === 0) blocks.push(section("_Nothing to show._"));
  if (v.file) blocks.push(context(`:page_facing_up: The CSV file \`${md(v.file.filename, 200)}\` is sent to you as a direct message.`));
  return message(v.title, blocks);
}

function renderText(v: TextView): SlackMessage {
  return message(v.text, [section(`${TONE_ICON[v.tone]} ${md(v.text)}`, "lead.text")]);
}

/** Usage lines are stored without the slash: Slack shows them after "/lead ". */
const slashed = (usage: string) =>
  usage
    .split("\n")
    .map((line) => `/lead ${line}`)
    .join("\n");

function renderHelp(v: HelpView): SlackMessage {
  const blocks: KnownBlock[] = [header(v.topic ? `/lead ${v.topic}` : "leadbot: the /lead commands", "lead.help")];
  let chunk = "";
  for (const e of v.entries) {
    const entry = `\`${md(slashed(e.usage), 1200)}\`\n${md(e.summary, 500)}`;
    if (chunk && chunk.length + entry.length + 2 > 2900) {
      blocks.push(section(chunk));
      chunk = "";
    }
    chunk = chunk ? `${chunk}\n\n${entry}` : entry;
  }
  if (chunk) blocks.push(section(chunk));
  blocks.push(context("Use case references only (e.g. EH-2026-0042): never a child's name or details. `/lead help <command>` explains one command."));
  return message(v.topic ? `Help: /lead ${v.topic}` : "The /lead commands", blocks);
}

function renderError(v: ErrorView): SlackMessage {
  const blocks: KnownBlock[] = [section(`:no_entry: ${md(v.message)}`, "lead.error")];
  if (v.usage) blocks.push(section(`*Usage*\n\`\`\`${md(slashed(v.usage), 2800)}\`\`\``));
  if (v.correlationId) blocks.push(context(`Reference: \`${md(v.correlationId, 100)}\``));
  return message(v.message, blocks);
}

/** The one entry point: any domain view as a Slack message. */
export function renderView(view: View, options: RenderOptions): SlackMessage {
  switch (view.type) {
    case "proposal":
      return renderProposal(view, options);
    case "decision":
      return renderDecision(view);
    case "escalation":
      return renderEscalation(view, options);
    case "case":
      return renderCase(view, options);
    case "handover":
      return renderHandover(view, options);
    case "review":
      return renderReview(view, options);
    case "caseload":
      return renderCaseload(view);
    case "report":
      return renderReport(view);
    case "text":
      return renderText(view);
    case "help":
      return renderHelp(view);
    case "error":
      return renderError(view);
  }
}

/** An ephemeral reply to the person who typed or clicked. */
export function renderReply(view: View, timeZone: string): SlackMessage & { response_type: "ephemeral" } {
  return { response_type: "ephemeral", ...renderView(view, { timeZone, interactive: false }) };
}
