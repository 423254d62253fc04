// The playground's Slack view. Messages come to the playground as Teams activities; the Teams
// adapter adds the Card each Adaptive Card was filled from, and here that Card goes through the
// Slack adapter's own serialiser, so the page draws the very blocks Slack would be sent. A press
// in the Slack view is read the way the Slack adapter reads a click (its action id and value),
// asks for a reason or a person with the Slack adapter's own modal, and then travels as the same
// card action a Teams press does, so both views change the case the same way.
import type { SourceCard } from "../adapters/teams/render-card.js";
import { pressOf } from "../adapters/slack/action-values.js";
import { appointModal, returnModal } from "../adapters/slack/escalation-modal.js";
import { objectModal, reasonProblem, type ModalDefinition } from "../adapters/slack/object-modal.js";
import { renderCard, renderReply, type SlackMessage } from "../adapters/slack/render-blocks.js";
import { errorView } from "../application/command-runner.js";
import type { CommandPress } from "../views/card-actions.js";

/** A posted message as Slack shows it: every button drawn (Slack has no per-person views). */
export function slackMessageOf(source: SourceCard, timeZone: string): SlackMessage {
  return renderCard(source.card, { timeZone, interactive: true });
}

/** The answer to a press, as the ephemeral reply Slack shows the presser only. */
export function slackReplyOf(source: SourceCard | null, timeZone: string): SlackMessage {
  const notice = source?.notice;
  if (notice) {
    return renderReply(notice.tone === "error" ? errorView(notice.text) : { type: "text", tone: notice.tone === "success" ? "success" : "info", caseRef: null, text: notice.text }, timeZone);
  }
  if (source) return renderCard(source.card, { timeZone, interactive: false });
  return renderReply(errorView("The bot did not answer that press."), timeZone);
}

export const NOT_OUR_BUTTON = "That button is not one leadbot drew, so nothing was recorded.";

export type SlackPressResult =
  | { kind: "refused"; message: string }
  /** The press needs a reason or a person first: the modal Slack would open. */
  | { kind: "form"; form: ModalDefinition }
  /** Ready to run as a card action. */
  | { kind: "press"; press: CommandPress };

export interface SlackPressInput {
  actionId: unknown;
  value: unknown;
  /** What the modal collected, once it is submitted. */
  inputs?: { reason?: unknown; person?: unknown } | undefined;
}

/** The person chosen in the appoint modal (a handle here, a Slack user id in Slack) as a practitioner id. */
export type PractitionerIdOf = (handle: string) => Promise<string | null>;

/** Reads a Slack view press like the Slack adapter reads a click; everything in it is untrusted. */
export async function readSlackPress(input: SlackPressInput, practitionerIdOf: PractitionerIdOf): Promise<SlackPressResult> {
  if (typeof input.actionId !== "string") return { kind: "refused", message: NOT_OUR_BUTTON };
  const press = pressOf(input.actionId, input.value);
  if (!press) return { kind: "refused", message: NOT_OUR_BUTTON };
  const meta = { ref: press.ref, channelId: null, responseUrl: null, fromHome: false };
  const form =
    press.verb === "vote-object"
      ? objectModal({ ...meta, proposalId: press.proposalId })
      : press.verb === "resolve-appoint"
        ? appointModal({ ...meta, escalationId: press.escalationId })
        : press.verb === "resolve-return"
          ? returnModal({ ...meta, escalationId: press.escalationId })
          : null;
  if (!form) return { kind: "press", press };
  if (input.inputs === undefined) return { kind: "form", form };
  const reason = typeof input.inputs.reason === "string" ? input.inputs.reason.trim() : "";
  const problem = reasonProblem(reason);
  if (problem) return { kind: "refused", message: problem };
  if (press.verb === "resolve-appoint") {
    const handle = typeof input.inputs.person === "string" ? input.inputs.person : "";
    const person = /^[a-z0-9._-]{1,64}$/i.test(handle) ? await practitionerIdOf(handle) : null;
    if (!person) return { kind: "refused", message: "Choose the practitioner to appoint." };
    return { kind: "press", press: { ...press, reason, person } };
  }
  return { kind: "press", press: { ...press, reason } as CommandPress };
}
