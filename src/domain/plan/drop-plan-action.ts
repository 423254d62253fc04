import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";
import { changeableAction, planCase, publishChange } from "./plan-case.js";
import { recordDrop } from "./plan-changes.js";

type DropAction = Extract<Command, { name: "plan-drop" }>;

/** An action no longer needed is dropped with a reason, never deleted: the plan keeps its record [DOMAIN §11]. */
export async function dropPlanAction(ctx: UseCaseContext, cmd: DropAction): Promise<Outcome> {
  const actor = requireActor(ctx);
  const access = await planCase(ctx, actor, cmd.ref, { change: true });
  const c = access.case;
  const action = await changeableAction(ctx, access, cmd.n);
  await recordDrop(ctx, c, action, actor, cmd.reason);
  const view = await publishChange(ctx, c, `${c.reference} · Action ${action.n} dropped by ${actor.name}: ${cmd.reason}`, `Action ${action.n} is dropped.`);
  return ctx.outcome(view);
}
