// What a card button carries: a verb and the ids it needs, nothing else [ARCHITECTURE rule 3].
// One grammar for both platforms: Slack puts it in a button's value, Teams in an Action.Execute's
// verb and data. Either way it comes back from a client, so it is re-validated here before a
// domain command is built from it; the domain still checks who may do what.
import { z } from "zod";
import { actionNumber, caseReference, deadlineKey, type Command, type PersonRef } from "../domain/commands.js";
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
  "remind",
  "record-contact",
  "plan-done",
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
  // On a reminder card: the reminder the card was sent for, by its deadline key; the domain checks
  // it is still current and the presser's.
  z.object({ verb: z.literal("snooze"), ref: caseReference, nudge: z.enum(SNOOZABLE_NUDGES), reminder: deadlineKey }),
  // On an open proposal: the proposer or the LP nudges the members who have not voted yet.
  z.object({ verb: z.literal("remind"), ...onProposal }),
  // On a missed check-in nudge: the LP records a contact with the family, without a note.
  z.object({ verb: z.literal("record-contact"), ref: caseReference }),
  // On the plan card: action n is done (the domain checks who may say so).
  z.object({ verb: z.literal("plan-done"), ref: caseReference, n: actionNumber }),
]);
export type CardActionData = z.infer<typeof cardActionData>;

/** What a card draws on a button: the verb and its ids; the inputs it asks for (reason, person) come with the press. */
export interface ActionPayload {
  verb: CardVerb;
  ref: string;
  proposalId?: string;
  escalationId?: string;
  nudge?: (typeof SNOOZABLE_NUDGES)[number];
  /** Snooze: the deadline key of the reminder the card was sent for. */
  reminder?: string;
  view?: "proposal" | "escalation";
  /** Plan card: the action's number. */
  n?: number;
}

/** A press that asks the domain to do something (a refresh only redraws the card). */
export type CommandPress = Exclude<CardActionData, { verb: "refresh" }>;

/** What a command runs on: the proposal or escalation the card was drawn for. */
export interface PressTarget {
  proposalId?: string;
  escalationId?: string;
}

const VOTE_CHOICE = {
  "vote-agree": "agree",
  "vote-object": "object",
  "vote-abstain": "abstain",
  "vote-accept": "accept",
  "vote-decline": "decline",
} as const;

/**
 * The domain command a button press stands for, on both platforms. Appointing names a person,
 * which each platform resolves its own way (a Slack user, a TAF member picked on a Teams card).
 */
export function toCommand(press: CommandPress, person?: PersonRef): { command: Command; target: PressTarget } {
  switch (press.verb) {
    case "vote-agree":
    case "vote-abstain":
    case "vote-accept":
      return { command: { name: "vote", ref: press.ref, choice: VOTE_CHOICE[press.verb], reason: "" }, target: { proposalId: press.proposalId } };
    case "vote-object":
    case "vote-decline":
      return { command: { name: "vote", ref: press.ref, choice: VOTE_CHOICE[press.verb], reason: press.reason }, target: { proposalId: press.proposalId } };
    case "resolve-appoint":
      if (!person) throw new Error("appointing from a card needs the person");
      return { command: { name: "resolve-appoint", ref: press.ref, person, reason: press.reason }, target: { escalationId: press.escalationId } };
    case "resolve-return":
      return { command: { name: "resolve-return", ref: press.ref, reason: press.reason }, target: { escalationId: press.escalationId } };
    case "ack":
      return { command: { name: "acknowledge", ref: press.ref }, target: { escalationId: press.escalationId } };
    case "snooze":
      return { command: { name: "snooze", ref: press.ref, nudge: press.nudge, reminder: press.reminder }, target: {} };
    case "remind":
      return { command: { name: "remind", ref: press.ref }, target: { proposalId: press.proposalId } };
    case "record-contact":
      return { command: { name: "contact", ref: press.ref, note: "" }, target: {} };
    case "plan-done":
      return { command: { name: "plan-done", ref: press.ref, n: press.n, note: "" }, target: {} };
  }
}

/**
 * The same person pressing the same button again within the double-click window is one press.
 * Remind is left out: its rate limit already makes a second press harmless, and answering it
 * ("they were reminded at …") is kinder than silence.
 */
export function pressFingerprint(press: CommandPress): string | null {
  switch (press.verb) {
    case "vote-agree":
    case "vote-object":
    case "vote-abstain":
    case "vote-accept":
    case "vote-decline":
      return `${press.proposalId}:${VOTE_CHOICE[press.verb]}`;
    case "snooze":
      return `snooze:${press.reminder}`;
    case "record-contact":
      return `contact:${press.ref}`;
    case "plan-done":
      return `plan-done:${press.ref}:${press.n}`;
    default:
      return null;
  }
}
