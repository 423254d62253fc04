// View model → Card → Adaptive Card. One template per view in adaptive-cards/ (a closed proposal
// uses tally.json, a review, missed check-in or plan action nudge review-nudge.json), each the generic Adaptive Card layout of
// adaptive-card-template.ts, filled with adaptivecards-templating from the same Card the Slack
// adapter serialises (card-data.ts). What is added here is Teams' own: who is looking (the nominee
// accepts or declines, TAF members vote, deciders resolve), and the Teams ids whose clients
// refresh the card to their own view.
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CardFactory, type Attachment } from "botbuilder";
import type { View } from "../../domain/views.js";
import type { Card, Viewer } from "../../views/card.js";
import { cardForView } from "../../views/card-for-view.js";
import type { CardAudience } from "../../infrastructure/notify/teams-sender.js";
import type { TemplateParts } from "./adaptive-card-template.js";
import { teamsCardData } from "./card-data.js";
import type { CardState } from "./card-state.js";

export const TEMPLATE_NAMES = [
  "proposal",
  "tally",
  "decision",
  "escalation",
  "handover",
  "review-nudge",
  "plan",
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
export type ViewerRole = "anyone" | "member" | "organiser" | "nominee" | "decider" | "other";

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

/** Which parts of the Adaptive Card layout each template holds. */
export const TEMPLATE_PARTS: Record<TemplateName, TemplateParts> = {
  proposal: { refresh: true, actions: true, forms: true },
  tally: { refresh: false, actions: false, forms: false },
  decision: { refresh: false, actions: false, forms: false },
  escalation: { refresh: true, actions: true, forms: true },
  handover: { refresh: false, actions: true, forms: false },
  "review-nudge": { refresh: false, actions: true, forms: false },
  plan: { refresh: false, actions: true, forms: false },
  help: { refresh: false, actions: false, forms: false },
  error: { refresh: false, actions: false, forms: false },
  case: { refresh: false, actions: false, forms: false },
  caseload: { refresh: false, actions: false, forms: false },
  report: { refresh: false, actions: false, forms: false },
  text: { refresh: false, actions: false, forms: false },
};

export function templateNameFor(view: View): TemplateName {
  switch (view.type) {
    case "proposal":
      return view.state === "open" ? "proposal" : "tally";
    case "review":
    case "contact":
    case "plan-nudge":
      return "review-nudge";
    default:
      return view.type;
  }
}

const VIEWER: Record<ViewerRole, Viewer> = { anyone: "shared", member: "member", organiser: "organiser", nominee: "nominee", decider: "decider", other: "other" };

/** The template's data for a view: its Card, as this viewer sees it. */
export function templateDataFor(view: View, context: CardContext, timeZone: string): Record<string, unknown> {
  return teamsCardData(cardForView(view), { ...context, viewer: VIEWER[context.viewer] }, timeZone);
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

/**
 * The local playground draws each message as Slack would too, from the very Card the Adaptive
 * Card was filled from; with `withSourceCard` that Card (and a button's notice) travels under this
 * key. Only the playground asks for it: real Teams never gets it.
 */
export const SOURCE_CARD_KEY = "x-leadbot-source";

export interface SourceCard {
  card: Card;
  notice: Notice | null;
}

export interface CardRendererOptions {
  withSourceCard?: boolean;
}

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
    private readonly options: CardRendererOptions = {},
  ) {}

  async card(view: View, audience: CardAudience, notice: Notice | null = null): Promise<AdaptiveCardJson> {
    const card = withNotice(cardFor(view, await this.contextFor(view, audience), this.timeZone), notice);
    if (!this.options.withSourceCard) return card;
    const source: SourceCard = { card: cardForView(view), notice };
    return { ...card, [SOURCE_CARD_KEY]: source };
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
            : me !== null && state.organiserIds.includes(me)
              ? "organiser"
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
