// Who may do what to a plan [DOMAIN §11]. Any TAF member (the lead professional is one) adds an
// action. The owner, the lead professional or the owner's line manager marks it done, drops it or
// moves it: the LP co-ordinates but is not responsible for another practitioner's delivery
// [001 Guideline 9–10], and the owner's manager is who a stuck action goes to.
//
// The family is not a chat user (DOMAIN §1: its view is recorded by a practitioner), and the lead
// professional is its single point of contact [000 §1.2], so the LP records the family's
// progress. Other TAF members tell the LP; only while the case has no LP (one being chosen) may
// any TAF member change a family action, so it is never stuck.
import type { CaseAccess } from "../case/case-access.js";
import { DomainError } from "../errors.js";
import type { Case, PlanAction, Practitioner } from "../types.js";

export function mayAddAction(access: CaseAccess): boolean {
  return access.isMember || access.isLead;
}

/** `owner`: the practitioner who owns the action (null for the family's). */
export function mayChangeAction(access: CaseAccess, action: PlanAction, owner: Practitioner | null): boolean {
  if (access.isLead) return true;
  if (action.owner.kind === "family") return access.case.leadId === null && access.isMember;
  return action.owner.practitionerId === access.actor.id || (owner !== null && owner.managerId === access.actor.id);
}

export function addRefusal(c: Case): DomainError {
  return new DomainError("not-on-taf", `Only members of the Team Around the Family for ${c.reference} can add to its plan.`);
}

export function changeRefusal(c: Case, action: PlanAction): DomainError {
  const who =
    action.owner.kind === "family"
      ? "the lead professional (who records the family's actions)"
      : "its owner, their line manager or the lead professional";
  return new DomainError("not-action-owner", `Only ${who} can change action ${action.n} of ${c.reference}.`);
}
