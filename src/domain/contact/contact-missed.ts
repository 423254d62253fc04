// A check-in came due with no contact recorded: the LP is nudged, and again a week later while
// contact stays missed. The nudge goes to whoever leads the case when it fires, so after a
// handover or an appointment it reaches the new lead without rescheduling anything.
import type { UseCaseContext } from "../context.js";
import { isSnoozed } from "../deadlines/deadline-keys.js";
import type { Case, Deadline } from "../types.js";
import type { ContactView } from "../views.js";
import { checkInBasis, contactMissedDeadline, contactMissedRepeat } from "./contact-schedule.js";

/** Returns false when the reason has gone (no cadence, contact recorded since) and nothing was sent. */
export async function contactMissedNudge(ctx: UseCaseContext, c: Case, d: Deadline): Promise<boolean> {
  const cadence = await ctx.repos.contacts.cadence(c.id);
  if (!cadence) return false;
  const last = await ctx.repos.contacts.latestForCase(c.id);
  const from = checkInBasis(cadence, last);
  // A row left from before the check-in moved on (a contact or a new cadence since) is moot.
  if (d.dueAt.getTime() < contactMissedDeadline(c.id, from, cadence.everyWeeks, ctx.calendar).dueAt.getTime()) return false;
  // A snoozed copy coming back leaves the weekly repeat to the nudge it was snoozed from.
  if (!isSnoozed(d)) await ctx.schedule([contactMissedRepeat(c.id, ctx.today, ctx.calendar)]);
  if (!c.leadId) return false;
  const view: ContactView = {
    type: "contact",
    caseRef: c.reference,
    event: "missed",
    everyWeeks: cadence.everyWeeks,
    since: ctx.calendar.localDate(last?.at ?? cadence.since),
    sinceContact: last !== null,
  };
  ctx.notify({ kind: "practitioner", practitionerId: c.leadId }, isSnoozed(d) ? view : { ...view, snoozeKey: d.key });
  await ctx.audit("contact.missed", c.id, { everyWeeks: cadence.everyWeeks, since: view.since });
  return true;
}

/** Why a written missed-check-in nudge is moot by the time it would be delivered, or null. */
export async function whyContactNudgeIsMoot(ctx: UseCaseContext, c: Case, to: string | null, writtenAt: Date): Promise<string | null> {
  const cadence = await ctx.repos.contacts.cadence(c.id);
  if (!cadence) return "the contact cadence was turned off";
  const last = await ctx.repos.contacts.latestForCase(c.id);
  if (last && last.at.getTime() >= writtenAt.getTime()) return `contact was recorded on ${ctx.day(ctx.calendar.localDate(last.at))}`;
  if (to && to !== c.leadId) return "the recipient is no longer the lead professional";
  return null;
}
