// Teams card buttons: unwraps an Action.Execute (or Action.Submit) into the one action grammar of
// src/views/card-actions.ts, whose toCommand() makes the domain command. Every button carries `{ verb, ref, proposalId | escalationId }`
// (plus the inputs the card collected); the data comes back from a client and is re-validated
// here, then checked against the database (the proposal or escalation must exist and belong to
// the case the card names) before anything runs. The domain checks everything again.
import type { CommandRunner } from "../../application/command-runner.js";
import { errorView } from "../../application/command-runner.js";
import type { ActorContext, PersonRef } from "../../domain/commands.js";
import type { View } from "../../domain/views.js";
import type { CardAudience } from "../../infrastructure/notify/teams-sender.js";
import { CARD_VERBS, cardActionData, toCommand, type CardActionData, type CardVerb } from "../../views/card-actions.js";
import { REASON_INPUT } from "./card-data.js";
import type { CardState } from "./card-state.js";
import type { AdaptiveCardJson, CardRenderer, Notice } from "./render-card.js";

export { CARD_VERBS, cardActionData, type CardActionData, type CardVerb } from "../../views/card-actions.js";
export { REASON_INPUT } from "./card-data.js";

export interface CardActionDeps {
  runner: CommandRunner;
  state: CardState;
  cards: CardRenderer;
}

export interface CardActionResult {
  card: AdaptiveCardJson;
  /** Whether a domain command ran and succeeded; false for refreshes, refusals and bad data. */
  ran: boolean;
}

/** Reads a card action's data: Action.Execute gives the verb beside the data, Action.Submit inside it. */
export function readCardAction(verb: unknown, data: unknown): { ok: true; action: CardActionData } | { ok: false; message: string } {
  const merged = typeof data === "object" && data !== null && !Array.isArray(data) ? { ...(data as Record<string, unknown>) } : {};
  if (typeof verb === "string") {
    if (merged.verb !== undefined && merged.verb !== verb) return { ok: false, message: "That card button is not valid." };
    merged.verb = verb;
  }
  if (typeof merged.verb !== "string" || !(CARD_VERBS as readonly string[]).includes(merged.verb)) {
    const shown = typeof merged.verb === "string" ? `"${merged.verb.slice(0, 40)}"` : "that";
    return { ok: false, message: `I don't know ${shown} card action. The card may be from an older version of leadbot: ask for it again.` };
  }
  const input = REASON_INPUT[merged.verb as CardVerb];
  if (input !== undefined && merged.reason === undefined && merged[input] !== undefined) merged.reason = merged[input];
  const parsed = cardActionData.safeParse(merged);
  if (!parsed.success) {
    return { ok: false, message: "That card button is missing something or has been changed, so I did nothing. Ask for the card again." };
  }
  return { ok: true, action: parsed.data };
}

/**
 * The answer is this person's card, drawn from the committed state: the rest of the command's
 * messages (the shared card, channels, DMs) go out after it, so a slow connector or a paced
 * channel never pushes an invoke past Teams' 10–15 seconds.
 */
const ANSWER_FIRST = { delivery: "background" } as const;

const STALE = "That card does not match anything I know, so I did nothing. It may be out of date: ask for it again, e.g. with `case status`.";

const noticeFrom = (view: View): Notice =>
  view.type === "error"
    ? { tone: "error", text: view.message }
    : view.type === "text"
      ? { tone: view.tone === "warning" ? "info" : "success", text: view.text }
      : view.type === "escalation" && view.confirmation
        ? { tone: "success", text: view.confirmation }
        : { tone: "success", text: "Done." };

/**
 * Runs one card action for `actor` and returns the card to answer with: the proposal or
 * escalation as this person should now see it, with the outcome on top; or an error card when
 * the action cannot be matched to anything.
 */
export async function runCardAction(deps: CardActionDeps, actor: ActorContext, raw: { verb: unknown; data: unknown }): Promise<CardActionResult> {
  const { cards, state, runner } = deps;
  const audience: CardAudience = { kind: "user", aadObjectId: actor.userId };
  const error = async (message: string): Promise<CardActionResult> => ({ card: await cards.card(errorView(message), audience), ran: false });

  const read = readCardAction(raw.verb, raw.data);
  if (!read.ok) return error(read.message);
  const action = read.action;

  if (action.verb === "refresh") {
    const current =
      action.view === "proposal"
        ? action.proposalId && (await state.proposal(action.proposalId))
        : action.escalationId && (await state.escalation(action.escalationId));
    if (!current || current.view.caseRef !== action.ref) return error(STALE);
    return { card: await cards.card(current.view, audience), ran: false };
  }

  if (action.verb === "snooze" || action.verb === "record-contact" || action.verb === "plan-done") {
    // A nudge card holds no state to redraw: the answer replaces it with the outcome.
    const { command, target } = toCommand(action);
    const result = await runner.run(actor, command, target, ANSWER_FIRST);
    return { card: await cards.card(result, audience), ran: result.type !== "error" };
  }

  if ("proposalId" in action) {
    const proposal = await state.proposal(action.proposalId);
    if (!proposal || proposal.view.caseRef !== action.ref) return error(STALE);
    const { command, target } = toCommand(action);
    const result = await runner.run(actor, command, target, ANSWER_FIRST);
    const now = (await state.proposal(action.proposalId))?.view ?? proposal.view;
    // Pressed in the nominee's own chat: the card answered is their nomination card, as updated.
    const own = actor.channelId === null && proposal.nomineeId !== null && (await state.practitionerIdOf(actor.userId)) === proposal.nomineeId;
    return { card: await cards.card(own ? { ...now, forNominee: true } : now, audience, noticeFrom(result)), ran: result.type !== "error" };
  }

  const escalation = await state.escalation(action.escalationId);
  if (!escalation || escalation.view.caseRef !== action.ref) return error(STALE);
  if ((action.verb === "resolve-appoint" || action.verb === "resolve-return") && action.reason.length === 0) {
    return { card: await cards.card(escalation.view, audience, { tone: "error", text: "A decision needs a reason." }), ran: false };
  }

  let person: PersonRef | undefined;
  if (action.verb === "resolve-appoint") {
    // The card offers the TAF by practitioner id; the grammar names people by handle.
    const handle = escalation.taf.some((p) => p.id === action.person) ? await state.practitionerHandle(action.person) : null;
    if (!handle) return error("That person is not on the TAF for this case, so I did nothing.");
    person = { by: "handle", handle };
  }
  const { command, target } = toCommand(action, person);
  const result = await runner.run(actor, command, target, ANSWER_FIRST);
  const now = (await state.escalation(action.escalationId))?.view ?? escalation.view;
  return { card: await cards.card(now, audience, noticeFrom(result)), ran: result.type !== "error" };
}
