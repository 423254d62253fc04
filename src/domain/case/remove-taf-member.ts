import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { buildCaseView } from "../presenters/case-view.js";
import { resolvePerson } from "../practitioner/resolve-person.js";
import { closeProposalIfDecided } from "../allocation/close-proposal.js";
import { openCaseFor } from "./case-access.js";

type RemoveMember = Extract<Command, { name: "taf-remove" }>;

/**
 * Who may take someone off a TAF: the member themselves, the LP who co-ordinates it, the member's
 * line manager, or the access team; another member may not. The LP cannot simply be removed (that
 * is a handover), nor a nominee mid-vote, nor the last member. Removing a voter drops them from the
 * open vote's electorate, which may let the vote close.
 */
export async function removeTafMember(ctx: UseCaseContext, cmd: RemoveMember): Promise<Outcome> {
  const actor = requireActor(ctx);
  const { case: c, taf } = await openCaseFor(ctx, actor, cmd.ref, (a) => a.isMember || a.isManagerOfMember || a.isAccessTeam);
  const person = await resolvePerson(ctx, cmd.person);
  if (!taf.includes(person.id)) {
    throw new DomainError("not-member", `${person.name} is not on the TAF for ${c.reference}.`);
  }
  const self = person.id === actor.id;
  if (!(self || c.leadId === actor.id || person.managerId === actor.id || actor.duties.accessTeam)) {
    throw new DomainError(
      "remove-not-allowed",
      `Only ${person.name}, their line manager, the lead professional or the access team can take them off the TAF for ${c.reference}.`,
    );
  }
  if (taf.length === 1) {
    throw new DomainError("remove-last-member", `${person.name} is the only member of the TAF for ${c.reference}; add someone else first.`);
  }
  if (c.leadId === person.id) {
    throw new DomainError(
      "remove-lead",
      `${person.name} is the lead professional for ${c.reference}. Start a handover (\`handover start ${c.reference} <trigger>\`) instead.`,
    );
  }
  const proposal = await ctx.repos.proposals.openForCase(c.id);
  if (proposal?.nomineeId === person.id) {
    throw new DomainError("remove-nominee", `${person.name} is nominated in the open vote on ${c.reference}; wait for it to close.`);
  }
  await ctx.repos.taf.remove(c.id, person.id);
  await ctx.audit("taf.remove", c.id, { practitionerId: person.id });
  ctx.notify({ kind: "case-channel", caseId: c.id }, {
    type: "text",
    tone: "info",
    caseRef: c.reference,
    text: `${actor.name} removed ${person.name} from the TAF for ${c.reference}.`,
  });
  if (!self) {
    ctx.notify({ kind: "practitioner", practitionerId: person.id }, {
      type: "text",
      tone: "info",
      caseRef: c.reference,
      text: `${actor.name} took you off the Team Around the Family for ${c.reference}. Ask them or the lead professional if you think this is a mistake.`,
    });
  }
  if (proposal && proposal.electorate.includes(person.id)) {
    proposal.electorate = proposal.electorate.filter((id) => id !== person.id);
    await ctx.repos.proposals.update(proposal);
    await closeProposalIfDecided(ctx, c, proposal);
  }
  return ctx.outcome(await buildCaseView(ctx, c));
}
