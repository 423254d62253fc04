// Objecting needs a reason [DOMAIN §4.3], so the Object button opens a modal asking for one. The
// modal carries where it came from in private_metadata (case, proposal, the card's channel and
// response_url), which Slack hands back on submission and which is re-validated before use.
import { CALLBACK, type ModalMetadata } from "./action-values.js";
import { section, type KnownBlock } from "./render-blocks.js";

export const REASON_BLOCK = "reason";
const MAX_REASON = 500;

export interface ModalDefinition {
  type: "modal";
  callback_id: string;
  private_metadata: string;
  title: { type: "plain_text"; text: string };
  submit: { type: "plain_text"; text: string };
  close: { type: "plain_text"; text: string };
  blocks: KnownBlock[];
}

export function reasonInput(label: string, placeholder: string): KnownBlock {
  return {
    type: "input",
    block_id: REASON_BLOCK,
    label: { type: "plain_text", text: label },
    element: {
      type: "plain_text_input",
      action_id: REASON_BLOCK,
      multiline: true,
      min_length: 1,
      max_length: MAX_REASON,
      placeholder: { type: "plain_text", text: placeholder },
    },
  };
}

export const NO_CHILD_DETAILS = "Case references and practitioners only: never a child's name or details.";

/** A modal that remembers where it came from (re-validated when it is submitted). */
export function modal(callbackId: string, meta: ModalMetadata, title: string, submit: string, blocks: KnownBlock[]): ModalDefinition {
  return {
    type: "modal",
    callback_id: callbackId,
    private_metadata: JSON.stringify(meta),
    title: { type: "plain_text", text: title },
    submit: { type: "plain_text", text: submit },
    close: { type: "plain_text", text: "Cancel" },
    blocks,
  };
}

export function objectModal(meta: ModalMetadata): ModalDefinition {
  return modal(CALLBACK.object, meta, "Object to the proposal", "Object", [
    section(
      `You are objecting to the lead professional proposal on *${meta.ref}*. An objection needs a reason: ` +
        `the TAF and, if it comes to that, the line managers act on it. ${NO_CHILD_DETAILS}`,
    ),
    reasonInput("Why do you object?", "e.g. the nominee is already over capacity"),
  ]);
}

/** A reason that is missing or too long keeps the modal open with the problem shown under the field. */
export function reasonProblem(reason: string): string | null {
  if (reason.length === 0) return "Please give a reason.";
  if (reason.length > MAX_REASON) return `Please keep the reason to ${MAX_REASON} characters.`;
  return null;
}
