import { openCaseFor } from "../case/case-access.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { nominationKey } from "../message-keys.js";
import { buildProposalView } from "../presenters/proposal-view.js";
import { resolvePerson } from "../practitioner/resolve-person.js";
import { checkEligibility } from "../rules/eligibility.js";
import { checkStatutoryLead } from "../rules/statutory-rules.js";
import type { Case, FamilyView, Practitioner } from "../types.js";
import { requireNoOpenDecision } from "./open-decisions.js";
import { openVote } from "./open-vote.js";

type Propose = Extract<Command, { name: "propose" }>;

/**
 * Any TAF member proposes a nominee [DOMAIN §4]. Statutory rules and eligibility are checked
 * before anything is posted; a refusal names the rule and changes nothing.
 */
export async function proposeLead(ctx: UseCaseContext, cmd: Propose): Promise<Outcome> {
  const actor = requireActor(ctx);
  const { case: c, taf } = await openCaseFor(ctx, actor, cmd.ref, (a) => a.isMember || a.isAccessTeam);
  await requireNoOpenDecision(ctx, c);
  const nominee = await resolvePerson(ctx, cmd.nominee);
  if (c.leadId === nominee.id) {
    throw new DomainError("already-lead", `${nominee.name} is already the lead professional for ${c.reference}.`);
  }
  const family = await familyViewOf(ctx, cmd);
  const familyPrefersOther = family.view.kind === "prefers" && family.view.practitionerId !== nominee.id;
  if (familyPrefersOther && cmd.reason.length === 0) {
    throw new DomainError(
      "family-preference",
      `The family prefers ${family.preferred?.name}. The guidance says their wish should be met unless there is a good reason: add your reason to the proposal.`,
    );
  }
  const notes = await checkNominee(ctx, c, taf, nominee);
  if (familyPrefersOther) {
    notes.unshift(`The family prefers ${family.preferred?.name}; proposed instead because: ${cmd.reason}`);
  }
  const proposal = await openVote(ctx, c, {
    kind: "appoint",
    nomineeId: nominee.id,
    proposerId: actor.id,
    reason: cmd.reason,
    familyView: family.view,
    notes,
    electorate: taf,
  });
  // The nominee's own card: Accept and Decline, kept true as the vote goes on (cast-vote, close-proposal).
  ctx.notify({ kind: "practitioner", practitionerId: nominee.id }, { ...(await buildProposalView(ctx, c, proposal, [])), forNominee: true }, nominationKey(proposal.id));
  return ctx.outcome({
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `Proposal posted: ${nominee.name} as lead professional for ${c.reference}. Voting closes ${ctx.when(proposal.deadline)}.`,
  });
}

async function familyViewOf(ctx: UseCaseContext, cmd: Propose): Promise<{ view: FamilyView; preferred: Practitioner | null }> {
  if (cmd.family.kind !== "prefers") return { view: cmd.family, preferred: null };
  const preferred = await resolvePerson(ctx, cmd.family.person);
  return { view: { kind: "prefers", practitionerId: preferred.id }, preferred };
}

/** Returns the advisory notes and warnings for the card, or throws the first refusal. */
export async function checkNominee(
  ctx: UseCaseContext,
  c: Case,
  taf: readonly string[],
  nominee: Practitioner,
  options: { skipTafCheck?: boolean } = {},
): Promise<string[]> {
  const members = await ctx.repos.practitioners.getMany(taf);
  const statutory = checkStatutoryLead(c.statuses, nominee.role, members.map((m) => m.role));
  if (!statutory.allowed) {
    throw new DomainError("statutory-rule", statutory.refusal ?? "A statutory rule names a different lead professional for this case.");
  }
  const [mentor, leadCaseCount, override] = await Promise.all([
    nominee.mentorId ? ctx.repos.practitioners.get(nominee.mentorId) : Promise.resolve(null),
    ctx.repos.practitioners.leadCaseCount(nominee.id),
    ctx.repos.overrides.find(c.id, nominee.id),
  ]);
  const eligibility = checkEligibility({
    nominee,
    mentor,
    isTafMember: options.skipTafCheck === true || taf.includes(nominee.id),
    leadCaseCount,
    override,
    today: ctx.today,
  });
  if (!eligibility.eligible) {
    throw new DomainError("not-eligible", eligibility.refusals.map((r) => r.message).join(" "));
  }
  return [...statutory.advisories, ...eligibility.warnings.map((w) => w.message)];
}
