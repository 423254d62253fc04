// What the outbox's protocols need from storage, and nothing more: the dispatcher
// (outbox-dispatcher.ts) decides what to claim, send, record and settle, the digest flush
// (digest.ts) what a digest says; a store keeps the rows (prisma/prisma-outbox-store.ts in
// production, an in-memory one in the protocols' unit tests).
// Each method is one statement or one transaction, so a batch costs the same few round trips
// whatever its size.
import type { Notification, OutboxEntry } from "../../domain/ports.js";
import type { ChatDestination } from "../notify/chat-sender.js";

/**
 * Where one destination's delivery stands. sending: an attempt holds it; sent, failed, dropped:
 * settled for good; error, retry: a transient failure or a 429, to be tried again.
 */
export type DeliveryStatus = "sending" | "sent" | "failed" | "error" | "retry" | "dropped";

/** An entry a dispatcher now holds the claim of. */
export interface ClaimedEntry {
  key: string;
  notification: Notification;
  /** Claims so far, this one included. */
  attempts: number;
  writtenAt: Date;
}

/** Why an entry could not be claimed: settled, parked for a digest, or someone else's claim. */
export interface EntryState {
  delivered: boolean;
  failed: boolean;
  digestGroup: string | null;
  /** What is left of another dispatcher's claim, ms; null when nobody holds one. */
  claimLeftMs: number | null;
}

/** One destination of one outbox entry, under its delivery key. */
export interface DeliveryTarget {
  deliveryKey: string;
  outboxKey: string;
  destination: ChatDestination;
}

/** A destination recorded as failed: what it answered, after how many sends. */
export interface FailedDelivery {
  platform: string;
  kind: string;
  attempts: number;
  error: string | null;
}

export interface OutboxStore {
  /**
   * Claims for `claimMs` every one of `keys` that is neither delivered, failed nor parked and
   * whose claim is free or lapsed, counting an attempt; returns those it claimed.
   */
  claim(keys: readonly string[], claimMs: number): Promise<ClaimedEntry[]>;
  /** Null when there is no such entry. */
  stateOf(key: string): Promise<EntryState | null>;
  /** Parks a claimed entry for the digest of `group`; the claim (and its attempt) is given back. */
  park(key: string, group: string): Promise<void>;
  /** Gives back the claims of entries not delivered (an attempt interrupted by database trouble). */
  release(keys: readonly string[]): Promise<void>;
  /** Releases a claimed entry for a later attempt, keeping `lastError` (null: nothing failed). */
  retryLater(key: string, lastError: string | null): Promise<void>;
  /** Settles claimed entries whose every destination is sent. */
  markDelivered(keys: readonly string[]): Promise<void>;

  /** Recorded statuses of these delivery keys; a key never recorded is absent. */
  deliveryStatuses(deliveryKeys: readonly string[]): Promise<Map<string, DeliveryStatus>>;
  /**
   * Marks each target 'sending' (creating its record, or counting another send on it) unless it
   * is settled already as sent or failed; returns the delivery keys this attempt now holds.
   */
  recordSending(targets: readonly DeliveryTarget[]): Promise<Set<string>>;
  /**
   * Of these delivery keys, those an earlier attempt left 'sending' (it may have reached the
   * platform, then died before recording it), with when that destination was first tried.
   */
  interruptedSends(deliveryKeys: readonly string[]): Promise<Map<string, Date>>;
  /** Marks them sent, keeping the platform's id of the message where one is given (Slack ts, Teams activity id). */
  recordSent(deliveryKeys: readonly string[], messageIds?: ReadonlyMap<string, string>): Promise<void>;
  recordFailure(deliveryKey: string, status: DeliveryStatus, error: string): Promise<void>;
  failedDeliveries(deliveryKeys: readonly string[]): Promise<FailedDelivery[]>;

  /**
   * One transaction: each unsent target recorded 'dropped' with `reason` (a sent or failed one
   * keeps its word), the entry settled (delivered, last error "dropped: <reason>"), and a
   * `nudge.dropped` audit event about `caseId` with `detail`.
   */
  settleDropped(key: string, unsent: readonly DeliveryTarget[], reason: string, audit: { caseId: string | null; detail: Record<string, unknown> }): Promise<void>;
  /** One transaction: the entry failed for `reason`, and `alert` (if any) added unless its key exists. */
  settleFailed(key: string, reason: string, alert: OutboxEntry | null): Promise<void>;

  /**
   * One transaction: takes up to `maxItems` entries parked in `group`, oldest first and skipping
   * any another flush holds, adds the entry `merge` makes of their notifications, and settles them
   * as delivered by it. Null when nothing is parked; else the new key and how many it carries.
   */
  mergeParked(group: string, maxItems: number, merge: (parked: Notification[]) => OutboxEntry): Promise<{ key: string; count: number } | null>;

  /** A practitioner's name for the access team's failure alert; null when unknown. */
  practitionerName(practitionerId: string): Promise<string | null>;
}
