// What dropping or moving an action writes, whoever does it (a plan command, or a review deciding
// it): the action, its nudges settled or rescheduled, and the audit row [DOMAIN §11].
import type { UseCaseContext } from "../context.js";
import type { Case, PlanAction, Practitioner } from "../types.js";
import { settleActionNudges } from "./plan-nudges.js";

/** `via` names what did it, when not a plan command of its own. */
type Via = { via?: "review" };

export async function recordDrop(ctx: UseCaseContext, c: Case, action: PlanAction, by: Practitioner, reason: string, via: Via = {}): Promise<PlanAction> {
  const dropped: PlanAction = { ...action, status: "dropped", closedById: by.id, closedAt: ctx.now, dropReason: reason };
  await ctx.repos.plan.update(dropped);
  await settleActionNudges(ctx, c, dropped, { event: "dropped", by });
  await ctx.audit("plan.dropped", c.id, { actionId: action.id, action: action.n, reasonGiven: true, ...via });
  return dropped;
}

export async function recordMove(ctx: UseCaseContext, c: Case, action: PlanAction, by: Practitioner, date: string, reason: string, via: Via = {}): Promise<PlanAction> {
  const moved: PlanAction = { ...action, dueDate: date, movedAt: ctx.now, movedById: by.id, moveReason: reason, previousDueDate: action.dueDate };
  await ctx.repos.plan.update(moved);
  await settleActionNudges(ctx, c, moved, { event: "moved", by });
  await ctx.audit("plan.moved", c.id, { actionId: action.id, action: action.n, from: action.dueDate, to: date, reasonGiven: true, ...via });
  return moved;
}
