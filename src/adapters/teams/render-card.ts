// View model → Adaptive Card. One template per view in adaptive-cards/ (a closed proposal uses
// tally.json, a review nudge review-nudge.json), filled with adaptivecards-templating from data
// derived here from the same view models the Slack adapter renders. Only display strings and
// flags are added: who sees which buttons (the nominee accepts or declines, TAF members vote,
// deciders resolve), and the Teams ids whose clients refresh the card to their own view.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CardFactory, type Attachment } from "botbuilder";
import { formatMoment } from "../../domain/presenters/format-time.js";
import type { HandoverTrigger } from "../../domain/types.js";
import type {
  CaseView,
  CaseloadView,
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
import type { CardAudience } from "../../infrastructure/notify/teams-sender.js";
import type { CardState } from "./card-state.js";

export const TEMPLATE_NAMES = [
  "proposal",
  "tally",
  "decision",
  "escalation",
  "handover",
  "review-nudge",
  "help",
  "error",
  "case",
  "caseload",
  "report",
  "text",
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/**
 * Who the card is drawn for. "anyone" is the shared card posted in a channel; the others are a
 * person's own view (their personal chat, or the answer to their refresh or button press).
 */
export type ViewerRole = "anyone" | "member" | "nominee" | "decider" | "other";

export interface CardContext {
  viewer: ViewerRole;
  /** Teams user ids whose clients refresh the shared card into their own view. */
  refreshUserIds: string[];
  /** People a decider may appoint (the TAF). */
  choices: { id: string; name: string }[];
}

export const SHARED_CONTEXT: CardContext = { viewer: "anyone", refreshUserIds: [], choices: [] };

export interface Notice {
  tone: "info" | "success" | "error";
  text: string;
}

export type AdaptiveCardJson = Record<string, unknown> & { type: "AdaptiveCard"; body?: unknown[] };

// ---------------------------------------------------------------------------------------------
// Templates

function findTemplatesDir(): string {
  // src/adapters/teams → ../../../adaptive-cards; compiled to dist/src/adapters/teams → one more.
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const up of ["../../..", "../../../.."]) {
    const dir = path.resolve(here, up, "adaptive-cards");
    if (existsSync(path.join(dir, "proposal.json"))) return dir;
  }
  throw new Error(`adaptive-cards/ not found above ${here}`);
}

/**
 * adaptivecards-templating's typings import adaptivecards' TypeScript sources, which do not
 * compile under this project's settings; the little we use is typed here instead.
 */
interface CardTemplate {
  expand(context: { $root: unknown }): unknown;
}
const ACData = createRequire(import.meta.url)("adaptivecards-templating") as { Template: new (payload: unknown) => CardTemplate };

let templatesDir: string | null = null;
const templates = new Map<TemplateName, CardTemplate>();

export function templatePath(name: TemplateName): string {
  templatesDir ??= findTemplatesDir();
  return path.join(templatesDir, `${name}.json`);
}

function template(name: TemplateName): CardTemplate {
  let found = templates.get(name);
  if (!found) {
    found = new ACData.Template(JSON.parse(readFileSync(templatePath(name), "utf8")));
    templates.set(name, found);
  }
  return found;
}

/** Nulls left by `$when` on object-valued properties (e.g. `refresh`) are dropped. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null && v !== undefined).map(dropNulls);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  }
  return value;
}

export function fillTemplate(name: TemplateName, data: Record<string, unknown>): AdaptiveCardJson {
  return dropNulls(template(name).expand({ $root: data })) as AdaptiveCardJson;
}

// ---------------------------------------------------------------------------------------------
// Data

const words = (kebab: string) => kebab.replace(/-/g, " ");
const personText = (p: PersonView) => `${p.name} (${words(p.role)}${p.agency ? `, ${p.agency}` : ""})`;

const TRIGGER_TEXT: Record<HandoverTrigger, string> = {
  leaving: "the lead professional is leaving their role",
  "long-term-sick": "the lead professional is on long-term sick leave",
  "work-complete": "their time-limited piece of work is finished",
  "family-request": "the family asked for a change",
  "legal-proceedings": "the lead professional must pursue legal proceedings",
  transition: "a transition point (e.g. change of school)",
};

export function templateNameFor(view: View): TemplateName {
  switch (view.type) {
    case "proposal":
      return view.state === "open" ? "proposal" : "tally";
    case "review":
      return "review-nudge";
    default:
      return view.type;
  }
}

function tallyText(view: ProposalView): string {
  const t = view.tally;
  return `Agree ${t.agree} · Object ${t.object} · Abstain ${t.abstain} · Not voted ${t.notVoted} (quorum ${t.quorum} of ${t.electorate})`;
}

function voteLines(view: ProposalView): { line: string }[] {
  return view.votes.map((v) => {
    const isNominee = view.nominee !== null && v.voter.id === view.nominee.id;
    const choice = isNominee ? (v.choice === "agree" ? "accepted" : "declined") : v.choice;
    return { line: `${v.voter.name}: ${choice}${v.reason ? ` — ${v.reason}` : ""}` };
  });
}

function proposalData(view: ProposalView, context: CardContext, timeZone: string): Record<string, unknown> {
  const appoint = view.kind === "appoint";
  const open = view.state === "open";
  const viewer = open ? context.viewer : "other";
  const nomineeResponseText = { accepted: "Accepted", declined: "Declined", awaiting: "Waiting for the nominee" }[view.nomineeResponse];
  const stateText = { open: "Open", agreed: "Agreed", disagreed: "Not agreed", withdrawn: "Withdrawn" }[view.state];
  const viewerNote =
    !open
      ? ""
      : viewer === "anyone"
        ? appoint
          ? "TAF members vote here. The nominee answers with Agree (accept) or Object (decline)."
          : "TAF members vote here."
        : viewer === "nominee"
          ? "You are the nominee: please accept or decline."
          : viewer === "other"
            ? `Only the TAF for ${view.caseRef} votes on this proposal.`
            : "";
  const title = appoint
    ? open
      ? `Lead professional proposal: ${view.nominee?.name ?? "unknown"}`
      : `Vote closed: ${stateText.toLowerCase()}`
    : open
      ? "Proposal to close the case"
      : `Closure vote: ${stateText.toLowerCase()}`;
  return {
    caseRef: view.caseRef,
    proposalId: view.proposalId,
    title,
    fallbackText: `${view.caseRef}: ${title}. ${tallyText(view)}`,
    hasNominee: view.nominee !== null,
    nomineeText: view.nominee ? personText(view.nominee) : "",
    proposerText: personText(view.proposer),
    reasonText: view.reason || "No reason given.",
    familyView: view.familyView,
    familyPrefersOther: view.familyPrefersOther,
    hasNotes: view.notes.length > 0,
    notes: view.notes.map((text) => ({ text })),
    deadlineText: formatMoment(view.deadline, timeZone),
    stateText,
    nomineeResponseText,
    outcomeText: view.outcomeReason ?? stateText,
    tally: { ...view.tally },
    tallyText: tallyText(view),
    hasVotes: view.votes.length > 0,
    votes: voteLines(view),
    viewerNote,
    hasViewerNote: viewerNote.length > 0,
    // The shared card offers the member buttons: the domain reads a nominee's agree/object as accept/decline.
    showVote: open && (viewer === "anyone" || viewer === "member"),
    showRespond: open && appoint && viewer === "nominee",
    hasRefresh: open,
    refreshUserIds: context.refreshUserIds,
  };
}

function escalationData(view: EscalationView, context: CardContext, timeZone: string): Record<string, unknown> {
  const open = view.state === "open";
  const decider = open && context.viewer === "decider";
  const title = open ? `Escalation: level ${view.level}, ${view.levelName}` : `Escalation resolved by the ${view.levelName}`;
  return {
    caseRef: view.caseRef,
    escalationId: view.escalationId,
    title,
    fallbackText: `${view.caseRef}: ${title}. ${view.reason}`,
    reason: view.reason,
    levelText: `${view.level} (${view.levelName})`,
    decidersText: view.deciders.map((d) => d.name).join(", ") || "nobody yet",
    deadlineText: view.deadline ? formatMoment(view.deadline, timeZone) : "No deadline: this decision is final.",
    stateText: open ? "Open" : "Resolved",
    hasResolution: view.resolution !== null,
    resolution: view.resolution ?? "",
    viewerNote: decider ? "You decide at this level: appoint a lead professional or send the case back to the TAF." : "",
    hasViewerNote: decider,
    showDecide: decider,
    showAppoint: decider && context.choices.length > 0,
    choices: context.choices.map((c) => ({ title: c.name, value: c.id })),
    hasRefresh: open,
    refreshUserIds: context.refreshUserIds,
  };
}

function decisionData(view: DecisionView): Record<string, unknown> {
  const agreed = view.outcome === "agreed";
  const headline = agreed
    ? view.kind === "closure"
      ? `${view.caseRef} is closed`
      : `${view.lead?.name ?? "Nobody"} is the lead professional for ${view.caseRef}`
    : `No lead professional agreed for ${view.caseRef}`;
  const how = { appoint: "Agreed by the TAF", closure: "Closure confirmed by the TAF", "appointed-on-escalation": "Appointed on escalation" }[
    view.kind
  ];
  return {
    caseRef: view.caseRef,
    headline,
    fallbackText: `${headline}. ${view.reason}`,
    style: agreed ? "good" : "warning",
    hasLead: view.lead !== null,
    leadText: view.lead ? personText(view.lead) : "",
    hasPreviousLead: view.previousLead !== null,
    previousLeadText: view.previousLead ? personText(view.previousLead) : "",
    howText: how,
    reason: view.reason,
  };
}

function handoverData(view: HandoverView, timeZone: string): Record<string, unknown> {
  const headline = {
    started: `Handover started for ${view.caseRef}`,
    completed: `Handover completed for ${view.caseRef}`,
    reminder: `Reminder: the handover of ${view.caseRef} is due`,
    missed: `The handover deadline for ${view.caseRef} has passed`,
  }[view.event];
  return {
    caseRef: view.caseRef,
    headline,
    fallbackText: headline,
    style: view.event === "missed" ? "attention" : view.event === "completed" ? "good" : "default",
    outgoingText: personText(view.outgoing),
    hasSuccessor: view.successor !== null,
    successorText: view.successor ? personText(view.successor) : "",
    triggerText: TRIGGER_TEXT[view.trigger],
    deadlineText: formatMoment(view.deadline, timeZone),
    showSnooze: view.snoozable === true,
    note:
      view.event === "completed"
        ? "The new lead professional has taken over."
        : `The outgoing lead professional stays lead until a successor is agreed: \`propose ${view.caseRef} @who\`.`,
  };
}

function reviewData(view: ReviewView): Record<string, unknown> {
  const days = view.workingDaysBefore;
  const headline = {
    set: `Review date set for ${view.caseRef}`,
    done: `Review recorded for ${view.caseRef}`,
    reminder:
      days === 0
        ? `The review of ${view.caseRef} is today`
        : `The review of ${view.caseRef} is in ${days ?? "a few"} working day${days === 1 ? "" : "s"}`,
    overdue: `The review of ${view.caseRef} is overdue`,
    "date-missing": `${view.caseRef} needs a review date`,
  }[view.event];
  const note =
    view.event === "date-missing"
      ? `Set one with \`review set ${view.caseRef} <date>\`.`
      : view.event === "overdue" || view.event === "reminder"
        ? `When it has been held: \`review done ${view.caseRef} continue|step-up|step-down|closure\`.`
        : "";
  return {
    caseRef: view.caseRef,
    headline,
    fallbackText: headline,
    style: view.event === "overdue" ? "attention" : view.event === "date-missing" ? "warning" : "default",
    hasReviewDate: view.reviewDate !== null,
    reviewDate: view.reviewDate ?? "",
    hasLead: view.lead !== null,
    leadText: view.lead ? personText(view.lead) : "",
    hasOutcome: view.outcome !== null,
    outcomeText: view.outcome ? words(view.outcome) : "",
    note,
    hasNote: note.length > 0,
    showSnooze: view.snoozable === true,
  };
}

function caseData(view: CaseView, timeZone: string): Record<string, unknown> {
  return {
    caseRef: view.caseRef,
    fallbackText: `${view.caseRef}: ${view.open ? "open" : "closed"}, lead professional ${view.lead?.name ?? "none"}`,
    stateText: view.open ? "Open" : "Closed",
    statusesText: view.statuses.map(words).join(", "),
    leadText: view.lead ? personText(view.lead) : "None yet",
    reviewText: view.reviewDate ?? "Not set",
    hasProposal: view.openProposal !== null,
    proposalText: view.openProposal
      ? `${view.openProposal.nominee ?? "Closure"}; voting closes ${formatMoment(view.openProposal.deadline, timeZone)}`
      : "",
    hasEscalation: view.openEscalation !== null,
    escalationText: view.openEscalation
      ? `Level ${view.openEscalation.level}${view.openEscalation.deadline ? `, until ${formatMoment(view.openEscalation.deadline, timeZone)}` : ""}`
      : "",
    hasHandover: view.openHandover !== null,
    handoverText: view.openHandover
      ? `From ${view.openHandover.outgoing} (${words(view.openHandover.trigger)}), due ${formatMoment(view.openHandover.deadline, timeZone)}`
      : "",
    hasTaf: view.taf.length > 0,
    taf: view.taf.map((m) => ({ line: `${m.isLead ? "★ " : ""}${personText(m)}` })),
    hasNotes: view.notes.length > 0,
    notes: view.notes.map((text) => ({ text })),
  };
}

function caseloadData(view: CaseloadView): Record<string, unknown> {
  return {
    fallbackText: "Caseload",
    hasRows: view.rows.length > 0,
    rows: view.rows.map((r) => ({
      name: personText(r.practitioner),
      line: `Lead professional for ${r.leadCases} of ${r.capacity} · ${r.overdueReviews} overdue review${r.overdueReviews === 1 ? "" : "s"} · ${r.handoversInFlight} handover${r.handoversInFlight === 1 ? "" : "s"} in progress`,
      color: r.overCapacity ? "Attention" : "Default",
      overCapacity: r.overCapacity,
    })),
  };
}

function reportData(view: ReportView): Record<string, unknown> {
  return {
    title: view.title,
    fallbackText: view.title,
    hasCaseRef: view.caseRef !== null,
    caseRef: view.caseRef ?? "",
    hasRows: view.rows.length > 0,
    rows: view.rows.map((r) => ({ label: r.label, value: r.value })),
    hasFile: view.file !== null,
    // The file itself goes by FileConsentCard in the requester's personal chat (file-consent.ts).
    fileText: view.file ? `The CSV file ${view.file.filename} follows in your chat with leadbot: choose Allow to save it.` : "",
  };
}

function textData(view: TextView): Record<string, unknown> {
  return {
    fallbackText: view.text,
    text: view.text,
    hasCaseRef: view.caseRef !== null,
    caseRef: view.caseRef ?? "",
    style: { info: "default", success: "good", warning: "warning" }[view.tone],
  };
}

function helpData(view: HelpView): Record<string, unknown> {
  return {
    fallbackText: "leadbot commands",
    title: view.topic ? `Help: ${view.topic}` : "leadbot commands",
    intro: "Write these to me in a personal chat, or after @leadbot in a channel. Mention people with @.",
    entries: view.entries.map((e) => ({ usage: e.usage, summary: e.summary })),
  };
}

function errorData(view: ErrorView): Record<string, unknown> {
  return {
    fallbackText: view.message,
    message: view.message,
    hasUsage: view.usage !== null,
    usage: view.usage ?? "",
    hasCorrelationId: view.correlationId !== null,
    correlationId: view.correlationId ?? "",
  };
}

/** The template's data for a view: the view model's fields as display strings, plus viewer flags. */
export function templateDataFor(view: View, context: CardContext, timeZone: string): Record<string, unknown> {
  switch (view.type) {
    case "proposal":
      return proposalData(view, context, timeZone);
    case "escalation":
      return escalationData(view, context, timeZone);
    case "decision":
      return decisionData(view);
    case "handover":
      return handoverData(view, timeZone);
    case "review":
      return reviewData(view);
    case "case":
      return caseData(view, timeZone);
    case "caseload":
      return caseloadData(view);
    case "report":
      return reportData(view);
    case "text":
      return textData(view);
    case "help":
      return helpData(view);
    case "error":
      return errorData(view);
  }
}

export function cardFor(view: View, context: CardContext, timeZone: string): AdaptiveCardJson {
  return fillTemplate(templateNameFor(view), templateDataFor(view, context, timeZone));
}

/** Puts a message above the card's content: the answer to a button press. */
export function withNotice(card: AdaptiveCardJson, notice: Notice | null): AdaptiveCardJson {
  if (!notice) return card;
  const banner = {
    type: "Container",
    style: notice.tone === "error" ? "attention" : notice.tone === "success" ? "good" : "emphasis",
    items: [{ type: "TextBlock", text: notice.text, wrap: true, weight: "Bolder" }],
  };
  return { ...card, body: [banner, ...(card.body ?? [])] };
}

export const toAttachment = (card: AdaptiveCardJson): Attachment => CardFactory.adaptiveCard(card);

// ---------------------------------------------------------------------------------------------
// Rendering with the database: who is looking, and whose clients refresh the card.

export interface TeamsUserIdLookup {
  teamsUserIds(aadObjectIds: readonly string[]): Promise<Map<string, string>>;
}

export class CardRenderer {
  constructor(
    private readonly state: CardState,
    private readonly members: TeamsUserIdLookup,
    readonly timeZone: string,
  ) {}

  async card(view: View, audience: CardAudience, notice: Notice | null = null): Promise<AdaptiveCardJson> {
    return withNotice(cardFor(view, await this.contextFor(view, audience), this.timeZone), notice);
  }

  async render(view: View, audience: CardAudience, notice: Notice | null = null): Promise<Attachment> {
    return toAttachment(await this.card(view, audience, notice));
  }

  private async viewerId(audience: CardAudience): Promise<string | null> {
    return audience.kind === "user" ? this.state.practitionerIdOf(audience.aadObjectId) : null;
  }

  private async refreshIds(teamsIds: Map<string, string>, ids: readonly string[]): Promise<string[]> {
    const aads = ids.map((id) => teamsIds.get(id)).filter((aad): aad is string => aad !== undefined);
    const users = await this.members.teamsUserIds(aads);
    return aads.map((aad) => users.get(aad)).filter((id): id is string => id !== undefined);
  }

  async contextFor(view: View, audience: CardAudience): Promise<CardContext> {
    if (view.type === "proposal" && view.state === "open") {
      const state = await this.state.proposal(view.proposalId);
      if (!state) return SHARED_CONTEXT;
      const me = await this.viewerId(audience);
      const viewer: ViewerRole =
        audience.kind === "channel"
          ? "anyone"
          : me !== null && me === state.nomineeId
            ? "nominee"
            : me !== null && state.electorate.includes(me)
              ? "member"
              : "other";
      return { viewer, refreshUserIds: await this.refreshIds(state.teamsIds, state.electorate), choices: [] };
    }
    if (view.type === "escalation" && view.state === "open") {
      const state = await this.state.escalation(view.escalationId);
      if (!state) return SHARED_CONTEXT;
      const me = await this.viewerId(audience);
      const decider = me !== null && state.deciderIds.includes(me);
      return {
        viewer: audience.kind === "channel" ? "anyone" : decider ? "decider" : "other",
        refreshUserIds: await this.refreshIds(state.teamsIds, state.deciderIds),
        choices: decider ? state.taf.map((p) => ({ id: p.id, name: `${p.name} (${words(p.role)})` })) : [],
      };
    }
    return SHARED_CONTEXT;
  }
}
