// An OutboxStore in memory, keeping the promises of the Postgres one (claims that lapse, sent and
// failed records that never change, settling in one step), so the dispatcher's protocol can be
// tried without a database. Every method yields once before it acts, as a round trip would, and
// then acts at once, as one statement would; `before` lets a test act in that gap or fail the call.
import type { Notification, OutboxEntry } from "../../src/domain/ports.js";
import type { ClaimedEntry, DeliveryStatus, DeliveryTarget, EntryState, FailedDelivery, OutboxStore } from "../../src/infrastructure/queue/outbox-store.js";

export interface StoredEntry {
  key: string;
  notification: Notification;
  createdAt: Date;
  attempts: number;
  claimedUntil: number | null;
  deliveredAt: number | null;
  failedAt: number | null;
  lastError: string | null;
  digestGroup: string | null;
}

export interface StoredDelivery {
  deliveryKey: string;
  outboxKey: string;
  recipient: string;
  platform: string;
  status: DeliveryStatus;
  attempts: number;
  error: string | null;
  sentAt: number | null;
  /** When this destination was first tried (its record created); a test's record may leave it out. */
  createdAt?: number;
  messageId?: string | null;
}

export interface DroppedAudit {
  caseId: string | null;
  detail: Record<string, unknown>;
}

const SETTLED: readonly DeliveryStatus[] = ["sent", "failed"];

export class InMemoryOutboxStore implements OutboxStore {
  readonly entries = new Map<string, StoredEntry>();
  readonly deliveries = new Map<string, StoredDelivery>();
  readonly audit: DroppedAudit[] = [];
  readonly practitioners = new Map<string, string>();
  /** The digest entry that carried each merged entry. */
  readonly digestKeys = new Map<string, string>();
  /** Called before each method acts; throw to fail that call. */
  before: (method: keyof OutboxStore, args: unknown[]) => void | Promise<void> = () => undefined;
  private nowMs = Date.parse("2026-11-30T09:00:00Z");

  now(): number {
    return this.nowMs;
  }

  /** Moves the store's clock on (claims lapse by it). */
  advance(ms: number): void {
    this.nowMs += ms;
  }

  add(entries: readonly OutboxEntry[]): void {
    for (const e of entries) {
      if (this.entries.has(e.key)) continue;
      this.entries.set(e.key, {
        key: e.key,
        notification: structuredClone(e.notification),
        createdAt: e.createdAt,
        attempts: 0,
        claimedUntil: null,
        deliveredAt: null,
        failedAt: null,
        lastError: null,
        digestGroup: null,
      });
    }
  }

  entry(key: string): StoredEntry {
    const e = this.entries.get(key);
    if (!e) throw new Error(`no outbox entry ${key}`);
    return e;
  }

  private async step(method: keyof OutboxStore, args: unknown[]): Promise<void> {
    await Promise.resolve();
    await this.before(method, args);
  }

  async claim(keys: readonly string[], claimMs: number): Promise<ClaimedEntry[]> {
    await this.step("claim", [keys, claimMs]);
    const claimed: ClaimedEntry[] = [];
    for (const key of keys) {
      const e = this.entries.get(key);
      if (!e || e.deliveredAt !== null || e.failedAt !== null || e.digestGroup !== null) continue;
      if (e.claimedUntil !== null && e.claimedUntil >= this.nowMs) continue;
      e.claimedUntil = this.nowMs + claimMs;
      e.attempts += 1;
      claimed.push({ key, notification: structuredClone(e.notification), attempts: e.attempts, writtenAt: e.createdAt });
    }
    return claimed;
  }

  async stateOf(key: string): Promise<EntryState | null> {
    await this.step("stateOf", [key]);
    const e = this.entries.get(key);
    if (!e) return null;
    return {
      delivered: e.deliveredAt !== null,
      failed: e.failedAt !== null,
      digestGroup: e.digestGroup,
      claimLeftMs: e.claimedUntil === null ? null : Math.max(0, e.claimedUntil - this.nowMs),
    };
  }

  async park(key: string, group: string): Promise<void> {
    await this.step("park", [key, group]);
    const e = this.entry(key);
    e.digestGroup = group;
    e.claimedUntil = null;
    e.attempts -= 1;
  }

  async release(keys: readonly string[]): Promise<void> {
    await this.step("release", [keys]);
    for (const key of keys) {
      const e = this.entries.get(key);
      if (e && e.deliveredAt === null) e.claimedUntil = null;
    }
  }

  async retryLater(key: string, lastError: string | null): Promise<void> {
    await this.step("retryLater", [key, lastError]);
    const e = this.entry(key);
    e.claimedUntil = null;
    e.lastError = lastError;
  }

  async markDelivered(keys: readonly string[]): Promise<void> {
    await this.step("markDelivered", [keys]);
    for (const key of keys) {
      const e = this.entry(key);
      e.deliveredAt = this.nowMs;
      e.claimedUntil = null;
      e.lastError = null;
    }
  }

  async deliveryStatuses(deliveryKeys: readonly string[]): Promise<Map<string, DeliveryStatus>> {
    await this.step("deliveryStatuses", [deliveryKeys]);
    const found = new Map<string, DeliveryStatus>();
    for (const k of deliveryKeys) {
      const d = this.deliveries.get(k);
      if (d) found.set(k, d.status);
    }
    return found;
  }

  async recordSending(targets: readonly DeliveryTarget[]): Promise<Set<string>> {
    await this.step("recordSending", [targets]);
    const held = new Set<string>();
    for (const t of targets) {
      const d = this.deliveries.get(t.deliveryKey);
      if (!d) {
        this.deliveries.set(t.deliveryKey, {
          deliveryKey: t.deliveryKey,
          outboxKey: t.outboxKey,
          recipient: `${t.destination.kind}:${t.destination.id}`,
          platform: t.destination.platform,
          status: "sending",
          attempts: 1,
          error: null,
          sentAt: null,
          createdAt: this.nowMs,
          messageId: null,
        });
      } else if (SETTLED.includes(d.status)) {
        continue;
      } else {
        d.status = "sending";
        d.attempts += 1;
      }
      held.add(t.deliveryKey);
    }
    return held;
  }

  async interruptedSends(deliveryKeys: readonly string[]): Promise<Map<string, Date>> {
    await this.step("interruptedSends", [deliveryKeys]);
    const found = new Map<string, Date>();
    for (const k of deliveryKeys) {
      const d = this.deliveries.get(k);
      if (d?.status === "sending") found.set(k, new Date(d.createdAt ?? this.nowMs));
    }
    return found;
  }

  async recordSent(deliveryKeys: readonly string[], messageIds: ReadonlyMap<string, string> = new Map()): Promise<void> {
    await this.step("recordSent", [deliveryKeys, messageIds]);
    for (const k of deliveryKeys) {
      const d = this.deliveries.get(k);
      if (!d) continue;
      d.status = "sent";
      d.sentAt = this.nowMs;
      d.error = null;
      d.messageId = messageIds.get(k) ?? d.messageId ?? null;
    }
  }

  async recordFailure(deliveryKey: string, status: DeliveryStatus, error: string): Promise<void> {
    await this.step("recordFailure", [deliveryKey, status, error]);
    const d = this.deliveries.get(deliveryKey);
    if (!d) return;
    d.status = status;
    d.error = error;
  }

  async failedDeliveries(deliveryKeys: readonly string[]): Promise<FailedDelivery[]> {
    await this.step("failedDeliveries", [deliveryKeys]);
    return deliveryKeys.flatMap((k) => {
      const d = this.deliveries.get(k);
      return d ? [{ platform: d.platform, kind: d.recipient.split(":")[0] ?? "", attempts: d.attempts, error: d.error }] : [];
    });
  }

  async settleDropped(key: string, unsent: readonly DeliveryTarget[], reason: string, audit: DroppedAudit): Promise<void> {
    await this.step("settleDropped", [key, unsent, reason, audit]);
    for (const t of unsent) {
      const d = this.deliveries.get(t.deliveryKey);
      if (d && SETTLED.includes(d.status)) continue;
      this.deliveries.set(t.deliveryKey, {
        deliveryKey: t.deliveryKey,
        outboxKey: t.outboxKey,
        recipient: `${t.destination.kind}:${t.destination.id}`,
        platform: t.destination.platform,
        status: "dropped",
        attempts: d?.attempts ?? 0,
        error: reason,
        sentAt: null,
        createdAt: d?.createdAt ?? this.nowMs,
        messageId: null,
      });
    }
    const e = this.entry(key);
    e.deliveredAt = this.nowMs;
    e.claimedUntil = null;
    e.lastError = `dropped: ${reason}`;
    this.audit.push(structuredClone(audit));
  }

  async settleFailed(key: string, reason: string, alert: OutboxEntry | null): Promise<void> {
    await this.step("settleFailed", [key, reason, alert]);
    const e = this.entry(key);
    e.failedAt = this.nowMs;
    e.claimedUntil = null;
    e.lastError = reason;
    if (alert) this.add([alert]);
  }

  async mergeParked(group: string, maxItems: number, merge: (parked: Notification[]) => OutboxEntry): Promise<{ key: string; count: number } | null> {
    await this.step("mergeParked", [group, maxItems]);
    const parked = [...this.entries.values()]
      .filter((e) => e.digestGroup === group && e.deliveredAt === null && e.failedAt === null)
      .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
      .slice(0, maxItems);
    if (parked.length === 0) return null;
    const merged = merge(parked.map((e) => structuredClone(e.notification)));
    if (this.entries.has(merged.key)) throw new Error(`duplicate outbox key ${merged.key}`);
    this.add([merged]);
    for (const e of parked) {
      e.deliveredAt = this.nowMs;
      e.claimedUntil = null;
      this.digestKeys.set(e.key, merged.key);
    }
    return { key: merged.key, count: parked.length };
  }

  async practitionerName(practitionerId: string): Promise<string | null> {
    await this.step("practitionerName", [practitionerId]);
    return this.practitioners.get(practitionerId) ?? null;
  }
}
