import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";
import { changeableAction, planCase, publishChange } from "./plan-case.js";
import { recordMove } from "./plan-changes.js";
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
  await recordMove(ctx, c, action, actor, date, cmd.reason);
  const view = await publishChange(
    ctx,
    c,
    `${c.reference} · Action ${action.n} moved by ${actor.name} from ${day(action.dueDate)} to ${day(date)}: ${cmd.reason}`,
    `Action ${action.n} is now due ${day(date)}.`,
  );
  return ctx.outcome(view);
}
