// A Card as the data of its adaptive-cards/ template, for one viewer: the Card's words as Teams
// shows them (moments in the deployment's time zone, commands without a prefix), the buttons this
// viewer gets, and the Teams ids whose clients refresh the card to their own view.
import { formatDay, formatMoment } from "../../domain/presenters/format-time.js";
import { getsAction, readsSection, type Card, type CardAction, type Inline, type Rich, type Tone, type Viewer } from "../../views/card.js";
import type { CardVerb } from "../../views/card-actions.js";

/** The card input holding each verb's reason (one id per input: ids must be unique on a card). */
export const REASON_INPUT: Partial<Record<CardVerb, string>> = {
  "vote-object": "objectReason",
  "vote-decline": "declineReason",
  "resolve-appoint": "appointReason",
  "resolve-return": "returnReason",
};

export interface TeamsCardContext {
  viewer: Viewer;
  refreshUserIds: string[];
  /** People a decider may appoint (the TAF). */
  choices: { id: string; name: string }[];
}


export function teamsText(rich: Rich, timeZone: string, inCode = false): string {
  const one = (part: Inline): string => {
    if (typeof part === "string") return part;
    if ("said" in part) return part.said;
    if ("strong" in part) return part.strong.map(one).join("");
    if ("moment" in part) {
      const at = part.moment instanceof Date ? part.moment : new Date(part.moment);
      return Number.isNaN(at.getTime()) ? "an unknown time" : formatMoment(at, timeZone);
    }
    if ("day" in part) return formatDay(part.day);
    if ("command" in part) return inCode ? part.command : `\`${part.command}\``;
    return part.teams.map(one).join("");
  };
  return rich.map(one).join("");
}

const STYLE: Record<Tone, string> = { default: "default", emphasis: "emphasis", good: "good", warning: "warning", attention: "attention" };
const BUTTON_STYLE = { primary: "positive", danger: "destructive" } as const;

function actionData(action: CardAction, context: TeamsCardContext): Record<string, unknown> | null {
  const inputs = (action.inputs ?? []).map((input) =>
    input.kind === "person"
      ? { type: "Input.ChoiceSet", id: "person", label: input.label, style: "compact", multiline: null, maxLength: null, required: true, errorMessage: input.errorMessage, choices: context.choices.map((c) => ({ title: c.name, value: c.id })) }
      : { type: "Input.Text", id: REASON_INPUT[action.verb] ?? "reason", label: input.label, style: null, multiline: true, maxLength: input.maxLength, required: input.required ? true : null, errorMessage: input.errorMessage ?? null, choices: null },
  );
  // Nobody to choose from: the form could never be sent.
  if (action.inputs?.some((i) => i.kind === "person") && context.choices.length === 0) return null;
  const form = inputs.length > 0;
  const style = action.style ? BUTTON_STYLE[action.style] : null;
  return {
    type: form ? "Action.ShowCard" : "Action.Execute",
    title: form ? `${action.label}…` : action.label,
    verb: form ? null : action.verb,
    style,
    buttonStyle: form ? null : style,
    data: form ? null : action.payload,
    hasForm: form,
    inputs,
    submitLabel: action.submitLabel ?? action.label,
    submitVerb: action.verb,
    submitData: action.payload,
  };
}

export function teamsCardData(card: Card, context: TeamsCardContext, timeZone: string): Record<string, unknown> {
  const { viewer } = context;
  const actions = card.actions
    .filter((a) => getsAction(viewer, a))
    .map((a) => actionData(a, context))
    .filter((a): a is Record<string, unknown> => a !== null);
  const sections = card.sections
    .filter((s) => readsSection(viewer, s.for) && (!s.withActions || actions.length > 0))
    .map((s) => {
      const lines = s.lines.map((l) => teamsText(l, timeZone, s.style === "code")).filter((text) => text.length > 0);
      return {
        style: s.tone ? STYLE[s.tone] : null,
        hasHeading: s.heading !== undefined,
        heading: s.heading ?? "",
        lines: lines.map((text) => ({
          text,
          size: s.style === "subtle" ? "Small" : null,
          subtle: s.style === "subtle" ? true : null,
          font: s.style === "code" ? "Monospace" : null,
        })),
      };
    })
    .filter((s) => s.lines.length > 0);
  const title = card.subject ? `${card.title}: ${card.subject}` : card.title;
  return {
    summary: card.summary,
    tone: STYLE[card.tone],
    hasTitle: title.length > 0,
    title,
    hasCaseRef: card.caseRef !== null,
    caseRef: card.caseRef ?? "",
    hasHeadline: card.headline !== null,
    headline: card.headline ? teamsText(card.headline, timeZone) : "",
    headlineWeight: card.title ? null : "Bolder",
    hasFacts: card.facts.length > 0,
    facts: card.facts.map((f) => ({ label: f.label, value: teamsText(f.value, timeZone) })),
    sections,
    actions,
    hasRefresh: card.refresh !== null,
    refresh: card.refresh,
    refreshUserIds: context.refreshUserIds,
  };
}
