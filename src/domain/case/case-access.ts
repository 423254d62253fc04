// Who may see and act on a case [DOMAIN §10]: TAF members their cases, managers their reports'
// cases, the access team all cases. Deciders of an open escalation may act on that escalation.
import type { UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Case, Escalation, Practitioner } from "../types.js";

export interface CaseAccess {
  actor: Practitioner;
  case: Case;
  taf: string[];
  isMember: boolean;
  isLead: boolean;
  isManagerOfMember: boolean;
  isAccessTeam: boolean;
  isDecider: boolean;
  canView: boolean;
  /** The case's open escalation, as read to decide access. */
  escalation: Escalation | null;
}

export async function loadCase(ctx: UseCaseContext, reference: string, lock = true): Promise<Case> {
  const found = await ctx.repos.cases.getByReference(reference, { lock });
  if (!found) {
    throw new DomainError(
      "case-not-found",
      `I can't find case ${reference}. Check the reference, or open it with \`case open ${reference} --status early-help\`.`,
    );
  }
  return found;
}

export async function accessTo(ctx: UseCaseContext, actor: Practitioner, c: Case): Promise<CaseAccess> {
  const taf = await ctx.repos.taf.members(c.id);
  const isMember = taf.includes(actor.id);
  let isManagerOfMember = false;
  if (!isMember) {
    const members = await ctx.repos.practitioners.getMany(taf);
    isManagerOfMember = members.some((m) => m.managerId === actor.id);
  }
  const escalation = await ctx.repos.escalations.openForCase(c.id);
  const isDecider = escalation?.deciderIds.includes(actor.id) ?? false;
  const isAccessTeam = actor.duties.accessTeam;
  return {
    actor,
    case: c,
    taf,
    isMember,
    isLead: c.leadId === actor.id,
    isManagerOfMember,
    isAccessTeam,
    isDecider,
    canView: isMember || isManagerOfMember || isAccessTeam || isDecider,
    escalation,
  };
}

export function notOnTaf(c: Case): DomainError {
  return new DomainError("not-on-taf", `You are not on the Team Around the Family for ${c.reference}, so you can't do that.`);
}

export function requireOpen(c: Case): void {
  if (!c.open) throw new DomainError("case-closed", `${c.reference} is closed.`);
}

/** Loads, checks the actor may act, and that the case is open: the start of most use cases. */
export async function openCaseFor(
  ctx: UseCaseContext,
  actor: Practitioner,
  reference: string,
  allowed: (a: CaseAccess) => boolean,
  refusal?: (c: Case) => DomainError,
): Promise<CaseAccess> {
  const c = await loadCase(ctx, reference);
  const access = await accessTo(ctx, actor, c);
  if (!allowed(access)) throw (refusal ?? notOnTaf)(c);
  requireOpen(c);
  return access;
}
