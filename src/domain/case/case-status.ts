import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";
import { buildCaseView } from "../presenters/case-view.js";
import { requiredRolesFor, roleList } from "../rules/statutory-rules.js";
import { accessTo, loadCase, notOnTaf } from "./case-access.js";

type CaseStatusCommand = Extract<Command, { name: "case-status" }>;

export async function caseStatus(ctx: UseCaseContext, cmd: CaseStatusCommand): Promise<Outcome> {
  const actor = requireActor(ctx);
  const c = await loadCase(ctx, cmd.ref, false);
  const access = await accessTo(ctx, actor, c);
  if (!access.canView) throw notOnTaf(c);
  const members = await ctx.repos.practitioners.getMany(access.taf);
  const required = requiredRolesFor(c.statuses, members.map((m) => m.role));
  const notes = required ? [`Statutory rule: the lead professional must be ${roleList(required)}.`] : [];
  const [cadence, last] = await Promise.all([ctx.repos.contacts.cadence(c.id), ctx.repos.contacts.latestForCase(c.id)]);
  const contact = { everyWeeks: cadence?.everyWeeks ?? null, lastContactOn: last ? ctx.calendar.localDate(last.at) : null };
  const known = { taf: access.taf, escalation: access.escalation, people: members };
  return ctx.outcome({ ...(await buildCaseView(ctx, c, notes, known)), contact });
}
