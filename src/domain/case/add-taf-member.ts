import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { buildCaseView } from "../presenters/case-view.js";
import { resolvePerson } from "../practitioner/resolve-person.js";
import { openCaseFor } from "./case-access.js";

type AddMember = Extract<Command, { name: "taf-add" }>;

export async function addTafMember(ctx: UseCaseContext, cmd: AddMember): Promise<Outcome> {
  const actor = requireActor(ctx);
  const { case: c, taf } = await openCaseFor(ctx, actor, cmd.ref, (a) => a.isMember || a.isManagerOfMember || a.isAccessTeam);
  const person = await resolvePerson(ctx, cmd.person);
  if (taf.includes(person.id)) {
    throw new DomainError("already-member", `${person.name} is already on the TAF for ${c.reference}.`);
  }
  await ctx.repos.taf.add(c.id, person.id, ctx.now);
  await ctx.audit("taf.add", c.id, { practitionerId: person.id });
  ctx.notify({ kind: "case-channel", caseId: c.id }, {
    type: "text",
    tone: "info",
    caseRef: c.reference,
    text: `${actor.name} added ${person.name} (${person.role}, ${person.agency}) to the TAF for ${c.reference}.`,
  });
  return ctx.outcome(await buildCaseView(ctx, c));
}
