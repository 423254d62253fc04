import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";
import { changeableAction, planCase, publishChange } from "./plan-case.js";
import { settleActionNudges } from "./plan-nudges.js";

type MarkDone = Extract<Command, { name: "plan-done" }>;

/** The owner, their line manager or the LP marks an action done, with an optional note [DOMAIN §11]. */
export async function markActionDone(ctx: UseCaseContext, cmd: MarkDone): Promise<Outcome> {
  const actor = requireActor(ctx);
  const access = await planCase(ctx, actor, cmd.ref, { change: true });
  const c = access.case;
  const action = await changeableAction(ctx, access, cmd.n);
  const done = { ...action, status: "done" as const, closedById: actor.id, closedAt: ctx.now, doneNote: cmd.note.length ? cmd.note : null };
  await ctx.repos.plan.update(done);
  await settleActionNudges(ctx, c, done, { event: "done", by: actor });
  await ctx.audit("plan.done", c.id, { actionId: action.id, action: action.n, due: action.dueDate, reasonGiven: cmd.note.length > 0 });
  const view = await publishChange(ctx, c, `${c.reference} · Action ${action.n} done, marked by ${actor.name}`, `Action ${action.n} is done.`);
  return ctx.outcome(view);
}
