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
  // reports
  "bad-period",
  // free text that looks like a child's personal details [DOMAIN §10]
  "personal-details",
  // someone else changed the same rows first (a unique constraint in the database)
  "conflict",
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];

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
