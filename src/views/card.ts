// The one neutral card every view becomes, whatever the platform. A card builder (one per view
// family in this folder) decides what a message says, once; a serialiser (Block Kit in the Slack
// adapter, Adaptive Card in the Teams adapter) only decides how it looks. So a fact, a button or
// a sentence cannot be on one platform and missing or worded differently on the other.
import type { View } from "../domain/views.js";
import type { ActionPayload, CardVerb } from "./card-actions.js";

/**
 * A piece of text. Plain strings are our own wording; everything a person wrote (names,
 * agencies, reasons, notes) is `said`, which Slack escapes so it can never become a mention or
 * a link. Moments and days are data, so each platform shows them its own way.
 */
export type Inline =
  | string
  | { said: string; max?: number }
  | { strong: Inline[] }
  | { moment: Date | string }
  | { day: string }
  /** A command the reader can type: Slack puts "/lead " before each line, Teams nothing. */
  | { command: string }
  /**
   * The same thing worded twice, one per platform. Kept only where each platform's existing
   * wording is relied on as it is; the card parity test lists every use.
   */
  | { slack: Inline[]; teams: Inline[] };

export type Rich = Inline[];

export type Tone = "default" | "good" | "warning" | "attention" | "emphasis";

/**
 * Who a card is drawn for. "everyone" is a card every reader shares with no view of their own
 * (Slack): every action is drawn and the domain refuses whoever may not use it. The others are
 * Teams' per-person views: "shared" is the copy in a channel, the rest a person's own view.
 * "organiser" is a member who may also chase a vote: its proposer or the case's lead professional.
 */
export type Viewer = "everyone" | "shared" | "member" | "organiser" | "nominee" | "decider" | "other";

/** Every per-person view: an action anyone may try (the domain refuses whoever may not). */
export const EVERY_VIEWER: Viewer[] = ["shared", "member", "organiser", "nominee", "decider", "other"];

export interface Fact {
  label: string;
  value: Rich;
}

export interface Section {
  /** Shown before the lines; with one line, on the same line ("Reason: …"). */
  heading?: string;
  lines: Rich[];
  tone?: Tone;
  /** subtle: small print; code: usage lines, shown as code. */
  style?: "plain" | "subtle" | "code";
  /** Only these viewers see the section (all when absent). */
  for?: Viewer[];
  /** Shown only where the card's buttons are drawn: it explains them. */
  withActions?: boolean;
}

/** What an action asks for before it runs: a reason, or a person to appoint. */
export type CardInput =
  | { kind: "text"; id: "reason"; label: string; required: boolean; maxLength: number; errorMessage?: string; placeholder?: string }
  | { kind: "person"; id: "person"; label: string; errorMessage: string };

export interface CardAction {
  verb: CardVerb;
  /** The ids the verb needs: exactly what comes back when the button is pressed. */
  payload: ActionPayload;
  label: string;
  style?: "primary" | "danger";
  /** Who gets the button in their own view (Teams); a shared "everyone" card draws them all. */
  visibleTo: Viewer[];
  /** Asked for before the action runs (a form on the card in Teams, a modal in Slack). */
  inputs?: CardInput[];
  /** The form's submit button. */
  submitLabel?: string;
  /** The form's explanation. */
  intro?: string;
  /** Buttons drawn together (a row in Slack). */
  group: string;
}

export interface Card {
  /** The view this card shows: Slack names its first block after it. */
  view: View["type"];
  title: string;
  /** Teams adds it to the title ("Lead professional proposal: Tom Teacher"); Slack shows it in the facts. */
  subject: string | null;
  caseRef: string | null;
  tone: Tone;
  /** The main sentence, straight under the title. */
  headline: Rich | null;
  facts: Fact[];
  sections: Section[];
  actions: CardAction[];
  /** What a client asks for to redraw the card as its reader's own view (Teams). */
  refresh: ActionPayload | null;
  /** Plain text where the card cannot be shown (notifications, screen readers). */
  summary: string;
}

// ---------------------------------------------------------------------------------------------
// Small builders shared by the card builders

export const said = (text: string, max?: number): Inline => (max === undefined ? { said: text } : { said: text, max });
export const strong = (...parts: Inline[]): Inline => ({ strong: parts });

const words = (kebab: string) => kebab.replace(/-/g, " ");

export interface PersonLike {
  name: string;
  role: string;
  agency: string;
}

/** "Tom Teacher (teacher, Oak Primary School)", the name in bold. */
export function person(p: PersonLike): Rich {
  const where = [words(p.role), p.agency].filter((s) => s.length > 0).join(", ");
  return where ? [strong(said(p.name, 200)), " (", said(where, 300), ")"] : [strong(said(p.name, 200))];
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function card(view: View["type"], title: string, over: Partial<Omit<Card, "view" | "title">> & { summary: string }): Card {
  return { view, title, subject: null, caseRef: null, tone: "default", headline: null, facts: [], sections: [], actions: [], refresh: null, ...over };
}

/** Whether `viewer` sees a section meant for `readers` (everyone when absent). */
export const readsSection = (viewer: Viewer, readers: readonly Viewer[] | undefined): boolean => !readers || readers.includes(viewer);

/** Whether `viewer` gets an action's button: a card shared by everyone draws them all. */
export const getsAction = (viewer: Viewer, action: CardAction): boolean => viewer === "everyone" || action.visibleTo.includes(viewer);

/** Plain text of rich text, as a platform that shows no formatting reads it. */
export function plainText(rich: Rich, platform: "slack" | "teams" = "teams", moment: (at: Date | string) => string = String, day: (iso: string) => string = String): string {
  return rich
    .map((part): string => {
      if (typeof part === "string") return part;
      if ("said" in part) return part.said;
      if ("strong" in part) return plainText(part.strong, platform, moment, day);
      if ("moment" in part) return moment(part.moment);
      if ("day" in part) return day(part.day);
      if ("command" in part) return part.command;
      return plainText(part[platform], platform, moment, day);
    })
    .join("");
}
