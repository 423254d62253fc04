// What every plan command shares: the case and the actor's access to it, the action a number
// names, the plan as a view, and telling the case channel what changed [DOMAIN §11].
import { accessTo, loadCase, notOnTaf, requireOpen, type CaseAccess } from "../case/case-access.js";
import type { UseCaseContext } from "../context.js";
import { viewOf, peopleById } from "../presenters/person-view.js";
import type { Case, PlanAction, Practitioner } from "../types.js";
import type { PlanView } from "../views.js";
import { planCardKey } from "./plan-card-key.js";
import { changeRefusal, mayChangeAction } from "./plan-permissions.js";
import { planProgress, workingDaysOverdue } from "./plan-progress.js";
import { actionNotFound, requireOpenAction } from "./plan-rules.js";
import { reconveneDue } from "./plan-summary.js";

/** The case (its row held, so plan numbers and changes are serialised) and the actor's access. */
export async function planCase(ctx: UseCaseContext, actor: Practitioner, reference: string, options: { change: boolean }): Promise<CaseAccess> {
  const c = await loadCase(ctx, reference, options.change);
  const access = await accessTo(ctx, actor, c);
  if (!access.canView) throw notOnTaf(c);
  if (options.change) requireOpen(c);
  return access;
}

/** Action `n` of the case, open; else the refusal that fits. */
export async function openAction(ctx: UseCaseContext, c: Case, n: number): Promise<PlanAction> {
  const action = await ctx.repos.plan.get(c.id, n);
  if (!action) {
    const all = await ctx.repos.plan.listForCase(c.id);
    throw actionNotFound(c, n, Math.max(0, ...all.map((a) => a.n)));
  }
  requireOpenAction(c, action);
  return action;
}

/** Action `n` of the case, open, and the actor allowed to change it; else the refusal that fits. */
export async function changeableAction(ctx: UseCaseContext, access: CaseAccess, n: number): Promise<PlanAction> {
  const c = access.case;
  const action = await openAction(ctx, c, n);
  const owner = action.owner.kind === "practitioner" ? await ctx.repos.practitioners.get(action.owner.practitionerId) : null;
  if (!mayChangeAction(access, action, owner)) throw changeRefusal(c, action);
  return action;
}

export async function planView(ctx: UseCaseContext, c: Case, notice?: string): Promise<PlanView> {
  const actions = await ctx.repos.plan.listForCase(c.id);
  const people = await peopleById((ids) => ctx.repos.practitioners.getMany(ids), actions.map((a) => (a.owner.kind === "practitioner" ? a.owner.practitionerId : null)));
  const progress = planProgress(actions, ctx.now, ctx.calendar);
  const view: PlanView = {
    type: "plan",
    caseRef: c.reference,
    caseOpen: c.open,
    actions: actions.map((a) => ({
      n: a.n,
      text: a.text,
      owner: a.owner.kind === "practitioner" ? viewOf(people, a.owner.practitionerId) : null,
      dueDate: a.dueDate,
      status: a.status,
      workingDaysOverdue: workingDaysOverdue(a, ctx.now, ctx.calendar),
      closedOn: a.closedAt ? ctx.calendar.localDate(a.closedAt) : null,
    })),
    counts: { done: progress.done, open: progress.open, overdue: progress.overdue, dropped: progress.dropped },
    ...(reconveneDue(progress) ? { reconvene: true } : {}),
  };
  return notice === undefined ? view : { ...view, notice };
}

/**
 * After a change: one compact line in the case channel, and the plan card posted there kept true
 * (posted the first time, updated in place after), so the channel gets no card per change.
 */
export async function publishChange(ctx: UseCaseContext, c: Case, line: string, notice: string): Promise<PlanView> {
  ctx.notify({ kind: "case-channel", caseId: c.id }, { type: "text", tone: "info", caseRef: c.reference, text: line });
  const view = await planView(ctx, c);
  ctx.notify({ kind: "case-channel", caseId: c.id }, view, planCardKey(c.id));
  return { ...view, notice };
}
