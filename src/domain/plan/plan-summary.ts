// The plan's progress as a review, a reminder or an alert shows it [DOMAIN §11], and the prompt to
// reconvene: "be prepared to reconvene a meeting if things aren't going according to plan"
// [000 Hints] becomes a line to the lead professional once more than a third of the actions the
// TAF still holds to (open or done; dropped ones no longer count) are overdue.
import type { UseCaseContext } from "../context.js";
import { peopleById } from "../presenters/person-view.js";
import type { Case, PlanAction } from "../types.js";
import type { PlanSummaryView } from "../views.js";
import { planProgress, type PlanProgress } from "./plan-progress.js";

export const RECONVENE_OVERDUE_SHARE = 1 / 3;

/** Whether so many actions are overdue that the TAF should meet again. */
export function reconveneDue(p: Pick<PlanProgress, "open" | "done" | "overdue">): boolean {
  const agreed = p.open + p.done;
  return agreed > 0 && p.overdue > agreed * RECONVENE_OVERDUE_SHARE;
}

/** Null when the plan has no action the TAF still holds to. */
export async function summariseActions(ctx: UseCaseContext, actions: readonly PlanAction[]): Promise<PlanSummaryView | null> {
  const p = planProgress(actions, ctx.now, ctx.calendar);
  if (p.open + p.done === 0) return null;
  const people = await peopleById((ids) => ctx.repos.practitioners.getMany(ids), p.overdueOwners.filter((o) => o !== "family"));
  return {
    done: p.done,
    open: p.open,
    overdue: p.overdue,
    overdueOwners: p.overdueOwners.map((o) => (o === "family" ? "the family" : (people.get(o)?.name ?? "a former member"))),
    reconvene: reconveneDue(p),
  };
}

export async function planSummary(ctx: UseCaseContext, c: Case): Promise<PlanSummaryView | null> {
  return summariseActions(ctx, await ctx.repos.plan.listForCase(c.id));
}
