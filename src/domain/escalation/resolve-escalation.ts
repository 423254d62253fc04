import { checkNominee } from "../allocation/propose-lead.js";
import { appointLead } from "../allocation/appoint-lead.js";
import { loadCase, requireOpen } from "../case/case-access.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import { escalationKey, nominationKey, proposalKey } from "../message-keys.js";
import { buildProposalView } from "../presenters/proposal-view.js";
import type { Outcome } from "../ports.js";
import { peopleById } from "../presenters/person-view.js";
import { resolvePerson } from "../practitioner/resolve-person.js";
import type { Case, Escalation } from "../types.js";
import { LEVEL_NAMES } from "./escalation-ladder.js";
import { escalationView } from "./start-escalation.js";

type Resolve = Extract<Command, { name: "resolve-appoint" | "resolve-return" }>;

/** A decider appoints an LP (statutory rules and eligibility still apply) or returns the case to the TAF. */
export async function resolveEscalation(ctx: UseCaseContext, cmd: Resolve, escalationId?: string): Promise<Outcome> {
  const actor = requireActor(ctx);
  const c = await loadCase(ctx, cmd.ref);
  requireOpen(c);
  const e = await ctx.repos.escalations.openForCase(c.id);
  if (!e || (escalationId !== undefined && e.id !== escalationId)) {
    throw new DomainError("no-escalation", `There is no open escalation on ${c.reference}${escalationId ? " for that card any more" : ""}.`);
  }
  await requireDecider(ctx, c, e, actor.id);

  let confirmation: string;
  if (cmd.name === "resolve-appoint") {
    const person = await resolvePerson(ctx, cmd.person);
    const taf = await ctx.repos.taf.members(c.id);
    await checkNominee(ctx, c, taf, person, { skipTafCheck: true });
    if (!taf.includes(person.id)) {
      await ctx.repos.taf.add(c.id, person.id, ctx.now);
      await ctx.audit("taf.add", c.id, { practitionerId: person.id, via: "escalation" });
    }
    await withdrawOpenProposal(ctx, c);
    e.resolution = { kind: "appoint", practitionerId: person.id, reason: cmd.reason };
    await finish(ctx, c, e, actor.id);
    await appointLead(ctx, c, person.id, `Appointed by the ${LEVEL_NAMES[e.level]}: ${cmd.reason}`, "appointed-on-escalation");
    confirmation = `You appointed ${person.name} as lead professional for ${c.reference}.`;
  } else {
    e.resolution = { kind: "return", reason: cmd.reason };
    await finish(ctx, c, e, actor.id);
    ctx.notify({ kind: "case-channel", caseId: c.id }, {
      type: "text",
      tone: "info",
      caseRef: c.reference,
      text: `The ${LEVEL_NAMES[e.level]} sent ${c.reference} back to the TAF for a new proposal: ${cmd.reason}`,
    });
    confirmation = `You sent ${c.reference} back to the TAF for a new proposal.`;
  }
  const view = await escalationView(ctx, c, e);
  // Every card about it, at every level and every repeat, now says it is resolved, with no buttons.
  ctx.updateCopies(escalationKey(e.id), view);
  ctx.notify({ kind: "access-team" }, view);
  for (const id of e.deciderIds.filter((d) => d !== actor.id)) ctx.notify({ kind: "practitioner", practitionerId: id }, view);
  // The decider's own answer says what they decided; the copies to others do not say "you".
  return ctx.outcome({ ...view, confirmation });
}

async function requireDecider(ctx: UseCaseContext, c: Case, e: Escalation, actorId: string): Promise<void> {
  if (e.deciderIds.includes(actorId)) return;
  const people = await peopleById((ids) => ctx.repos.practitioners.getMany(ids), e.deciderIds);
  const names = e.deciderIds.map((id) => people.get(id)?.name ?? "unknown").join(", ");
  throw new DomainError(
    "not-decider",
    `Only the ${LEVEL_NAMES[e.level]} (${names}) can decide the escalation on ${c.reference} at level ${e.level}.`,
  );
}

async function finish(ctx: UseCaseContext, c: Case, e: Escalation, actorId: string): Promise<void> {
  e.state = "resolved";
  e.resolvedById = actorId;
  e.resolvedAtLevel = e.level;
  e.resolvedAt = ctx.now;
  await ctx.repos.escalations.update(e);
  await ctx.cancel(e.id);
  await ctx.audit("escalation.resolved", c.id, { escalationId: e.id, level: e.level, resolution: e.resolution?.kind });
}

async function withdrawOpenProposal(ctx: UseCaseContext, c: Case): Promise<void> {
  const open = await ctx.repos.proposals.openForCase(c.id);
  if (!open) return;
  open.state = "withdrawn";
  open.closedAt = ctx.now;
  open.outcomeReason = "superseded by an escalation decision";
  await ctx.repos.proposals.update(open);
  await ctx.cancel(open.id);
  await ctx.audit("proposal.withdrawn", c.id, { proposalId: open.id });
  // Its cards (the case channel's and the nominee's) say it was superseded and lose their buttons.
  const view = await buildProposalView(ctx, c, open);
  ctx.updateCopies(proposalKey(open.id), view);
  ctx.updateCopies(nominationKey(open.id), { ...view, forNominee: true });
}
