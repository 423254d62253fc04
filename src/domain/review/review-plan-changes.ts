// What a review decides about the plan [DOMAIN §11]: open actions carried forward (due at the next
// review) or dropped, each recorded and audited as if moved or dropped on its own, with one line
// to the case channel for the lot. Every number is checked before anything is written.
import type { Command } from "../commands.js";
import type { UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import { publishChange } from "../plan/plan-case.js";
import { recordDrop, recordMove } from "../plan/plan-changes.js";
import { actionNotFound } from "../plan/plan-rules.js";
import type { Case, PlanAction, Practitioner } from "../types.js";

type ReviewDone = Extract<Command, { name: "review-done" }>;

export interface ReviewPlanChanges {
  carry: PlanAction[];
  drop: PlanAction[];
}

const listOf = (ns: readonly number[]) => (ns.length === 1 ? `action ${ns[0]}` : `actions ${ns.slice(0, -1).join(", ")} and ${ns.at(-1)}`);

/** The actions a review names, checked: each exists and is open. */
export async function checkReviewPlanChanges(ctx: UseCaseContext, c: Case, cmd: ReviewDone): Promise<ReviewPlanChanges> {
  if (cmd.carry === undefined && cmd.drop === undefined) return { carry: [], drop: [] };
  const actions = await ctx.repos.plan.listForCase(c.id);
  const open = actions.filter((a) => a.status === "open");
  const pick = (ns: readonly number[]) =>
    ns.map((n) => {
      const action = actions.find((a) => a.n === n);
      if (!action) throw actionNotFound(c, n, Math.max(0, ...actions.map((a) => a.n)));
      if (action.status !== "open") throw new DomainError("action-closed", `Action ${n} of ${c.reference} is already ${action.status}, so the review can't carry it forward or drop it.`);
      return action;
    });
  const drop = pick(cmd.drop ?? []);
  const carry = cmd.carry === "all" ? open.filter((a) => !drop.includes(a)) : pick(cmd.carry ?? []);
  if (cmd.carry === "all" && carry.length === 0) throw new DomainError("nothing-to-change", `${c.reference} has no open action to carry forward.`);
  return { carry, drop };
}

/** Applies them once the review and its next date are recorded; returns the numbers changed. */
export async function applyReviewPlanChanges(ctx: UseCaseContext, c: Case, actor: Practitioner, changes: ReviewPlanChanges, next: string): Promise<{ carried: number[]; dropped: number[] }> {
  const heldOn = ctx.day(ctx.today);
  for (const action of changes.carry) {
    // Due later than the next review already: carried as it is.
    if (action.dueDate < next) await recordMove(ctx, c, action, actor, next, `Carried forward at the review on ${heldOn}`, { via: "review" });
  }
  for (const action of changes.drop) await recordDrop(ctx, c, action, actor, `Dropped at the review on ${heldOn}`, { via: "review" });
  const carried = changes.carry.map((a) => a.n).sort((a, b) => a - b);
  const dropped = changes.drop.map((a) => a.n).sort((a, b) => a - b);
  const parts = [
    ...(carried.length ? [`carried ${listOf(carried)} forward to ${ctx.day(next)}`] : []),
    ...(dropped.length ? [`dropped ${listOf(dropped)}`] : []),
  ];
  if (parts.length) await publishChange(ctx, c, `${c.reference} · The review ${parts.join(" and ")} (recorded by ${actor.name})`, "");
  return { carried, dropped };
}
