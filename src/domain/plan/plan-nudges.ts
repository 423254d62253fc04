// An action's reminders and overdue alerts [DOMAIN §11]. The owner is reminded before the due
// date (the LP for what the family agreed to do: they are its point of contact); once overdue,
// the owner and the LP are told together, and again each week while it stays overdue. Per §5 the
// LP co-ordinates but does not answer for another practitioner's delivery: the alert tells them so
// they can chase it, and `escalate <ref> action <n>` is theirs once it is long overdue.
import type { UseCaseContext } from "../context.js";
import { isSnoozed } from "../deadlines/deadline-keys.js";
import { planNudgeKey, planNudgesKey } from "../message-keys.js";
import type { Recipient } from "../ports.js";
import { personView } from "../presenters/person-view.js";
import type { Case, Deadline, PlanAction, Practitioner } from "../types.js";
import type { PersonView, PlanNudgeView } from "../views.js";
import { planProgress, workingDaysOverdue } from "./plan-progress.js";
import { reconveneDue } from "./plan-summary.js";
import { isForDueDate, overdueRepeat, planDeadlines, PLAN_DEADLINE_KINDS } from "./plan-schedule.js";

/** Who an action's reminder is for: its owner, or the LP for the family's (null: no LP now). */
export const reminderRecipientId = (c: Case, action: PlanAction): string | null =>
  action.owner.kind === "practitioner" ? action.owner.practitionerId : c.leadId;

/** Who an overdue alert goes to: the owner and the LP, each once. */
export function overdueRecipientIds(c: Case, action: PlanAction): string[] {
  const ids = [action.owner.kind === "practitioner" ? action.owner.practitionerId : null, c.leadId];
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

async function person(ctx: UseCaseContext, id: string | null): Promise<Practitioner | null> {
  return id ? ctx.repos.practitioners.get(id) : null;
}

async function reconveneOf(ctx: UseCaseContext, c: Case): Promise<Pick<PlanNudgeView, "reconvene">> {
  // Counts only: the owners' names the summary would look up are not shown here.
  const p = planProgress(await ctx.repos.plan.listForCase(c.id), ctx.now, ctx.calendar);
  return reconveneDue(p) ? { reconvene: { overdue: p.overdue, of: p.open + p.done } } : {};
}

/** The nudge's view as of today, built the same way when it is sent and when its cards are brought up to date. */
export async function planNudgeView(ctx: UseCaseContext, c: Case, action: PlanAction, event: PlanNudgeView["event"], by?: PersonView | null): Promise<PlanNudgeView> {
  const owner = action.owner.kind === "practitioner" ? await person(ctx, action.owner.practitionerId) : null;
  const lead = await person(ctx, c.leadId);
  // As late as it is today, not as scheduled: a held-up queue can deliver an alert late.
  const overdue = event === "overdue" ? Math.max(1, workingDaysOverdue(action, ctx.now, ctx.calendar)) : 0;
  const threshold = ctx.settings.actionEscalationWorkingDays;
  return {
    type: "plan-nudge",
    caseRef: c.reference,
    event,
    n: action.n,
    text: action.text,
    owner: owner ? personView(owner) : null,
    lead: lead ? personView(lead) : null,
    dueDate: action.dueDate,
    workingDaysBefore: event === "reminder" ? Math.max(0, ctx.calendar.workingDaysBetween(ctx.today, action.dueDate)) : null,
    workingDaysOverdue: overdue,
    ...(event === "overdue" && owner !== null && overdue > threshold ? { escalatableAfter: threshold } : {}),
    ...(event === "overdue" ? await reconveneOf(ctx, c) : {}),
    ...(by === undefined ? {} : { by }),
  };
}

/** A reminder before the due date. Returns false when its reason has gone and nothing was sent. */
export async function planReminder(ctx: UseCaseContext, c: Case, d: Deadline): Promise<boolean> {
  const action = await ctx.repos.plan.getById(d.subjectId);
  // Done, dropped, moved (its key names the old due date) or already overdue: the reminder is moot.
  if (!action || action.status !== "open" || !isForDueDate(d, action) || action.dueDate < ctx.today) return false;
  const view = await planNudgeView(ctx, c, action, "reminder");
  const to = reminderRecipientId(c, action);
  const key = planNudgeKey(action.id, d.key);
  // The recipient snoozes their own reminder, once: a snoozed copy coming back has no Snooze.
  if (to) ctx.notify({ kind: "practitioner", practitionerId: to }, isSnoozed(d) ? view : { ...view, snoozeKey: d.key }, key);
  else ctx.notify({ kind: "case-channel", caseId: c.id }, view, key);
  await ctx.audit("plan.reminder", c.id, { actionId: action.id, action: action.n, due: action.dueDate });
  return true;
}

/** The working morning after the due date, then weekly while the action stays open and overdue. */
export async function planOverdue(ctx: UseCaseContext, c: Case, d: Deadline): Promise<boolean> {
  const action = await ctx.repos.plan.getById(d.subjectId);
  if (!action || action.status !== "open" || !isForDueDate(d, action) || workingDaysOverdue(action, ctx.now, ctx.calendar) === 0) return false;
  await ctx.schedule([overdueRepeat(action, ctx.today, ctx.calendar)]);
  const view = await planNudgeView(ctx, c, action, "overdue");
  const key = planNudgeKey(action.id, d.key);
  const to: Recipient[] = overdueRecipientIds(c, action).map((practitionerId) => ({ kind: "practitioner", practitionerId }));
  for (const r of to.length ? to : [{ kind: "case-channel", caseId: c.id } as const]) ctx.notify(r, view, key);
  await ctx.audit("plan.overdue", c.id, { actionId: action.id, action: action.n, due: action.dueDate, workingDaysOverdue: view.workingDaysOverdue });
  return true;
}

/** Why a written action nudge is moot by the time it would be delivered, or null while it stands. */
export async function whyPlanNudgeIsMoot(ctx: UseCaseContext, c: Case, d: Deadline, to: string | null): Promise<string | null> {
  const action = await ctx.repos.plan.getById(d.subjectId);
  if (!action) return "the action no longer exists";
  if (action.status !== "open") return `action ${action.n} was ${action.status}`;
  if (!isForDueDate(d, action)) return `action ${action.n} was moved to ${action.dueDate}`;
  if (d.kind === "plan-reminder") {
    if (action.dueDate < ctx.today) return `action ${action.n} was due on ${action.dueDate}: the overdue alert takes over`;
    if (to && to !== reminderRecipientId(c, action)) return "the recipient no longer gets this action's reminders";
  } else if (to && !overdueRecipientIds(c, action).includes(to)) {
    return "the recipient is no longer the action's owner or the lead professional";
  }
  return null;
}

/** A new or moved action: its nudges for the due date it has now (the old ones cancelled first). */
export async function scheduleActionNudges(ctx: UseCaseContext, action: PlanAction): Promise<void> {
  await ctx.cancel(action.id, PLAN_DEADLINE_KINDS);
  await ctx.schedule(planDeadlines(action, ctx.calendar, ctx.settings));
}

/**
 * An action done, dropped, moved or its case closed: nothing more of what was scheduled is sent,
 * and every nudge card already posted about it says what became of it, without its buttons.
 */
export async function settleActionNudges(ctx: UseCaseContext, c: Case, action: PlanAction, change: { event: "done" | "dropped" | "moved"; by: Practitioner } | { caseClosed: true }): Promise<void> {
  if ("caseClosed" in change) {
    await ctx.cancel(action.id, PLAN_DEADLINE_KINDS);
    ctx.updateCopies(planNudgesKey(action.id), { ...(await planNudgeView(ctx, c, action, "reminder")), caseClosed: true });
    return;
  }
  if (change.event === "moved") await scheduleActionNudges(ctx, action);
  else await ctx.cancel(action.id, PLAN_DEADLINE_KINDS);
  ctx.updateCopies(planNudgesKey(action.id), await planNudgeView(ctx, c, action, change.event, personView(change.by)));
}
