// Neutral view models. The domain returns these; the Slack adapter renders Block Kit and the
// Teams adapter fills an adaptive-cards/ template from the same data.
import type { CaseStatus, EscalationLevel, HandoverTrigger, ProposalKind, ProposalState, ReviewOutcome, VoteChoice } from "./types.js";

export interface PersonView {
  id: string;
  name: string;
  role: string;
  agency: string;
}

export interface TallyView {
  agree: number;
  object: number;
  abstain: number;
  notVoted: number;
  electorate: number;
  /** Votes needed for quorum (strictly more than the quorum fraction of the TAF). */
  quorum: number;
}

export interface ProposalView {
  type: "proposal";
  proposalId: string;
  caseRef: string;
  kind: ProposalKind;
  nominee: PersonView | null;
  proposer: PersonView;
  reason: string;
  familyView: string;
  /** The family prefers someone else: shown prominently [003]. */
  familyPrefersOther: boolean;
  notes: string[];
  deadline: Date;
  state: ProposalState;
  nomineeResponse: "accepted" | "declined" | "awaiting";
  tally: TallyView;
  votes: { voter: PersonView; choice: VoteChoice; reason: string | null }[];
  /** Members of the electorate who have not voted yet (the nominee included until they answer). */
  notVotedYet?: PersonView[];
  outcomeReason: string | null;
  /**
   * The nominee's own card (their chat with leadbot): asks them to accept or decline while that
   * is theirs to do, then says what happened.
   */
  forNominee?: boolean;
}

export interface DecisionView {
  type: "decision";
  caseRef: string;
  kind: ProposalKind | "appointed-on-escalation";
  outcome: "agreed" | "disagreed";
  lead: PersonView | null;
  previousLead: PersonView | null;
  reason: string;
}

/**
 * The proposal the TAF could not agree on, carried by its escalation so a decider can appoint or
 * send it back from the alert alone, without going to the case channel for the facts.
 */
export interface DisputeView {
  kind: ProposalKind;
  nominee: PersonView | null;
  proposer: PersonView;
  reason: string;
  familyView: string;
  familyPrefersOther: boolean;
  nomineeResponse: ProposalView["nomineeResponse"];
  tally: TallyView;
  /** Every objection that stood, with who made it. The nominee's decline is `nomineeResponse`. */
  objections: { voter: PersonView; reason: string | null }[];
  notes: string[];
  outcomeReason: string | null;
}

export interface EscalationView {
  type: "escalation";
  escalationId: string;
  caseRef: string;
  level: EscalationLevel;
  levelName: string;
  reason: string;
  deciders: PersonView[];
  deadline: Date | null;
  state: "open" | "resolved";
  resolution: string | null;
  /** Who settled it, once resolved. */
  resolvedBy?: PersonView | null;
  /** Set when the escalation comes from a vote that did not agree. */
  dispute?: DisputeView | null;
  /** On the decider's own answer only: what they decided, in a sentence. */
  confirmation?: string | null;
}

export interface CaseView {
  type: "case";
  caseRef: string;
  open: boolean;
  statuses: CaseStatus[];
  lead: PersonView | null;
  reviewDate: string | null;
  taf: (PersonView & { isLead: boolean })[];
  openProposal: { proposalId: string; nominee: string | null; deadline: Date } | null;
  openEscalation: { level: EscalationLevel; deadline: Date | null } | null;
  openHandover: { outgoing: string; trigger: HandoverTrigger; deadline: Date } | null;
  notes: string[];
  /** On `case status`: the contact cadence (weeks, null: none) and the last contact's day (ISO). */
  contact?: { everyWeeks: number | null; lastContactOn: string | null };
}

export interface HandoverView {
  type: "handover";
  caseRef: string;
  event: "started" | "completed" | "reminder" | "missed";
  outgoing: PersonView;
  successor: PersonView | null;
  trigger: HandoverTrigger;
  deadline: Date;
  /**
   * Set on the copy of a reminder sent to its recipient, who may snooze it [DOMAIN §6]: the key
   * of the reminder the card's Snooze button acts on, so it can never move another one.
   */
  snoozeKey?: string;
  /** The reminder was snoozed: when it comes again (the card then has no Snooze button). */
  snoozedUntil?: Date;
  /** The case was closed since the reminder was sent: nothing more is due. */
  caseClosed?: boolean;
}

export interface ReviewView {
  type: "review";
  caseRef: string;
  /** closed: a card that showed the case's next review, once the case is closed (it has none). */
  event: "set" | "done" | "reminder" | "overdue" | "date-missing" | "closed";
  reviewDate: string | null;
  outcome: ReviewOutcome | null;
  lead: PersonView | null;
  workingDaysBefore: number | null;
  /** On an overdue alert: working days since the review date (1 on the working day after it). */
  workingDaysOverdue?: number | null;
  /**
   * Set on the copy of a reminder sent to its recipient, who may snooze it [DOMAIN §6]: the key
   * of the reminder the card's Snooze button acts on (for the ask for a review date, the next ask).
   */
  snoozeKey?: string;
  /** The reminder was snoozed: when it comes again (the card then has no Snooze button). */
  snoozedUntil?: Date;
  /** On reminders, overdue alerts and a recorded review: the plan's progress (absent: no plan). */
  plan?: PlanSummaryView;
  /** On a recorded review: the actions it carried forward to the next review, and dropped. */
  carried?: number[];
  dropped?: number[];
}

/** A plan's progress in one line [DOMAIN §11]. */
export interface PlanSummaryView {
  done: number;
  /** Open actions, overdue ones included. */
  open: number;
  overdue: number;
  /** Names of the overdue actions' owners, each once ("the family" for the family's). */
  overdueOwners: string[];
  /** More than a third of the actions are overdue: the lead professional is prompted to reconvene the TAF. */
  reconvene: boolean;
}

/** A missed check-in with the family, sent to the LP [DOMAIN §11]. */
export interface ContactView {
  type: "contact";
  caseRef: string;
  event: "missed";
  everyWeeks: number;
  /** The day (ISO) of the last recorded contact, or of the cadence's start while there is none. */
  since: string;
  /** Whether `since` is a recorded contact (false: the cadence was set then and none is recorded). */
  sinceContact: boolean;
  /** The key of the nudge the card's Snooze button acts on; absent on a snoozed copy coming back. */
  snoozeKey?: string;
}

/** One action on the plan card. */
export interface PlanActionView {
  n: number;
  text: string;
  /** Null: the family's action. */
  owner: PersonView | null;
  /** ISO local date. */
  dueDate: string;
  status: "open" | "done" | "dropped";
  /** Working days past its due date (0: not overdue). */
  workingDaysOverdue: number;
  /** The day (ISO) it was done or dropped. */
  closedOn: string | null;
}

/**
 * A nudge about one plan action [DOMAIN §11]: the reminder before it is due (to its owner, or the
 * LP for the family's), the overdue alert (to the owner and the LP), and, once posted, what became
 * of it (done, dropped, moved, the case closed), so a card never asks for what is settled.
 */
export interface PlanNudgeView {
  type: "plan-nudge";
  caseRef: string;
  event: "reminder" | "overdue" | "done" | "dropped" | "moved";
  n: number;
  text: string;
  /** Null: the family's action. */
  owner: PersonView | null;
  lead: PersonView | null;
  /** ISO local date (after a move, the new one). */
  dueDate: string;
  /** On a reminder: working days until the due date (0: today). */
  workingDaysBefore: number | null;
  /** On an overdue alert: working days past the due date. */
  workingDaysOverdue: number;
  /**
   * On an overdue alert of a practitioner's action past the threshold (in working days) after
   * which the lead professional may raise it with the owner's line manager.
   */
  escalatableAfter?: number;
  /** On an overdue alert, when so much of the plan is overdue that the TAF should meet again. */
  reconvene?: { overdue: number; of: number };
  /** Who did, dropped or moved it. */
  by?: PersonView | null;
  /** The key of the reminder the card's Snooze button acts on; only on the recipient's first copy. */
  snoozeKey?: string;
  /** The reminder was snoozed: when it comes again (the card then has no Snooze button). */
  snoozedUntil?: Date;
  /** The case was closed since: nothing more is due. */
  caseClosed?: boolean;
}

/** A case's plan [DOMAIN §11]: what the TAF agreed, who owns it, what is overdue. */
export interface PlanView {
  type: "plan";
  caseRef: string;
  caseOpen: boolean;
  actions: PlanActionView[];
  counts: { done: number; open: number; overdue: number; dropped: number };
  /** More than a third of the actions are overdue: time to reconvene the TAF. */
  reconvene?: boolean;
  /** What just changed, shown above the plan to whoever changed it. */
  notice?: string;
}

export interface CaseloadView {
  type: "caseload";
  rows: {
    practitioner: PersonView;
    leadCases: number;
    capacity: number;
    overCapacity: boolean;
    overdueReviews: number;
    handoversInFlight: number;
    /** Plan actions they own on open cases [DOMAIN §11]: open (overdue included), and overdue. */
    actions: { open: number; overdue: number };
    /** The open cases they lead, by reference, with each one's next review date (ISO). */
    cases: { ref: string; reviewDate: string | null; overdue: boolean }[];
  }[];
}

/**
 * Figures and lists as label/value rows (the compliance report, an audit export, a weekly digest),
 * with an optional file the adapter delivers alongside: uploaded to the requester's DM in Slack,
 * attached to the reply in Teams.
 */
export interface ReportView {
  type: "report";
  title: string;
  caseRef: string | null;
  rows: { label: string; value: string }[];
  file: { filename: string; content: string } | null;
}

export interface TextView {
  type: "text";
  tone: "info" | "success" | "warning";
  caseRef: string | null;
  text: string;
}

export interface HelpEntry {
  usage: string;
  summary: string;
  /** Shown when help is about this command: typed examples and what each option means. */
  examples: string[];
  options: { name: string; meaning: string }[];
}

export interface HelpView {
  type: "help";
  topic: string | null;
  /** Commands in groups ("Reviews"); a group's title is null when help is about one command. */
  groups: { title: string | null; entries: HelpEntry[] }[];
  /** Other help worth asking for, as typed ("help admin"). */
  more: string[];
}

export interface ErrorView {
  type: "error";
  message: string;
  /** The usage line of the subcommand the user was trying, when known. */
  usage: string | null;
  correlationId: string | null;
}

export type View =
  | ProposalView
  | DecisionView
  | EscalationView
  | CaseView
  | HandoverView
  | ReviewView
  | ContactView
  | PlanView
  | PlanNudgeView
  | CaseloadView
  | ReportView
  | TextView
  | HelpView
  | ErrorView;
