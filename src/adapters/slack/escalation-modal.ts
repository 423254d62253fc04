// The forms behind an escalation's Appoint… and Send back to the TAF… buttons: appointing and
// returning need a reason (and a person), so they open a modal; Acknowledge runs at once. Who may
// decide is the domain's call: anyone else gets its refusal as an ephemeral reply.
import { CALLBACK, type ModalMetadata } from "./action-values.js";
import { modal, NO_CHILD_DETAILS, reasonInput, type ModalDefinition } from "./object-modal.js";
import { section } from "./render-blocks.js";

export const PERSON_BLOCK = "person";

export function appointModal(meta: ModalMetadata): ModalDefinition {
  return modal(CALLBACK.appoint, meta, "Appoint a lead", "Appoint", [
    section(
      `You are settling the escalation on *${meta.ref}* by appointing the lead professional yourself. ` +
        `Statutory rules and eligibility still apply. ${NO_CHILD_DETAILS}`,
    ),
    {
      type: "input",
      block_id: PERSON_BLOCK,
      label: { type: "plain_text", text: "Lead professional" },
      element: { type: "users_select", action_id: PERSON_BLOCK, placeholder: { type: "plain_text", text: "Choose a practitioner" } },
    },
    reasonInput("Reason for the decision", "e.g. the family asked for the health visitor"),
  ]);
}

export function returnModal(meta: ModalMetadata): ModalDefinition {
  return modal(CALLBACK.return, meta, "Return to the TAF", "Return", [
    section(`You are sending *${meta.ref}* back to the Team Around the Family for a new proposal. ${NO_CHILD_DETAILS}`),
    reasonInput("Reason for the decision", "e.g. the TAF should meet and consider the family's preference"),
  ]);
}
