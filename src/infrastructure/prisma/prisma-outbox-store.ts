// The outbox dispatcher's rows: `outbox` (claims and settling) and `nudge_deliveries` (one row per
// destination of an entry). Raw SQL where a batch must be one statement (claims, delivery records,
// final marks): a batch of nudges is a hundred entries, and the ORM would make that a hundred
// round trips.
import type { Notification, OutboxEntry } from "../../domain/ports.js";
import type { Prisma } from "../../generated/prisma/client.js";
import type { ClaimedEntry, DeliveryStatus, DeliveryTarget, EntryState, FailedDelivery, OutboxStore } from "../queue/outbox-store.js";
import type { PrismaClient } from "./client.js";
import { decodeNotification, encodeNotification } from "./prisma-outbox-repository.js";

interface ClaimRow {
  key: string;
  notification: unknown;
  attempts: number;
  created_at: Date;
}

interface EntryStateRow {
  delivered_at: Date | null;
  failed_at: Date | null;
  digest_group: string | null;
  claim_left_ms: number | null;
}

const recipientOf = (t: DeliveryTarget): string => `${t.destination.kind}:${t.destination.id}`;

export class PrismaOutboxStore implements OutboxStore {
  constructor(private readonly prisma: PrismaClient) {}

  async claim(keys: readonly string[], claimMs: number): Promise<ClaimedEntry[]> {
    if (keys.length === 0) return [];
    const rows = await this.prisma.$queryRaw<ClaimRow[]>`
      UPDATE outbox SET claimed_until = now() + ${claimMs}::int * interval '1 millisecond', attempts = attempts + 1
      WHERE key = ANY(${keys}::text[]) AND delivered_at IS NULL AND failed_at IS NULL AND digest_group IS NULL
        AND (claimed_until IS NULL OR claimed_until < now())
      RETURNING key, notification, attempts, created_at`;
    return rows.map((r) => ({ key: r.key, notification: decodeNotification(r.notification as never), attempts: r.attempts, writtenAt: r.created_at }));
  }

  async stateOf(key: string): Promise<EntryState | null> {
    const rows = await this.prisma.$queryRaw<EntryStateRow[]>`
      SELECT delivered_at, failed_at, digest_group,
             CASE WHEN claimed_until IS NOT NULL
                  THEN CEIL(GREATEST(0, EXTRACT(EPOCH FROM (claimed_until - now())) * 1000))::int END AS claim_left_ms
      FROM outbox WHERE key = ${key}`;
    const row = rows[0];
    return row ? { delivered: row.delivered_at !== null, failed: row.failed_at !== null, digestGroup: row.digest_group, claimLeftMs: row.claim_left_ms } : null;
  }

  async park(key: string, group: string): Promise<void> {
    await this.prisma.$executeRaw`UPDATE outbox SET digest_group = ${group}, claimed_until = NULL, attempts = attempts - 1 WHERE key = ${key}`;
  }

  async release(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.prisma.$executeRaw`UPDATE outbox SET claimed_until = NULL WHERE key = ANY(${keys}::text[]) AND delivered_at IS NULL`;
  }

  async retryLater(key: string, lastError: string | null): Promise<void> {
    await this.prisma.$executeRaw`UPDATE outbox SET claimed_until = NULL, last_error = ${lastError} WHERE key = ${key}`;
  }

  async markDelivered(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.prisma.$executeRaw`UPDATE outbox SET delivered_at = now(), claimed_until = NULL, last_error = NULL WHERE key = ANY(${keys}::text[])`;
  }

  async deliveryStatuses(deliveryKeys: readonly string[]): Promise<Map<string, DeliveryStatus>> {
    if (deliveryKeys.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ delivery_key: string; status: DeliveryStatus }[]>`
      SELECT delivery_key, status::text AS status FROM nudge_deliveries WHERE delivery_key = ANY(${deliveryKeys}::text[])`;
    return new Map(rows.map((r) => [r.delivery_key, r.status]));
  }

  async recordSending(targets: readonly DeliveryTarget[]): Promise<Set<string>> {
    if (targets.length === 0) return new Set();
    const rows = await this.prisma.$queryRaw<{ delivery_key: string }[]>`
      INSERT INTO nudge_deliveries (delivery_key, deadline_key, recipient, platform, status, attempts, created_at, updated_at)
      SELECT u.delivery_key, u.outbox_key, u.recipient, u.platform::platform, 'sending', 1, now(), now()
      FROM unnest(${targets.map((t) => t.deliveryKey)}::text[], ${targets.map((t) => t.outboxKey)}::text[],
                  ${targets.map(recipientOf)}::text[], ${targets.map((t) => t.destination.platform)}::text[])
        AS u(delivery_key, outbox_key, recipient, platform)
      ON CONFLICT (delivery_key) DO UPDATE SET status = 'sending', attempts = nudge_deliveries.attempts + 1, updated_at = now()
        WHERE nudge_deliveries.status NOT IN ('sent', 'failed')
      RETURNING delivery_key`;
    return new Set(rows.map((r) => r.delivery_key));
  }

  async interruptedSends(deliveryKeys: readonly string[]): Promise<Map<string, Date>> {
    if (deliveryKeys.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ delivery_key: string; created_at: Date }[]>`
      SELECT delivery_key, created_at FROM nudge_deliveries WHERE delivery_key = ANY(${deliveryKeys}::text[]) AND status = 'sending'`;
    return new Map(rows.map((r) => [r.delivery_key, r.created_at]));
  }

  async recordSent(deliveryKeys: readonly string[], messageIds: ReadonlyMap<string, string> = new Map()): Promise<void> {
    if (deliveryKeys.length === 0) return;
    const ids = deliveryKeys.map((k) => messageIds.get(k) ?? null);
    await this.prisma.$executeRaw`
      UPDATE nudge_deliveries d SET status = 'sent', sent_at = now(), error = NULL, updated_at = now(),
             message_id = COALESCE(u.message_id, d.message_id)
      FROM unnest(${[...deliveryKeys]}::text[], ${ids}::text[]) AS u(delivery_key, message_id)
      WHERE d.delivery_key = u.delivery_key`;
  }

  async recordFailure(deliveryKey: string, status: DeliveryStatus, error: string): Promise<void> {
    await this.prisma.$executeRaw`UPDATE nudge_deliveries SET status = ${status}, error = ${error}, updated_at = now() WHERE delivery_key = ${deliveryKey}`;
  }

  async failedDeliveries(deliveryKeys: readonly string[]): Promise<FailedDelivery[]> {
    if (deliveryKeys.length === 0) return [];
    const rows = await this.prisma.nudgeDelivery.findMany({
      where: { deliveryKey: { in: [...deliveryKeys] } },
      select: { attempts: true, error: true, platform: true, recipient: true },
    });
    return rows.map((r) => ({ platform: r.platform, kind: r.recipient.split(":")[0] ?? "", attempts: r.attempts, error: r.error }));
  }

  async settleDropped(key: string, unsent: readonly DeliveryTarget[], reason: string, audit: { caseId: string | null; detail: Record<string, unknown> }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      for (const t of unsent) {
        await tx.$executeRaw`
          INSERT INTO nudge_deliveries (delivery_key, deadline_key, recipient, platform, status, attempts, error, created_at, updated_at)
          VALUES (${t.deliveryKey}, ${t.outboxKey}, ${recipientOf(t)}, ${t.destination.platform}::platform, 'dropped', 0, ${reason}, now(), now())
          ON CONFLICT (delivery_key) DO UPDATE SET status = 'dropped', error = ${reason}, updated_at = now()
            WHERE nudge_deliveries.status NOT IN ('sent', 'failed')`;
      }
      await tx.$executeRaw`UPDATE outbox SET delivered_at = now(), claimed_until = NULL, last_error = ${`dropped: ${reason}`} WHERE key = ${key}`;
      await tx.auditEvent.create({
        data: { at: new Date(), actorId: null, platform: "system", action: "nudge.dropped", caseId: audit.caseId, outcome: "ok", detail: audit.detail as Prisma.InputJsonObject },
      });
    });
  }

  async settleFailed(key: string, reason: string, alert: OutboxEntry | null): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE outbox SET failed_at = now(), claimed_until = NULL, last_error = ${reason} WHERE key = ${key}`;
      if (alert) {
        await tx.outboxEntry.createMany({ data: [{ key: alert.key, notification: encodeNotification(alert.notification), createdAt: alert.createdAt }], skipDuplicates: true });
      }
    });
  }

  async mergeParked(group: string, maxItems: number, merge: (parked: Notification[]) => OutboxEntry): Promise<{ key: string; count: number } | null> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ key: string; notification: unknown }[]>`
        SELECT key, notification FROM outbox
        WHERE digest_group = ${group} AND delivered_at IS NULL AND failed_at IS NULL
        ORDER BY created_at, key
        LIMIT ${maxItems}
        FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return null;
      const merged = merge(rows.map((r) => decodeNotification(r.notification as never)));
      await tx.outboxEntry.create({ data: { key: merged.key, notification: encodeNotification(merged.notification), createdAt: merged.createdAt } });
      const originals = rows.map((r) => r.key);
      await tx.$executeRaw`UPDATE outbox SET delivered_at = now(), digest_key = ${merged.key}, claimed_until = NULL WHERE key = ANY(${originals})`;
      return { key: merged.key, count: rows.length };
    });
  }

  async practitionerName(practitionerId: string): Promise<string | null> {
    const p = await this.prisma.practitioner.findUnique({ where: { id: practitionerId }, select: { name: true } });
    return p?.name ?? null;
  }
}
