// Who may do what about contact with the family [DOMAIN §11]. Checking back with the family is
// the lead professional's function as their single point of contact [000 §1.2, Hints], so only
// the LP records a check-in: another practitioner's work with the family is their own part of
// the plan, not the LP's check-in, and the LP is not responsible for it [001 Guideline 9–10].
// The cadence is the LP's to plan; the access team may set it for them (as with reviews).
import { accessTo, loadCase, notOnTaf, requireOpen, type CaseAccess } from "../case/case-access.js";
import type { UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Case, Practitioner } from "../types.js";

export const canRecordContact = (access: CaseAccess): boolean => access.isLead;

export const canSetCadence = (access: CaseAccess): boolean => access.isLead || access.isAccessTeam;

/** Loads an open case the actor can see, with what they may do. */
export async function contactCase(ctx: UseCaseContext, actor: Practitioner, reference: string): Promise<{ c: Case; access: CaseAccess }> {
  const c = await loadCase(ctx, reference);
  const access = await accessTo(ctx, actor, c);
  if (!access.canView) throw notOnTaf(c);
  requireOpen(c);
  return { c, access };
}

export function recordRefusal(c: Case): DomainError {
  return new DomainError(
    "not-lead",
    `Only the lead professional for ${c.reference} records check-ins with the family: checking back with them is the lead's part of the plan. Your own work with the family is your part; tell the lead professional about it.`,
  );
}

export function cadenceRefusal(c: Case): DomainError {
  return new DomainError("not-lead", `Only the lead professional for ${c.reference} or the access team can set how often the family is contacted.`);
}
