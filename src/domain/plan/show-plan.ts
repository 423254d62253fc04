import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";
import { planCase, planView } from "./plan-case.js";

type ShowPlan = Extract<Command, { name: "plan" }>;

/** `plan <ref>`: the plan as a card, to anyone who may see the case (a closed case's too). */
export async function showPlan(ctx: UseCaseContext, cmd: ShowPlan): Promise<Outcome> {
  const access = await planCase(ctx, requireActor(ctx), cmd.ref, { change: false });
  return ctx.outcome(await planView(ctx, access.case));
}
