import { accessTo, loadCase, notOnTaf, requireOpen } from "../case/case-access.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { makeDeadline } from "../deadlines/deadline-keys.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { personView } from "../presenters/person-view.js";
import type { Handover, Practitioner } from "../types.js";

type StartHandover = Extract<Command, { name: "handover-start" }>;

/** Working days before the handover deadline on which the outgoing LP and the TAF are nudged. */
export const HANDOVER_REMINDER_WORKING_DAYS = [3, 1] as const;

/**
 * The outgoing LP starts the handover, or their manager when they are off sick [DOMAIN §7;
 * 001 Guideline 7]. The outgoing LP stays LP until a successor is agreed by the normal vote.
 */
export async function startHandover(ctx: UseCaseContext, cmd: StartHandover): Promise<Outcome> {
  const actor = requireActor(ctx);
  const c = await loadCase(ctx, cmd.ref);
  const access = await accessTo(ctx, actor, c);
  if (!access.canView) throw notOnTaf(c);
  requireOpen(c);
  if (!c.leadId) throw new DomainError("no-lead", `${c.reference} has no lead professional to hand over from. Propose one instead.`);
  const lead = await ctx.repos.practitioners.get(c.leadId);
  if (!lead) throw new DomainError("no-lead", `${c.reference} has no lead professional to hand over from.`);
  requireMayStart(actor, lead);
  if (await ctx.repos.handovers.openForCase(c.id)) {
    throw new DomainError("handover-open", `A handover is already under way for ${c.reference}.`);
  }
  const deadline = handoverDeadline(ctx, cmd.by ? ctx.resolveDate(cmd.by) : null);
  const handover: Handover = {
    id: ctx.newId(),
    caseId: c.id,
    outgoingLeadId: lead.id,
    trigger: cmd.trigger,
    startedById: actor.id,
    deadline,
    state: "open",
    successorId: null,
    createdAt: ctx.now,
    completedAt: null,
  };
  await ctx.repos.handovers.create(handover);
  const deadlineDay = ctx.calendar.localDate(deadline);
  await ctx.schedule([
    ...HANDOVER_REMINDER_WORKING_DAYS.map((n) =>
      makeDeadline("handover-reminder", c.id, handover.id, ctx.calendar.workingMorning(ctx.calendar.addWorkingDays(deadlineDay, -n)), `${n}wd`),
    ),
    makeDeadline("handover-missed", c.id, handover.id, deadline),
  ]);
  await ctx.audit("handover.start", c.id, { handoverId: handover.id, trigger: cmd.trigger, deadline: deadline.toISOString() });
  const view = {
    type: "handover" as const,
    caseRef: c.reference,
    event: "started" as const,
    outgoing: personView(lead),
    successor: null,
    trigger: cmd.trigger,
    deadline,
  };
  ctx.notify({ kind: "access-team" }, view);
  ctx.notify({ kind: "case-channel", caseId: c.id }, view);
  return ctx.outcome({
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `Handover started for ${c.reference}. ${lead.name} stays lead professional until the TAF agrees a successor: \`propose ${c.reference} @who\`.`,
  });
}

/**
 * The exception is for a lead who is actually off sick, as recorded on their practitioner record
 * (`practitioner update @lp --availability long-term-sick`). Choosing the long-term-sick trigger
 * is a claim, not that record: on its own it would let a manager take a well LP's case away.
 */
function requireMayStart(actor: Practitioner, lead: Practitioner): void {
  if (actor.id === lead.id) return;
  const leadIsSick = lead.availability === "long-term-sick";
  if (leadIsSick && lead.managerId === actor.id) return;
  throw new DomainError(
    "not-outgoing-lead",
    leadIsSick
      ? `Only ${lead.name} or their line manager can start this handover.`
      : `Only the outgoing lead professional (${lead.name}) starts a handover; their line manager does so only when ${lead.name} is recorded as on long-term sick leave.`,
  );
}

/** "by <date>" means by the end of that day: the deadline is the next working morning after it. */
function handoverDeadline(ctx: UseCaseContext, by: string | null): Date {
  if (!by) return ctx.calendar.addWorkingDaysToInstant(ctx.now, ctx.settings.handoverWorkingDays);
  if (by < ctx.today) throw new DomainError("date-past", `${by} is in the past. Give a handover deadline from today on.`);
  return ctx.calendar.workingMorning(ctx.calendar.addWorkingDays(by, 1));
}
