import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { personView } from "../presenters/person-view.js";
import { isOverdue } from "../plan/plan-progress.js";
import type { PlanAction, Practitioner } from "../types.js";
import type { CaseloadView } from "../views.js";
import { resolvePerson } from "./resolve-person.js";

type Caseload = Extract<Command, { name: "caseload" }>;

/**
 * Open LP cases against capacity [DOMAIN §3.4]. Anyone sees their own; managers their reports';
 * the access team anyone's, and without @who everyone who leads an open case.
 */
export async function caseload(ctx: UseCaseContext, cmd: Caseload): Promise<Outcome> {
  const actor = requireActor(ctx);
  let people: Practitioner[];
  if (cmd.person) {
    const who = await resolvePerson(ctx, cmd.person);
    if (who.id !== actor.id && who.managerId !== actor.id && !actor.duties.accessTeam) {
      throw new DomainError("not-manager", `Only ${who.name}'s line manager or the access team can see their caseload.`);
    }
    people = [who];
  } else if (actor.duties.accessTeam) {
    people = await ctx.repos.oversight.practitioners();
  } else {
    people = [actor, ...(await ctx.repos.practitioners.reportsOf(actor.id))];
  }
  let ids = people.map((p) => p.id);
  const led = await ctx.repos.cases.listLedBy(ids);
  if (!cmd.person && actor.duties.accessTeam) {
    const leading = new Set(led.filter((c) => c.open).map((c) => c.leadId));
    people = people.filter((p) => leading.has(p.id)).sort((a, b) => a.name.localeCompare(b.name) || a.handle.localeCompare(b.handle));
    ids = people.map((p) => p.id);
  }
  const handovers = await ctx.repos.handovers.countOpenFor(ids);
  const owned = await ctx.repos.plan.openOwnedBy(ids);
  const view: CaseloadView = {
    type: "caseload",
    rows: people.map((p) => {
      const mine = led.filter((c) => c.open && c.leadId === p.id).sort((a, b) => a.reference.localeCompare(b.reference));
      const overdue = (c: (typeof mine)[number]) => c.reviewDate !== null && c.reviewDate < ctx.today;
      return {
        practitioner: personView(p),
        leadCases: mine.length,
        capacity: p.lpCapacity,
        overCapacity: mine.length > p.lpCapacity,
        overdueReviews: mine.filter(overdue).length,
        handoversInFlight: handovers.get(p.id) ?? 0,
        actions: actionsOf(owned.filter((a) => a.owner.kind === "practitioner" && a.owner.practitionerId === p.id)),
        cases: mine.map((c) => ({ ref: c.reference, reviewDate: c.reviewDate, overdue: overdue(c) })),
      };
    }),
  };
  return ctx.outcome(view);

  function actionsOf(actions: readonly PlanAction[]): { open: number; overdue: number } {
    return { open: actions.length, overdue: actions.filter((a) => isOverdue(a, ctx.now, ctx.calendar)).length };
  }
}
