import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";
import { changeableAction, planCase, publishChange } from "./plan-case.js";
import { settleActionNudges } from "./plan-nudges.js";
import { checkMoveDate } from "./plan-rules.js";

type MoveAction = Extract<Command, { name: "plan-move" }>;

/** A due date moves only forward and only with a reason, which the plan keeps [DOMAIN §11]. */
export async function movePlanAction(ctx: UseCaseContext, cmd: MoveAction): Promise<Outcome> {
  const actor = requireActor(ctx);
  const access = await planCase(ctx, actor, cmd.ref, { change: true });
  const c = access.case;
  const action = await changeableAction(ctx, access, cmd.n);
  const date = ctx.resolveDate(cmd.date);
  const day = (iso: string) => ctx.day(iso);
  checkMoveDate(action, date, ctx.today, day);
  const moved = { ...action, dueDate: date, movedAt: ctx.now, movedById: actor.id, moveReason: cmd.reason, previousDueDate: action.dueDate };
  await ctx.repos.plan.update(moved);
  await settleActionNudges(ctx, c, moved, { event: "moved", by: actor });
  await ctx.audit("plan.moved", c.id, { actionId: action.id, action: action.n, from: action.dueDate, to: date, reasonGiven: true });
  const view = await publishChange(
    ctx,
    c,
    `${c.reference} · Action ${action.n} moved by ${actor.name} from ${day(action.dueDate)} to ${day(date)}: ${cmd.reason}`,
    `Action ${action.n} is now due ${day(date)}.`,
  );
  return ctx.outcome(view);
}
