import type { CaseAccess } from "../case/case-access.js";
import { DomainError } from "../errors.js";

/** The LP convenes reviews [001 Guideline 8]; their manager and the access team may act for them. */
export function canManageReviews(access: CaseAccess, leadManagerId: string | null): boolean {
  return access.isLead || access.isAccessTeam || (leadManagerId !== null && leadManagerId === access.actor.id);
}

export function reviewRefusal(reference: string): DomainError {
  return new DomainError("not-lead", `Only the lead professional for ${reference}, their manager or the access team can do that.`);
}
