import { accessTo, loadCase, notOnTaf, requireOpen, type CaseAccess } from "../case/case-access.js";
import type { UseCaseContext } from "../context.js";
import type { Case, Practitioner } from "../types.js";
import { DomainError } from "../errors.js";

/** The LP convenes reviews [001 Guideline 8]; their manager and the access team may act for them. */
export function canManageReviews(access: CaseAccess, leadManagerId: string | null): boolean {
  return access.isLead || access.isAccessTeam || (leadManagerId !== null && leadManagerId === access.actor.id);
}

export function reviewRefusal(reference: string): DomainError {
  return new DomainError("not-lead", `Only the lead professional for ${reference}, their manager or the access team can do that.`);
}

/** Loads an open case the actor may manage reviews for, with its LP (if any). */
export async function reviewableCase(ctx: UseCaseContext, actor: Practitioner, reference: string): Promise<{ c: Case; lead: Practitioner | null }> {
  const c = await loadCase(ctx, reference);
  const access = await accessTo(ctx, actor, c);
  if (!access.canView) throw notOnTaf(c);
  requireOpen(c);
  const lead = c.leadId ? await ctx.repos.practitioners.get(c.leadId) : null;
  if (!canManageReviews(access, lead?.managerId ?? null)) throw reviewRefusal(c.reference);
  return { c, lead };
}
