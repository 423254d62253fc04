// What a Block Kit button carries: a verb and the ids it needs, nothing else [ARCHITECTURE rule 3].
// Slack hands the value back unchanged, but anyone holding a signed request can try to send their
// own, so every value and every modal's private_metadata is re-validated here with zod before a
// domain command is built from it. The domain still checks who may do what.
import { z } from "zod";
import { actionNumber, caseReference, deadlineKey } from "../../domain/commands.js";
import { SNOOZABLE_NUDGES } from "../../domain/types.js";
import type { ActionPayload, CommandPress } from "../../views/card-actions.js";

/** Domain ids are uuids today; accept any short id-like string so the adapter does not decide that. */
const id = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const slackId = z.string().regex(/^[A-Z0-9]{1,32}$/i);

export const ACTION = {
  agree: "lead.vote.agree",
  object: "lead.vote.object",
  abstain: "lead.vote.abstain",
  accept: "lead.vote.accept",
  decline: "lead.vote.decline",
  appoint: "lead.esc.appoint",
  return: "lead.esc.return",
  acknowledge: "lead.esc.ack",
  snooze: "lead.nudge.snooze",
  remind: "lead.vote.remind",
  recordContact: "lead.nudge.contact",
  planDone: "lead.plan.done",
} as const;

export const CALLBACK = {
  object: "lead.modal.object",
  appoint: "lead.modal.appoint",
  return: "lead.modal.return",
} as const;

/** Agree, abstain, accept and decline are cast at once; object first asks for a reason. */
export const voteValue = z.object({
  v: z.literal("vote"),
  ref: caseReference,
  proposalId: id,
  choice: z.enum(["agree", "object", "abstain", "accept", "decline"]),
});
export type VoteValue = z.infer<typeof voteValue>;

export const escalationValue = z.object({
  v: z.enum(["appoint", "return", "ack"]),
  ref: caseReference,
  escalationId: id,
});
export type EscalationValue = z.infer<typeof escalationValue>;

/** Snooze on a review or handover reminder: the deadline key of the reminder the card was sent for. */
export const snoozeValue = z.object({
  v: z.literal("snooze"),
  ref: caseReference,
  nudge: z.enum(SNOOZABLE_NUDGES),
  reminder: deadlineKey,
});
export type SnoozeValue = z.infer<typeof snoozeValue>;

/** Remind on an open proposal: the proposer's or the LP's nudge to those still to vote. */
export const remindValue = z.object({ v: z.literal("remind"), ref: caseReference, proposalId: id });
export type RemindValue = z.infer<typeof remindValue>;

/** Record contact on a missed check-in nudge: the case is all it needs. */
export const recordContactValue = z.object({ v: z.literal("record-contact"), ref: caseReference });

/** Done on the plan card: the case and the action's number. */
export const planDoneValue = z.object({ v: z.literal("plan-done"), ref: caseReference, n: actionNumber });

export const actionValue = z.union([voteValue, escalationValue, snoozeValue, remindValue, recordContactValue, planDoneValue]);
export type ActionValue = z.infer<typeof actionValue>;

/** Where the reply to a modal goes once it is submitted: the message's response_url, a channel, or a DM. */
export const modalMetadata = z.object({
  ref: caseReference,
  proposalId: id.optional(),
  escalationId: id.optional(),
  channelId: slackId.nullable(),
  responseUrl: z.string().url().max(500).nullable(),
  fromHome: z.boolean(),
});
export type ModalMetadata = z.infer<typeof modalMetadata>;

export function encodeValue(value: ActionValue): string {
  return JSON.stringify(value);
}

/** The value of a clicked button, or null when it is not one this app drew. */
export function decodeValue(raw: unknown): ActionValue | null {
  if (typeof raw !== "string" || raw.length > 2000) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = actionValue.safeParse(json);
  return parsed.success ? parsed.data : null;
}

export function decodeMetadata(raw: unknown): ModalMetadata | null {
  if (typeof raw !== "string" || raw.length > 3000) return null;
  try {
    const parsed = modalMetadata.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const VOTE_VERB = { "vote-agree": "agree", "vote-object": "object", "vote-abstain": "abstain", "vote-accept": "accept", "vote-decline": "decline" } as const;
const ESCALATION_VERB = { "resolve-appoint": "appoint", "resolve-return": "return", ack: "ack" } as const;

/** A card action as a Block Kit button's action id and value. */
export function slackButtonOf(payload: ActionPayload): { actionId: string; value: string } {
  const { verb, ref } = payload;
  if (verb in VOTE_VERB) {
    const choice = VOTE_VERB[verb as keyof typeof VOTE_VERB];
    return { actionId: ACTION[choice], value: encodeValue({ v: "vote", ref, proposalId: payload.proposalId!, choice }) };
  }
  if (verb in ESCALATION_VERB) {
    const v = ESCALATION_VERB[verb as keyof typeof ESCALATION_VERB];
    return { actionId: ACTION[v === "ack" ? "acknowledge" : v], value: encodeValue({ v, ref, escalationId: payload.escalationId! }) };
  }
  if (verb === "snooze") return { actionId: ACTION.snooze, value: encodeValue({ v: "snooze", ref, nudge: payload.nudge!, reminder: payload.reminder! }) };
  if (verb === "remind") return { actionId: ACTION.remind, value: encodeValue({ v: "remind", ref, proposalId: payload.proposalId! }) };
  if (verb === "record-contact") return { actionId: ACTION.recordContact, value: encodeValue({ v: "record-contact", ref }) };
  // Slack wants each button's action id unique within its block: a plan card has one Done per action.
  if (verb === "plan-done") return { actionId: `${ACTION.planDone}.${payload.n!}`, value: encodeValue({ v: "plan-done", ref, n: payload.n! }) };
  throw new Error(`no Slack button for ${verb}`);
}

const VERB_OF_VOTE = { agree: "vote-agree", object: "vote-object", abstain: "vote-abstain", accept: "vote-accept", decline: "vote-decline" } as const;
const VERB_OF_ESCALATION = { appoint: "resolve-appoint", return: "resolve-return", ack: "ack" } as const;

/**
 * A clicked button as the one action grammar: its value, which must match the button it was
 * drawn on (action id), or null when it is not one this app drew. Reasons and people are asked
 * for afterwards (a modal) and filled in then.
 */
export function pressOf(actionId: string, raw: unknown): CommandPress | null {
  const value = decodeValue(raw);
  if (!value) return null;
  let press: CommandPress;
  if (value.v === "vote") {
    press = { verb: VERB_OF_VOTE[value.choice], ref: value.ref, proposalId: value.proposalId, reason: "" } as CommandPress;
  } else if (value.v === "snooze") {
    press = { verb: "snooze", ref: value.ref, nudge: value.nudge, reminder: value.reminder };
  } else if (value.v === "record-contact") {
    press = { verb: "record-contact", ref: value.ref };
  } else if (value.v === "plan-done") {
    press = { verb: "plan-done", ref: value.ref, n: value.n };
  } else if (value.v === "remind") {
    press = { verb: "remind", ref: value.ref, proposalId: value.proposalId };
  } else if (value.v === "appoint") {
    press = { verb: "resolve-appoint", ref: value.ref, escalationId: value.escalationId, person: "", reason: "" };
  } else {
    press = { verb: VERB_OF_ESCALATION[value.v], ref: value.ref, escalationId: value.escalationId, reason: "" } as CommandPress;
  }
  return slackButtonOf(press).actionId === actionId ? press : null;
}
