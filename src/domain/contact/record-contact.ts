import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";
import type { Case, Contact } from "../types.js";
import { canRecordContact, contactCase, recordRefusal } from "./contact-permissions.js";
import { CONTACT_DEADLINE_KINDS, checkInBasis, nextCheckInDeadline } from "./contact-schedule.js";

type RecordContact = Extract<Command, { name: "contact" }>;

/** The LP records a check-in with the family; the next missed-check-in nudge moves on [DOMAIN §11]. */
export async function recordContact(ctx: UseCaseContext, cmd: RecordContact): Promise<Outcome> {
  const actor = requireActor(ctx);
  const { c, access } = await contactCase(ctx, actor, cmd.ref);
  if (!canRecordContact(access)) throw recordRefusal(c);
  const contact: Contact = { id: ctx.newId(), caseId: c.id, recordedById: actor.id, note: cmd.note, at: ctx.now };
  await ctx.repos.contacts.record(contact);
  const next = await rescheduleCheckIn(ctx, c);
  // The trail holds ids and the fact of a note, never its words.
  await ctx.audit("contact.recorded", c.id, { contactId: contact.id, withNote: contact.note.length > 0 });
  // A compact line for the TAF: who checked in and when, nothing of what was said.
  ctx.notify({ kind: "case-channel", caseId: c.id }, { type: "text", tone: "info", caseRef: c.reference, text: `${actor.name} recorded contact with the family of ${c.reference} on ${ctx.day(ctx.today)}.` });
  const then = next ? ` Next check-in due by ${ctx.day(next.dueOn)} (every ${weeks(next.everyWeeks)}).` : "";
  return ctx.outcome({ type: "text", tone: "success", caseRef: c.reference, text: `Contact with the family of ${c.reference} recorded on ${ctx.day(ctx.today)}.${then}` });
}

/**
 * Puts the missed-check-in nudge a cadence after the last contact (or the cadence's start),
 * cancelling any other (a weekly repeat or a snoozed copy included). Returns the day it is
 * due, or null without a cadence.
 */
export async function rescheduleCheckIn(ctx: UseCaseContext, c: Case): Promise<{ dueOn: string; everyWeeks: number } | null> {
  await ctx.cancel(c.id, CONTACT_DEADLINE_KINDS);
  const cadence = await ctx.repos.contacts.cadence(c.id);
  if (!cadence) return null;
  const from = checkInBasis(cadence, await ctx.repos.contacts.latestForCase(c.id));
  const next = nextCheckInDeadline(c.id, from, cadence.everyWeeks, ctx.now, ctx.calendar);
  await ctx.schedule([next]);
  return { dueOn: ctx.calendar.localDate(next.dueAt), everyWeeks: cadence.everyWeeks };
}

export const weeks = (n: number): string => (n === 1 ? "week" : `${n} weeks`);
