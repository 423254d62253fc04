import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";
import { resolvePerson } from "../practitioner/resolve-person.js";
import type { PlanAction, PlanOwner } from "../types.js";
import { scheduleActionNudges } from "./plan-nudges.js";
import { planCase, publishChange } from "./plan-case.js";
import { addRefusal, mayAddAction } from "./plan-permissions.js";
import { checkNewDueDate, defaultDueDate, ownerNotOnTaf } from "./plan-rules.js";

type AddAction = Extract<Command, { name: "plan-add" }>;

/** Any TAF member adds an action the TAF agreed, owned by a member or by the family [DOMAIN §11]. */
export async function addPlanAction(ctx: UseCaseContext, cmd: AddAction): Promise<Outcome> {
  const actor = requireActor(ctx);
  const access = await planCase(ctx, actor, cmd.ref, { change: true });
  const c = access.case;
  if (!mayAddAction(access)) throw addRefusal(c);
  let owner: PlanOwner = { kind: "family" };
  let ownerName = "the family";
  if (cmd.owner.kind === "person") {
    const person = await resolvePerson(ctx, cmd.owner.person);
    if (!access.taf.includes(person.id)) throw ownerNotOnTaf(c, person.name);
    owner = { kind: "practitioner", practitionerId: person.id };
    ownerName = person.name;
  }
  const day = (iso: string) => ctx.day(iso);
  let dueDate: string;
  if (cmd.by) {
    dueDate = ctx.resolveDate(cmd.by);
    checkNewDueDate(dueDate, ctx.today, day);
  } else {
    dueDate = defaultDueDate(c, ctx.today);
  }
  const action: PlanAction = {
    id: ctx.newId(),
    caseId: c.id,
    n: await ctx.repos.plan.nextNumber(c.id),
    text: cmd.text,
    owner,
    dueDate,
    status: "open",
    addedById: actor.id,
    addedAt: ctx.now,
    closedById: null,
    closedAt: null,
    doneNote: null,
    dropReason: null,
    movedAt: null,
    movedById: null,
    moveReason: null,
    previousDueDate: null,
  };
  await ctx.repos.plan.create(action);
  await scheduleActionNudges(ctx, action);
  // Ids, number and date only: the action's words stay out of the trail's export.
  await ctx.audit("plan.added", c.id, { actionId: action.id, action: action.n, owner: owner.kind === "family" ? "family" : owner.practitionerId, due: dueDate });
  const due = `due ${day(dueDate)}${cmd.by ? "" : " (the next review)"}`;
  const view = await publishChange(
    ctx,
    c,
    `${c.reference} · Action ${action.n} added by ${actor.name}: ${action.text} (${ownerName}, ${due})`,
    `Action ${action.n} added for ${ownerName}, ${due}.`,
  );
  return ctx.outcome(view);
}
