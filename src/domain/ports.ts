// What the domain needs from the outside world. Infrastructure implements these; unit tests use
// the in-memory versions in test/support.
import type {
  AuditEvent,
  Case,
  Contact,
  ContactCadence,
  Deadline,
  DeadlineKind,
  Duties,
  EligibilityOverride,
  Escalation,
  Handover,
  Platform,
  PlanAction,
  Practitioner,
  Proposal,
  Review,
  ReviewDateChange,
  Settings,
  Vote,
} from "./types.js";
import type { View } from "./views.js";

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(): string;
}

export interface PractitionerRepository {
  get(id: string): Promise<Practitioner | null>;
  getMany(ids: readonly string[]): Promise<Practitioner[]>;
  findByChatId(platform: Platform, chatUserId: string): Promise<Practitioner | null>;
  findByHandle(handle: string): Promise<Practitioner | null>;
  withDuty(duty: keyof Duties): Promise<Practitioner[]>;
  reportsOf(managerId: string): Promise<Practitioner[]>;
  /** Open cases this practitioner currently leads. */
  leadCaseCount(id: string): Promise<number>;
  create(practitioner: Practitioner): Promise<void>;
  update(practitioner: Practitioner): Promise<void>;
}

export interface CaseRepository {
  get(id: string): Promise<Case | null>;
  /** With `lock`, holds the case row until the unit of work ends, serialising changes to one case. */
  getByReference(reference: string, options?: { lock?: boolean }): Promise<Case | null>;
  /** Those cases (missing ones left out), each row held as `getByReference(…, { lock })` holds it; locked in id order. */
  lockMany(ids: readonly string[]): Promise<Case[]>;
  listForMember(practitionerId: string): Promise<Case[]>;
  listLedBy(practitionerIds: readonly string[]): Promise<Case[]>;
  /** The open case whose channel on that platform this is, if any: a channel serves one open case. */
  openForChannel(platform: Platform, channelId: string): Promise<Case | null>;
  create(c: Case): Promise<void>;
  update(c: Case): Promise<void>;
}

export interface TafRepository {
  members(caseId: string): Promise<string[]>;
  add(caseId: string, practitionerId: string, at: Date): Promise<void>;
  remove(caseId: string, practitionerId: string): Promise<void>;
}

export interface ProposalRepository {
  get(id: string): Promise<Proposal | null>;
  openForCase(caseId: string): Promise<Proposal | null>;
  create(p: Proposal): Promise<void>;
  update(p: Proposal): Promise<void>;
}

export interface VoteRepository {
  list(proposalId: string): Promise<Vote[]>;
  /** One vote per member per proposal: a second vote replaces the first. */
  upsert(vote: Vote): Promise<void>;
}

export interface EscalationRepository {
  get(id: string): Promise<Escalation | null>;
  openForCase(caseId: string): Promise<Escalation | null>;
  latestForCase(caseId: string): Promise<Escalation | null>;
  /** Open escalations where the practitioner is a decider. */
  openForDecider(practitionerId: string): Promise<Escalation[]>;
  create(e: Escalation): Promise<void>;
  update(e: Escalation): Promise<void>;
}

export interface HandoverRepository {
  openForCase(caseId: string): Promise<Handover | null>;
  countOpenFor(outgoingLeadIds: readonly string[]): Promise<Map<string, number>>;
  create(h: Handover): Promise<void>;
  update(h: Handover): Promise<void>;
}

export interface ReviewRepository {
  create(r: Review): Promise<void>;
  listForCase(caseId: string): Promise<Review[]>;
}

export interface ContactRepository {
  record(contact: Contact): Promise<void>;
  /** The case's most recent contact, if any. */
  latestForCase(caseId: string): Promise<Contact | null>;
  cadence(caseId: string): Promise<ContactCadence | null>;
  setCadence(cadence: ContactCadence): Promise<void>;
  clearCadence(caseId: string): Promise<void>;
}

/** The case's plan [DOMAIN §11]. */
export interface PlanRepository {
  /** Every action of the case, by number. */
  listForCase(caseId: string): Promise<PlanAction[]>;
  /** Action `n` of the case, or null. */
  get(caseId: string, n: number): Promise<PlanAction | null>;
  /** The action with that id (what its deadlines name), or null. */
  getById(id: string): Promise<PlanAction | null>;
  /**
   * The number a new action of the case gets: one more than the highest ever given. Call it with
   * the case row locked (`cases.getByReference(ref, { lock: true })`), so two adds at once cannot
   * be handed the same number; a unique (case, n) backs that up in the database.
   */
  nextNumber(caseId: string): Promise<number>;
  /** The open actions these practitioners own on open cases (a caseload's plan figures). */
  openOwnedBy(practitionerIds: readonly string[]): Promise<PlanAction[]>;
  create(action: PlanAction): Promise<void>;
  update(action: PlanAction): Promise<void>;
}

export interface OverrideRepository {
  find(caseId: string, practitionerId: string): Promise<EligibilityOverride | null>;
  create(o: EligibilityOverride): Promise<void>;
}

export interface DeadlineRepository {
  /** Inserts new deadlines; a key that already exists is left as it is. */
  schedule(deadlines: readonly Deadline[]): Promise<void>;
  /** Cancels pending deadlines of a subject (optionally only some kinds); returns their keys. */
  cancelForSubject(subjectId: string, kinds?: readonly DeadlineKind[]): Promise<string[]>;
  /** A subject's pending deadlines of those kinds, soonest first (ties in key order). */
  pendingForSubject(subjectId: string, kinds: readonly DeadlineKind[]): Promise<Deadline[]>;
  /** A subject's latest deadline of those kinds that has fired (done), due at or before `dueBy`. */
  latestDoneForSubject(subjectId: string, kinds: readonly DeadlineKind[], dueBy: Date): Promise<Deadline | null>;
  /** Cancels those deadlines that are still pending; returns the keys it cancelled. */
  cancelKeys(keys: readonly string[]): Promise<string[]>;
  get(key: string): Promise<Deadline | null>;
  /** Those deadlines (missing keys left out), in no particular order. */
  getMany(keys: readonly string[]): Promise<Deadline[]>;
  markDone(key: string): Promise<void>;
  markAllDone(keys: readonly string[]): Promise<void>;
  listPending(limit: number, afterKey?: string): Promise<Deadline[]>;
}

export interface AuditRepository {
  append(event: AuditEvent): Promise<void>;
  /** Appends in order, as `append` one after the other would. */
  appendMany(events: readonly AuditEvent[]): Promise<void>;
  /** The case's whole trail, oldest first (ties in the order they were written). */
  listForCase(caseId: string): Promise<AuditEvent[]>;
}

/** What the compliance report reads: cases open now or closed since the period began, and their records. */
export interface OversightData {
  cases: Case[];
  proposals: Proposal[];
  escalations: Escalation[];
  handovers: Handover[];
  /** TAF memberships of those cases: a manager's digest covers the cases their reports are on. */
  taf: { caseId: string; practitionerId: string }[];
  /** Every review date those cases were given and when (from the audit trail): past periods' figures. */
  reviewDates: ReviewDateChange[];
  /** The plan actions of those cases [DOMAIN §11], and the agency of each practitioner who owns one. */
  planActions: PlanAction[];
  planOwners: { id: string; agency: string }[];
}

export interface OversightRepository {
  reportData(periodStart: Date): Promise<OversightData>;
  /** Every registered practitioner, for views that span the deployment (digests, caseloads). */
  practitioners(): Promise<Practitioner[]>;
}

/** Closed cases past their retention period, and their anonymisation [issue #8]. */
export interface RetentionRepository {
  /** Closed before `cutoff` and not anonymised yet, oldest first. */
  closedBefore(cutoff: Date, limit: number): Promise<Case[]>;
  /**
   * Gives the case its anonymous reference, clears its channel ids and blanks every free-text
   * field kept about it (proposal reasons, notes and outcomes, vote reasons, escalation and
   * resolution reasons, override reasons, contact notes, plan actions' text, notes and reasons), and
   * drops chat bookkeeping that names it. The audit trail is left exactly as it is: it is append-only.
   */
  anonymise(caseId: string, reference: string): Promise<void>;
}

/** Where a case's audit trail is written before the case is anonymised. */
export interface AuditArchive {
  store(filename: string, content: string): Promise<void>;
}

export interface SettingsRepository {
  get(): Promise<Settings>;
  update(settings: Settings): Promise<void>;
}

/**
 * Messages waiting to be delivered, written in the same transaction as the change that caused
 * them, so a crash between commit and send loses nothing.
 */
export interface OutboxEntry {
  key: string;
  notification: Notification;
  createdAt: Date;
}

export interface OutboxRepository {
  /** Entries whose key already exists are left as they are. */
  add(entries: readonly OutboxEntry[]): Promise<void>;
}

export interface Repositories {
  practitioners: PractitionerRepository;
  cases: CaseRepository;
  taf: TafRepository;
  proposals: ProposalRepository;
  votes: VoteRepository;
  escalations: EscalationRepository;
  handovers: HandoverRepository;
  reviews: ReviewRepository;
  contacts: ContactRepository;
  plan: PlanRepository;
  overrides: OverrideRepository;
  deadlines: DeadlineRepository;
  audit: AuditRepository;
  settings: SettingsRepository;
  outbox: OutboxRepository;
  oversight: OversightRepository;
  retention: RetentionRepository;
}

/** Runs work in one transaction: every change inside commits together or not at all. */
export interface UnitOfWork {
  run<T>(work: (repos: Repositories) => Promise<T>): Promise<T>;
}

export type Recipient =
  | { kind: "case-channel"; caseId: string }
  | { kind: "access-team" }
  | { kind: "practitioner"; practitionerId: string }
  /**
   * Every message already posted under the notification's messageKey, or under a key below it
   * (`<messageKey>/…`), wherever it went and on every platform: each copy is updated in place to
   * the view, and nothing is posted anew. How a card stays true once its state has changed.
   */
  | { kind: "posted-copies" };

export interface Notification {
  to: Recipient;
  view: View;
  /**
   * Messages sharing a key are one message per destination, updated in place (a proposal card
   * and its tally). Keys may nest with "/" ("escalation-<id>/L1"): a `posted-copies` update of
   * "escalation-<id>" reaches them all. Keys never hold "@".
   */
  messageKey?: string;
}

/** What a use case hands back: a reply to the actor, messages for others, schedule changes. */
export interface Outcome {
  reply: View;
  notifications: Notification[];
  /** Outbox keys of the notifications, in the same order, once they are written to the outbox. */
  outboxKeys: string[];
  scheduled: Deadline[];
  cancelled: string[];
}

export interface Notifier {
  send(notification: Notification): Promise<void>;
}

export interface Scheduler {
  schedule(deadlines: readonly Deadline[]): Promise<void>;
  cancel(keys: readonly string[]): Promise<void>;
}
