// Every refusal the user can fix has a code from this list, so a typo in a code fails to compile
// and the audit trail's refusal codes (audit detail.code) are a closed set a report can count on.
export const REFUSAL_CODES = [
  // who may act at all
  "bootstrap",
  "bootstrap-not-configured",
  "bootstrap-not-you",
  "not-registered",
  "unknown-person",
  "access-team-only",
  "not-access-team",
  "not-manager",
  "unsupported",
  // practitioners
  "already-registered",
  "fields-missing",
  "handle-needed",
  "handle-taken",
  "nothing-to-change",
  "self-reference",
  "date-future",
  // cases and their TAF
  "case-exists",
  "case-reference-pattern",
  "case-not-found",
  "case-closed",
  "no-channel",
  "not-on-taf",
  "already-member",
  "not-member",
  "remove-lead",
  "remove-nominee",
  "remove-not-allowed",
  "remove-last-member",
  "channel-taken",
  "channel-is-access",
  "not-lead",
  // proposals and votes
  "proposal-open",
  "escalation-open",
  "already-lead",
  "family-preference",
  "not-eligible",
  "statutory-rule",
  "no-open-vote",
  "joined-late",
  "not-nominee",
  "nominee-abstain",
  "not-proposer",
  "reminded-recently",
  "objection-reason",
  "override-exists",
  "override-not-needed",
  // escalations
  "no-deciders",
  "top-of-ladder",
  "no-escalation",
  "not-decider",
  "already-escalated",
  "not-appealing-manager",
  // handovers, reviews, dates
  "no-lead",
  "not-outgoing-lead",
  "handover-open",
  "date-past",
  "invalid-date",
  // nudges
  "no-nudge",
  "not-recipient",
  "already-snoozed",
  "not-current",
  // reports
  "bad-period",
  // the plan
  "date-needed",
  "action-not-found",
  "action-closed",
  "owner-not-on-taf",
  "not-action-owner",
  "family-action",
  "not-overdue-enough",
  // free text that looks like a child's personal details [DOMAIN §10]
  "personal-details",
  // someone else changed the same rows first (a unique constraint in the database)
  "conflict",
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

/**
 * Why a refusal happened. Only an input mistake is helped by the command's usage line: after a
 * permission or state refusal ("only the access team can…", "there is no open vote") a usage
 * block answers a question nobody asked, so the reply is the message alone.
 */
export type RefusalKind = "input" | "permission" | "state";

/** Every code's kind: a new code that is not classified here fails to compile. */
export const REFUSAL_KINDS: Record<RefusalCode, RefusalKind> = {
  bootstrap: "permission",
  "bootstrap-not-configured": "state",
  "bootstrap-not-you": "permission",
  "not-registered": "permission",
  "unknown-person": "input",
  "access-team-only": "permission",
  "not-access-team": "permission",
  "not-manager": "permission",
  unsupported: "state",
  "already-registered": "state",
  "fields-missing": "input",
  "handle-needed": "input",
  "handle-taken": "input",
  "nothing-to-change": "input",
  "self-reference": "input",
  "date-future": "input",
  "case-exists": "state",
  "case-reference-pattern": "input",
  "case-not-found": "input",
  "case-closed": "state",
  "no-channel": "state",
  "not-on-taf": "permission",
  "already-member": "state",
  "not-member": "state",
  "remove-lead": "state",
  "remove-nominee": "state",
  "remove-not-allowed": "permission",
  "remove-last-member": "state",
  "channel-taken": "state",
  "channel-is-access": "state",
  "not-lead": "permission",
  "proposal-open": "state",
  "escalation-open": "state",
  "already-lead": "state",
  "family-preference": "state",
  "not-eligible": "state",
  "statutory-rule": "state",
  "no-open-vote": "state",
  "joined-late": "permission",
  "not-nominee": "permission",
  "nominee-abstain": "input",
  "objection-reason": "input",
  "override-exists": "state",
  "override-not-needed": "state",
  "no-deciders": "state",
  "top-of-ladder": "state",
  "no-escalation": "state",
  "not-decider": "permission",
  "already-escalated": "state",
  "not-appealing-manager": "permission",
  "no-lead": "state",
  "not-outgoing-lead": "permission",
  "handover-open": "state",
  "date-past": "input",
  "invalid-date": "input",
  "no-nudge": "state",
  "not-recipient": "permission",
  "already-snoozed": "state",
  "not-proposer": "permission",
  "reminded-recently": "state",
  "not-current": "state",
  "bad-period": "input",
  "date-needed": "input",
  "action-not-found": "input",
  "action-closed": "state",
  "owner-not-on-taf": "input",
  "not-action-owner": "permission",
  "family-action": "state",
  "not-overdue-enough": "state",
  "personal-details": "state",
  conflict: "state",
};

/** Whether a refusal with this code ends with the command's usage line. */
export const refusalShowsUsage = (code: RefusalCode): boolean => REFUSAL_KINDS[code] === "input";

/** A refusal the user can fix: adapters show `userMessage` and nothing else. */
export class DomainError extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = "DomainError";
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
