import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";
import { canSetCadence, cadenceRefusal, contactCase } from "./contact-permissions.js";
import { CONTACT_DEADLINE_KINDS } from "./contact-schedule.js";
import { rescheduleCheckIn, weeks } from "./record-contact.js";

type SetCadence = Extract<Command, { name: "contact-every" }>;

/**
 * The LP plans how often to check back with the family [000 Hints]; `everyWeeks` null turns it
 * off. The next check-in is due a cadence after the last recorded contact, or after now while
 * there is none.
 */
export async function setContactCadence(ctx: UseCaseContext, cmd: SetCadence): Promise<Outcome> {
  const actor = requireActor(ctx);
  const { c, access } = await contactCase(ctx, actor, cmd.ref);
  if (!canSetCadence(access)) throw cadenceRefusal(c);
  const before = await ctx.repos.contacts.cadence(c.id);
  if (cmd.everyWeeks === null) {
    if (!before) return ctx.outcome({ type: "text", tone: "info", caseRef: c.reference, text: `${c.reference} has no contact cadence, so there was nothing to turn off.` });
    await ctx.repos.contacts.clearCadence(c.id);
    await ctx.cancel(c.id, CONTACT_DEADLINE_KINDS);
    await ctx.audit("contact.cadence", c.id, { everyWeeks: null });
    return ctx.outcome({ type: "text", tone: "success", caseRef: c.reference, text: `Contact cadence for ${c.reference} turned off: no more check-in nudges.` });
  }
  await ctx.repos.contacts.setCadence({ caseId: c.id, everyWeeks: cmd.everyWeeks, since: ctx.now });
  const next = await rescheduleCheckIn(ctx, c);
  await ctx.audit("contact.cadence", c.id, { everyWeeks: cmd.everyWeeks });
  const due = next ? ` The first check-in is due by ${ctx.day(next.dueOn)}; record each one with \`contact ${c.reference}\`.` : "";
  return ctx.outcome({
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `Contact with the family of ${c.reference}: every ${weeks(cmd.everyWeeks)}.${due}`,
  });
}
