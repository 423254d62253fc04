// The one command grammar's output. Both platforms' adapters parse text into these, and every
// use case takes one. Schemas re-validate anything that arrives from outside (card actions).
import { z } from "zod";
import {
  AVAILABILITIES,
  CASE_STATUSES,
  EMPLOYMENT_TYPES,
  HANDOVER_TRIGGERS,
  PLATFORMS,
  REVIEW_OUTCOMES,
  ROLES,
  SNOOZABLE_NUDGES,
} from "./types.js";

export const CASE_REFERENCE = /^[A-Z][A-Z0-9]{0,9}(?:-[A-Z0-9]{1,10}){1,3}$/;
export const caseReference = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(CASE_REFERENCE, "a case reference looks like EH-2026-0042"));

/** A person named in a command: a platform mention (`<@U123>`) or a typed handle (`@sam.patel`). */
export const personRef = z.discriminatedUnion("by", [
  z.object({ by: z.literal("chat-id"), id: z.string().min(1).max(64) }),
  z.object({ by: z.literal("handle"), handle: z.string().min(1).max(64) }),
]);
export type PersonRef = z.infer<typeof personRef>;

/** A date as typed; resolved against the clock and the working-day calendar by the use case. */
export const dateExpr = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("iso"), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  z.object({ kind: z.literal("today") }),
  z.object({ kind: z.literal("tomorrow") }),
  /** weekday 1 = Monday … 7 = Sunday; `next` skips this week's occurrence ("next friday"). */
  z.object({ kind: z.literal("weekday"), weekday: z.number().int().min(1).max(7), next: z.boolean() }),
  z.object({
    kind: z.literal("in"),
    amount: z.number().int().min(0).max(3650),
    unit: z.enum(["days", "working-days", "weeks", "months"]),
  }),
]);
export type DateExpr = z.infer<typeof dateExpr>;

/** A staff CSV pasted or attached: 500 rows of generous width. */
export const MAX_IMPORT_TEXT = 200_000;

const text = (max = 500) => z.string().trim().min(1).max(max);

/** A deadline row's key as deadline-keys.ts makes it: kind, ids, tags and epochs joined by hyphens. */
export const deadlineKey = z.string().min(1).max(300).regex(/^[a-z0-9-]+$/i, "not a reminder this app sent");
const ref = caseReference;

export const familyViewInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("agrees") }),
  z.object({ kind: z.literal("prefers"), person: personRef }),
  z.object({ kind: z.literal("not-asked") }),
]);

/** Who carries out a plan action: a TAF member, or the family [DOMAIN §11]. */
export const planOwnerInput = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("family") }),
  z.object({ kind: z.literal("person"), person: personRef }),
]);
export type PlanOwnerInput = z.infer<typeof planOwnerInput>;

/** A plan action's number within its case, as the plan card shows it. */
export const actionNumber = z.number().int().min(1).max(9999);

export const practitionerFields = z.object({
  name: text(120).optional(),
  role: z.enum(ROLES).optional(),
  agency: text(120).optional(),
  manager: personRef.nullable().optional(),
  dbs: dateExpr.nullable().optional(),
  qualified: dateExpr.nullable().optional(),
  recommended: z.boolean().optional(),
  employment: z.enum(EMPLOYMENT_TYPES).optional(),
  mentor: personRef.nullable().optional(),
  capacity: z.number().int().min(0).max(100).optional(),
  availability: z.enum(AVAILABILITIES).optional(),
  accessTeam: z.boolean().optional(),
  coordinator: z.boolean().optional(),
  executive: z.boolean().optional(),
});
export type PractitionerFields = z.infer<typeof practitionerFields>;

export const command = z.discriminatedUnion("name", [
  z.object({ name: z.literal("help"), topic: z.string().max(40).optional() }),
  z.object({ name: z.literal("whoami") }),
  /**
   * `noChannel`: the opener confirmed opening the case without a channel, because the channel
   * they typed in already serves another case (`--no-channel`).
   */
  z.object({ name: z.literal("case-open"), ref, statuses: z.array(z.enum(CASE_STATUSES)).min(1), noChannel: z.boolean().optional() }),
  z.object({ name: z.literal("case-status"), ref }),
  z.object({ name: z.literal("case-update"), ref, statuses: z.array(z.enum(CASE_STATUSES)).min(1) }),
  /** Binds the channel the command was typed in as the case channel on that platform. */
  z.object({ name: z.literal("case-link"), ref }),
  /** Binds the channel the command was typed in as the access team channel on that platform. */
  z.object({ name: z.literal("access-channel") }),
  z.object({ name: z.literal("taf-add"), ref, person: personRef }),
  z.object({ name: z.literal("taf-remove"), ref, person: personRef }),
  z.object({
    name: z.literal("propose"),
    ref,
    nominee: personRef,
    reason: z.string().trim().max(500).default(""),
    family: familyViewInput.default({ kind: "not-asked" }),
  }),
  z.object({
    name: z.literal("vote"),
    ref,
    choice: z.enum(["agree", "object", "abstain", "accept", "decline"]),
    reason: z.string().trim().max(500).default(""),
  }),
  z.object({ name: z.literal("review-set"), ref, date: dateExpr }),
  z.object({
    name: z.literal("review-done"),
    ref,
    outcome: z.enum(REVIEW_OUTCOMES),
    next: dateExpr.optional(),
    /** Open actions the review carries forward (due at the next review), or all of them [DOMAIN §11]. */
    carry: z.union([z.literal("all"), z.array(actionNumber).min(1).max(50)]).optional(),
    /** Open actions the review drops. */
    drop: z.array(actionNumber).min(1).max(50).optional(),
  }),
  z.object({
    name: z.literal("handover-start"),
    ref,
    trigger: z.enum(HANDOVER_TRIGGERS),
    by: dateExpr.optional(),
  }),
  z.object({ name: z.literal("escalate"), ref, reason: text() }),
  /** The LP raises an action overdue past the threshold with its owner's line manager [DOMAIN §11]. */
  z.object({ name: z.literal("escalate-action"), ref, n: actionNumber, reason: text(300) }),
  z.object({ name: z.literal("resolve-appoint"), ref, person: personRef, reason: text() }),
  z.object({ name: z.literal("resolve-return"), ref, reason: text() }),
  z.object({ name: z.literal("acknowledge"), ref }),
  /**
   * Puts a reminder off by one working day. From a card, `reminder` is the deadline key of the
   * reminder the card was sent for; typed, the reminder just sent to the person (of `nudge`, or
   * whichever came last).
   */
  z.object({ name: z.literal("snooze"), ref, nudge: z.enum(SNOOZABLE_NUDGES).optional(), reminder: deadlineKey.optional() }),
  /** The LP records a check-in with the family [DOMAIN §11]; the note is optional free text. */
  z.object({ name: z.literal("contact"), ref, note: z.string().trim().max(300).default("") }),
  /** The LP (or the access team) sets how often to check in with the family; null turns it off. */
  z.object({ name: z.literal("contact-every"), ref, everyWeeks: z.number().int().min(1).max(12).nullable() }),
  /** The proposer or the LP nudges the members who have not voted on the open proposal (rate-limited). */
  z.object({ name: z.literal("remind"), ref }),
  /** The case's plan as a card [DOMAIN §11]. */
  z.object({ name: z.literal("plan"), ref }),
  /** `text` is what the TAF agreed; the owner is a TAF member or the family. Without `by`, due at the next review. */
  z.object({ name: z.literal("plan-add"), ref, owner: planOwnerInput, text: text(300), by: dateExpr.optional() }),
  z.object({ name: z.literal("plan-done"), ref, n: actionNumber, note: z.string().trim().max(300).default("") }),
  z.object({ name: z.literal("plan-drop"), ref, n: actionNumber, reason: text(300) }),
  z.object({ name: z.literal("plan-move"), ref, n: actionNumber, date: dateExpr, reason: text(300) }),
  z.object({ name: z.literal("close"), ref, reason: z.string().trim().max(500).default("") }),
  z.object({ name: z.literal("override"), ref, person: personRef, reason: text() }),
  z.object({ name: z.literal("caseload"), person: personRef.optional() }),
  /** The compliance report over a period of local calendar dates (default: the last 4 weeks to today). */
  z.object({ name: z.literal("report"), from: dateExpr.optional(), to: dateExpr.optional() }),
  /** A case's whole audit trail as a CSV file. */
  z.object({ name: z.literal("audit"), ref }),
  z.object({ name: z.literal("practitioner-add"), person: personRef, handle: z.string().max(64).optional(), fields: practitionerFields }),
  z.object({ name: z.literal("practitioner-update"), person: personRef, fields: practitionerFields }),
  /** Staff registered in bulk from CSV text; a dry run unless `apply`. */
  z.object({ name: z.literal("practitioner-import"), csv: z.string().min(1).max(MAX_IMPORT_TEXT), apply: z.boolean().default(false) }),
]);
export type Command = z.infer<typeof command>;
export type CommandName = Command["name"];

/** Who sent a command and from where; filled by the adapter, never by the user's text. */
export const actorContext = z.object({
  platform: z.enum(PLATFORMS),
  userId: z.string().min(1).max(64),
  channelId: z.string().min(1).max(128).nullable(),
  /** Idempotency key from the platform (Slack trigger id, Teams activity id), when there is one. */
  requestId: z.string().max(200).nullable().default(null),
});
export type ActorContext = z.infer<typeof actorContext>;
