// The domain's entities. Plain data: repositories load and save them, use cases change them.
// Dates the practitioner types in (review dates, DBS dates) are ISO calendar dates ("2026-11-23");
// moments (deadlines, votes) are JavaScript Dates in UTC.

export const PLATFORMS = ["slack", "teams", "playground"] as const;
export type Platform = (typeof PLATFORMS)[number];

export const CASE_STATUSES = [
  "early-help",
  "cin-assessment",
  "child-in-need",
  "child-protection-plan",
  "looked-after",
  "care-leaver-eligible",
  "care-leaver-relevant",
  "adoption",
  "sen",
  "complex-disability",
  "mental-health-cpa",
  "mental-health",
  "young-offender",
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const ROLES = [
  "social-worker",
  "personal-adviser",
  "senco",
  "key-worker",
  "care-coordinator",
  "yot-officer",
  "residential-key-worker",
  "health-visitor",
  "school-nurse",
  "teacher",
  "family-support-worker",
  "early-help-practitioner",
  "youth-worker",
  "manager",
  "other",
] as const;
export type Role = (typeof ROLES)[number];

export const EMPLOYMENT_TYPES = ["permanent", "agency", "bank", "supply"] as const;
export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number];

export const AVAILABILITIES = ["available", "long-term-sick", "leaving"] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** Deployment-wide duties a practitioner may hold besides TAF work. */
export interface Duties {
  accessTeam: boolean;
  coordinator: boolean;
  executive: boolean;
}

export interface ChatIdentities {
  slack?: string | null;
  teams?: string | null;
  playground?: string | null;
}

export interface Practitioner {
  id: string;
  /** Short unique name typed after @ in commands, e.g. "sam.patel". */
  handle: string;
  name: string;
  role: Role;
  agency: string;
  managerId: string | null;
  /** Date of the enhanced DBS check on record, ISO date. */
  dbsCheckedOn: string | null;
  /** Date the professional qualification was gained, ISO date; null when not formally qualified. */
  qualifiedOn: string | null;
  /** A manager has recorded a recommendation for an unqualified practitioner to act as LP [002 §8.4.4]. */
  managerRecommendation: boolean;
  employment: EmploymentType;
  mentorId: string | null;
  lpCapacity: number;
  availability: Availability;
  duties: Duties;
  chat: ChatIdentities;
}

export interface ChatChannels {
  slack?: string | null;
  teams?: string | null;
  playground?: string | null;
}

export interface Case {
  id: string;
  reference: string;
  statuses: CaseStatus[];
  open: boolean;
  leadId: string | null;
  leadSince: Date | null;
  /** Set when the case has no LP, so a long gap can prompt the TAF [003]. */
  noLeadSince: Date | null;
  reviewDate: string | null;
  channels: ChatChannels;
  openedAt: Date;
  closedAt: Date | null;
}

export const FAMILY_VIEWS = ["agrees", "prefers", "not-asked"] as const;
export type FamilyView =
  | { kind: "agrees" }
  | { kind: "prefers"; practitionerId: string }
  | { kind: "not-asked" };

export const PROPOSAL_KINDS = ["appoint", "closure"] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export const PROPOSAL_STATES = ["open", "agreed", "disagreed", "withdrawn"] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

export interface Proposal {
  id: string;
  caseId: string;
  kind: ProposalKind;
  /** The practitioner nominated as LP; null for a closure proposal. */
  nomineeId: string | null;
  proposerId: string;
  reason: string;
  familyView: FamilyView;
  /** Advisory notes and eligibility warnings shown to voters. */
  notes: string[];
  /** Who may vote: the TAF when the proposal opened. */
  electorate: string[];
  state: ProposalState;
  deadline: Date;
  createdAt: Date;
  closedAt: Date | null;
  /** Why it ended the way it did, in words for the card. */
  outcomeReason: string | null;
}

export const VOTE_CHOICES = ["agree", "object", "abstain"] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export interface Vote {
  proposalId: string;
  voterId: string;
  choice: VoteChoice;
  reason: string | null;
  platform: Platform;
  at: Date;
}

export type EscalationLevel = 1 | 2 | 3;
export type EscalationResolution =
  | { kind: "appoint"; practitionerId: string; reason: string }
  | { kind: "return"; reason: string };

export interface Escalation {
  id: string;
  caseId: string;
  proposalId: string | null;
  reason: string;
  level: EscalationLevel;
  state: "open" | "resolved";
  /** Who can decide at the current level. */
  deciderIds: string[];
  /** Practitioners whose disagreement this is; their line managers decide at level 1. */
  involvedIds: string[];
  acknowledgedBy: string[];
  /** End of the current level; null at level 3, whose decision is final. */
  deadline: Date | null;
  openedById: string | null;
  resolution: EscalationResolution | null;
  resolvedById: string | null;
  /** Level at which it was resolved; a level-2 decision can be appealed to level 3. */
  resolvedAtLevel: EscalationLevel | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

export const REVIEW_OUTCOMES = ["continue", "step-up", "step-down", "closure"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export interface Review {
  id: string;
  caseId: string;
  heldOn: string;
  outcome: ReviewOutcome;
  nextReviewDate: string | null;
  recordedById: string;
  at: Date;
}

/** A check-in with the child and family, recorded by the lead professional [DOMAIN §11, 000 Hints]. */
export interface Contact {
  id: string;
  caseId: string;
  recordedById: string;
  /** Free text that passed the personal-details check; may be empty. */
  note: string;
  at: Date;
}

/** How often the LP means to check in with the family: every `everyWeeks` weeks since `since`. */
export interface ContactCadence {
  caseId: string;
  everyWeeks: number;
  since: Date;
}

export const HANDOVER_TRIGGERS = [
  "leaving",
  "long-term-sick",
  "work-complete",
  "family-request",
  "legal-proceedings",
  "transition",
] as const;
export type HandoverTrigger = (typeof HANDOVER_TRIGGERS)[number];

export interface Handover {
  id: string;
  caseId: string;
  outgoingLeadId: string;
  trigger: HandoverTrigger;
  startedById: string;
  deadline: Date;
  state: "open" | "completed" | "cancelled";
  successorId: string | null;
  createdAt: Date;
  completedAt: Date | null;
}

export const PLAN_ACTION_STATUSES = ["open", "done", "dropped"] as const;
export type PlanActionStatus = (typeof PLAN_ACTION_STATUSES)[number];

/** Who carries an action out [DOMAIN §11]: a TAF member of the case, or the family. */
export type PlanOwner = { kind: "practitioner"; practitionerId: string } | { kind: "family" };

/**
 * One action of the case's plan, as the Team Around the Family agreed it [DOMAIN §11]. Overdue is
 * never stored: it is derived from the due date and the working-day calendar (plan/plan-progress.ts).
 */
export interface PlanAction {
  id: string;
  caseId: string;
  /** The case's own number for it (1, 2, 3…), never reused or renumbered. */
  n: number;
  text: string;
  owner: PlanOwner;
  /** Local calendar date, ISO. */
  dueDate: string;
  status: PlanActionStatus;
  addedById: string;
  addedAt: Date;
  /** Who marked it done or dropped it, and when. */
  closedById: string | null;
  closedAt: Date | null;
  /** Done: the note given, if any. */
  doneNote: string | null;
  /** Dropped: why (always given). */
  dropReason: string | null;
  /** The last move of its due date: when, by whom, why, and the date it had before. */
  movedAt: Date | null;
  movedById: string | null;
  moveReason: string | null;
  previousDueDate: string | null;
}

/** A manager's recorded exception letting an agency, bank or supply worker lead one case. */
export interface EligibilityOverride {
  caseId: string;
  practitionerId: string;
  approvedById: string;
  reason: string;
  at: Date;
}

export const DEADLINE_KINDS = [
  "vote-close",
  "vote-reminder",
  "review-reminder",
  "review-overdue",
  "review-date-missing",
  "handover-reminder",
  "handover-missed",
  "escalation-timeout",
  "escalation-alert",
  "no-lead",
  "contact-missed",
  "plan-reminder",
  "plan-overdue",
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/**
 * Nudges a recipient may snooze [DOMAIN §6]: the LP's review reminders (and the daily ask for a
 * review date), the outgoing LP's handover reminders, the LP's missed check-in nudges and an action
 * owner's reminders before an action is due. Overdue and missed-deadline alerts are not nudges:
 * they go to others too, and one recipient cannot delay them.
 */
export const SNOOZABLE_NUDGES = ["review", "handover", "contact", "plan"] as const;
export type SnoozableNudge = (typeof SNOOZABLE_NUDGES)[number];

/** A moment the worker must act on. Postgres holds these rows; the queue is derived from them. */
export interface Deadline {
  /** Deterministic: the same reason and due time always give the same key. */
  key: string;
  kind: DeadlineKind;
  caseId: string;
  /** The proposal, escalation or handover this deadline belongs to, or the case id. */
  subjectId: string;
  dueAt: Date;
  state: "pending" | "done" | "cancelled";
}

/** A case's review date as set (`review set`) or moved on by a held review (`review done`), at `at`. */
export interface ReviewDateChange {
  caseId: string;
  at: Date;
  reviewDate: string;
}

export interface AuditEvent {
  at: Date;
  actorId: string | null;
  platform: Platform | "system";
  action: string;
  caseId: string | null;
  outcome: "ok" | "refused";
  detail: Record<string, unknown>;
}

export interface Settings {
  region: "england-and-wales" | "scotland" | "northern-ireland";
  timeZone: string;
  workingHours: { start: number; end: number };
  accessTeamChannels: ChatChannels;
  voteDeadlineWorkingDays: number;
  /** Fraction of the TAF that must vote; agreement needs strictly more than this. */
  quorumFraction: number;
  defaultLpCapacity: number;
  escalationTimeoutWorkingDays: number;
  handoverWorkingDays: number;
  reviewIntervalWeeks: number;
  reviewReminderWorkingDays: number[];
  noLeadWorkingDays: number;
  /** Working days before a plan action is due that its owner is reminded (0: on the day) [DOMAIN §11]. */
  planReminderWorkingDays: number[];
  /** Working days an action must be overdue before the LP may escalate it to its owner's manager [DOMAIN §11]. */
  actionEscalationWorkingDays: number;
  /**
   * The one person who may register themselves, by chat, into the access team of a deployment
   * that has none (LEADBOT_BOOTSTRAP_ADMIN). Null: nobody may; an operator's CLI does it instead.
   */
  bootstrapAdmin: { platform: Platform; userId: string } | null;
  /**
   * What a new case's reference must match (CASE_REFERENCE_PATTERN, a regular expression over the
   * upper-cased reference), on top of the grammar's shape: by default at least one digit, so a
   * child's name ("Jamie-Smith") can never become a reference [DOMAIN §1].
   */
  caseReferencePattern: string;
}

/** Letters, digits and hyphens, with at least one digit: EH-2026-0042 yes, JAMIE-SMITH no. */
export const DEFAULT_CASE_REFERENCE_PATTERN = "^(?=[^0-9]*[0-9])[A-Z0-9-]+$";

export const DEFAULT_SETTINGS: Settings = {
  region: "england-and-wales",
  timeZone: "Europe/London",
  workingHours: { start: 9, end: 17 },
  accessTeamChannels: {},
  voteDeadlineWorkingDays: 2,
  quorumFraction: 0.5,
  defaultLpCapacity: 8,
  escalationTimeoutWorkingDays: 5,
  handoverWorkingDays: 10,
  reviewIntervalWeeks: 12,
  reviewReminderWorkingDays: [5, 1, 0],
  noLeadWorkingDays: 5,
  planReminderWorkingDays: [2, 0],
  actionEscalationWorkingDays: 10,
  bootstrapAdmin: null,
  caseReferencePattern: DEFAULT_CASE_REFERENCE_PATTERN,
};
