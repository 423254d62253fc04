// What a card button carries: a verb and the ids it needs, nothing else [ARCHITECTURE rule 3].
// One grammar for both platforms: Slack puts it in a button's value, Teams in an Action.Execute's
// verb and data. Either way it comes back from a client, so it is re-validated here before a
// domain command is built from it; the domain still checks who may do what.
import { z } from "zod";
import { caseReference } from "../domain/commands.js";
import { SNOOZABLE_NUDGES } from "../domain/types.js";

export const CARD_VERBS = [
  "refresh",
  "vote-agree",
  "vote-object",
  "vote-abstain",
  "vote-accept",
  "vote-decline",
  "resolve-appoint",
  "resolve-return",
  "ack",
  "snooze",
] as const;
export type CardVerb = (typeof CARD_VERBS)[number];

/** Domain ids are uuids. */
const id = z.guid();
const reason = z.string().trim().max(500).default("");
const onProposal = { ref: caseReference, proposalId: id };
const onEscalation = { ref: caseReference, escalationId: id };

export const cardActionData = z.discriminatedUnion("verb", [
  // A client asking for this person's own view of the card (the `refresh` of a shared card).
  z.object({ verb: z.literal("refresh"), view: z.enum(["proposal", "escalation"]), ref: caseReference, proposalId: id.optional(), escalationId: id.optional() }),
  z.object({ verb: z.literal("vote-agree"), ...onProposal }),
  z.object({ verb: z.literal("vote-object"), ...onProposal, reason }),
  z.object({ verb: z.literal("vote-abstain"), ...onProposal }),
  z.object({ verb: z.literal("vote-accept"), ...onProposal }),
  z.object({ verb: z.literal("vote-decline"), ...onProposal, reason }),
  z.object({ verb: z.literal("resolve-appoint"), ...onEscalation, person: id, reason }),
  z.object({ verb: z.literal("resolve-return"), ...onEscalation, reason }),
  z.object({ verb: z.literal("ack"), ...onEscalation }),
  // On a reminder card: the domain finds the sender's next reminder of that kind and checks it is theirs.
  z.object({ verb: z.literal("snooze"), ref: caseReference, nudge: z.enum(SNOOZABLE_NUDGES) }),
]);
export type CardActionData = z.infer<typeof cardActionData>;

/** What a card draws on a button: the verb and its ids; the inputs it asks for (reason, person) come with the press. */
export interface ActionPayload {
  verb: CardVerb;
  ref: string;
  proposalId?: string;
  escalationId?: string;
  nudge?: (typeof SNOOZABLE_NUDGES)[number];
  view?: "proposal" | "escalation";
}
