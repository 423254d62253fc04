// Delivers one outbox entry to chat, once. The protocol, whoever calls it (a command's in-process
// delivery, the queue's delivery job, a retry after a crash):
//   1. claim the entry (UPDATE … WHERE not delivered AND claim free RETURNING): one dispatcher at a time;
//   2. park it instead when it belongs in an access-team digest (digest.ts);
//   3. expand it into platform destinations (RoutingNotifier.destinations);
//   4. ask whether the message's reason still stands (a nudge a deadline wrote, held up by
//      retries while the review was held, is dropped: recorded, never sent) [DOMAIN §6];
//   5. per destination, record the delivery under `<outboxKey>-<platform>-<destinationId>` in
//      nudge_deliveries, and send only destinations not yet recorded as sent;
//   6. mark the entry delivered when every destination is sent, or failed (and tell the access
//      team) when the last attempt is spent; otherwise release the claim for the retry.
// The one window no protocol closes without the chat platform's help: a crash after the platform
// accepted a message and before step 5 recorded it. The retry then sends that message again.
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { Notification } from "../../domain/ports.js";
import type { View } from "../../domain/views.js";
import type { ChatDestination } from "../notify/chat-sender.js";
import type { RoutingNotifier } from "../notify/routing-notifier.js";
import type { PrismaClient } from "../prisma/client.js";
import { decodeNotification, encodeNotification } from "../prisma/prisma-outbox-repository.js";
import type { ChannelPacer } from "./channel-rate-limiter.js";
import { classifyFailure, describeFailure } from "./delivery-errors.js";
import { digestGroup, FAILURE_KEY_PREFIX } from "./digest.js";

export type DispatchResult =
  | { status: "delivered" }
  /** Nothing to do: already delivered, failed, digested, or no such entry. */
  | { status: "done" }
  /** Another dispatcher holds the entry; look again after `retryInMs`. */
  | { status: "claimed"; retryInMs: number }
  /** Waiting for the digest of `group`. */
  | { status: "parked"; group: string }
  /** Some destinations are still to send: after `retryInMs` (pacing, Retry-After), or null for the usual backoff. */
  | { status: "retry"; retryInMs: number | null; error: string }
  /** Given up; the access team's alert (itself an outbox entry) is `alertKey`, if one was written. */
  | { status: "failed"; alertKey: string | null }
  /** Not sent (what was not sent already) because its reason has gone; settled, recorded, audited. */
  | { status: "dropped"; reason: string };

/** A message whose reason has gone: why (a sentence for the record), and the case it was about. */
export interface MootMessage {
  reason: string;
  caseId: string | null;
}

export interface DispatchOptions {
  /** This is the last attempt: a transient failure now is final. */
  finalAttempt?: boolean;
  /** Wait this long at most for a paced destination's turn, else hand back `retry`. */
  maxInlineWaitMs?: number;
  /** Logs of this dispatch go here (a queue job's child logger, bound to its job id), not to the default. */
  logger?: Logger;
}

/**
 * Per destination of an entry: sent now; failed for good; deduplicated (recorded as sent already,
 * so not sent again: a retry, a second dispatcher, a redelivered job); retry (a transient
 * failure or a 429, tried again later); dropped (its reason has gone, so it is not sent).
 */
export type DeliveryEvent = "sent" | "failed" | "deduplicated" | "retry" | "dropped";

export interface OutboxDispatcherOptions {
  prisma: PrismaClient;
  notifier: RoutingNotifier;
  logger: Logger;
  /** Per-destination pacing; null paces nothing (a process without Redis). */
  pacer: ChannelPacer | null;
  claimMs: number;
  /** Park access-team notifications for digests (only when a queue will flush them). */
  digests: boolean;
  defaultMaxInlineWaitMs?: number;
  /** Told of each destination's result (metrics); must not throw. */
  onDelivery?: (event: DeliveryEvent, platform: string) => void;
  /**
   * Asked right before an attempt sends anything: why the message should no longer go (a nudge
   * whose reason has gone since its deadline fired), or null to send it. The domain decides.
   */
  whyMoot?: (key: string, notification: Notification, writtenAt: Date) => Promise<MootMessage | null>;
}

type DeliveryStatus = "sending" | "sent" | "failed" | "error" | "retry" | "dropped";

interface ClaimRow {
  notification: unknown;
  attempts: number;
  created_at: Date;
}

interface EntryState {
  delivered_at: Date | null;
  failed_at: Date | null;
  digest_group: string | null;
  claim_left_ms: number | null;
}

export const deliveryKey = (outboxKey: string, d: ChatDestination): string => `${outboxKey}-${d.platform}-${d.id}`;

export class OutboxDispatcher {
  constructor(private readonly options: OutboxDispatcherOptions) {}

  get digestsEnabled(): boolean {
    return this.options.digests;
  }

  async dispatch(key: string, dispatchOptions: DispatchOptions = {}): Promise<DispatchResult> {
    const { prisma, notifier } = this.options;
    const logger = dispatchOptions.logger ?? this.options.logger;
    if (notifier.platforms.length === 0) {
      // No sender attached in this process (yet): every destination would look absent.
      return { status: "retry", retryInMs: 60_000, error: "no chat senders attached" };
    }
    const claimed = await prisma.$queryRaw<ClaimRow[]>`
      UPDATE outbox SET claimed_until = now() + ${this.options.claimMs}::int * interval '1 millisecond', attempts = attempts + 1
      WHERE key = ${key} AND delivered_at IS NULL AND failed_at IS NULL AND digest_group IS NULL
        AND (claimed_until IS NULL OR claimed_until < now())
      RETURNING notification, attempts, created_at`;
    const row = claimed[0];
    if (!row) return this.whyNotClaimed(key);
    const notification = decodeNotification(row.notification as never);

    const group = this.options.digests ? digestGroup(key, notification) : null;
    if (group) {
      await prisma.$executeRaw`UPDATE outbox SET digest_group = ${group}, claimed_until = NULL, attempts = attempts - 1 WHERE key = ${key}`;
      return { status: "parked", group };
    }

    try {
      return await this.deliverClaimed(key, notification, row.attempts, row.created_at, dispatchOptions);
    } catch (error) {
      // Database trouble mid-way: free the entry for the retry; recorded sends stay recorded.
      await prisma.$executeRaw`UPDATE outbox SET claimed_until = NULL WHERE key = ${key}`.catch(() => undefined);
      logger.warn({ err: error, key }, "outbox dispatch interrupted");
      throw error;
    }
  }

  private async whyNotClaimed(key: string): Promise<DispatchResult> {
    const rows = await this.options.prisma.$queryRaw<EntryState[]>`
      SELECT delivered_at, failed_at, digest_group,
             CEIL(GREATEST(0, EXTRACT(EPOCH FROM (claimed_until - now())) * 1000))::int AS claim_left_ms
      FROM outbox WHERE key = ${key}`;
    const state = rows[0];
    if (!state || state.delivered_at || state.failed_at) return { status: "done" };
    if (state.digest_group) return { status: "parked", group: state.digest_group };
    return { status: "claimed", retryInMs: Math.max(50, state.claim_left_ms ?? 0) };
  }

  private observe(event: DeliveryEvent, platform: string): void {
    try {
      this.options.onDelivery?.(event, platform);
    } catch {
      // Metrics must never disturb a delivery.
    }
  }

  private async deliverClaimed(key: string, notification: Notification, attempts: number, writtenAt: Date, o: DispatchOptions): Promise<DispatchResult> {
    const { prisma, notifier, pacer } = this.options;
    const logger = o.logger ?? this.options.logger;
    const destinations = await notifier.destinations(notification);
    if (destinations.length === 0) {
      logger.warn({ key, to: notification.to.kind, view: notification.view.type }, "no chat destination for notification");
      this.observe("failed", "none");
      return this.settleFailed(key, notification, attempts, "no chat destination (no chat id or channel on a platform leadbot posts to)", [], logger);
    }
    const keys = destinations.map((d) => deliveryKey(key, d));
    const existing = await prisma.nudgeDelivery.findMany({ where: { deliveryKey: { in: keys } }, select: { deliveryKey: true, status: true } });
    const status = new Map<string, DeliveryStatus>(existing.map((r) => [r.deliveryKey, r.status as DeliveryStatus]));

    const unsettled = destinations.filter((d) => !["sent", "failed", "dropped"].includes(status.get(deliveryKey(key, d)) ?? ""));
    if (unsettled.length > 0 && this.options.whyMoot) {
      const moot = await this.options.whyMoot(key, notification, writtenAt);
      if (moot) return this.settleDropped(key, notification, moot, unsettled, logger);
    }

    const waits: number[] = [];
    let backoff = false;
    const errors: string[] = [];
    const maxWait = o.maxInlineWaitMs ?? this.options.defaultMaxInlineWaitMs ?? 2_000;

    for (const destination of destinations) {
      const dKey = deliveryKey(key, destination);
      const current = status.get(dKey);
      if (current === "sent" || current === "failed" || current === "dropped") {
        if (current === "sent") this.observe("deduplicated", destination.platform);
        continue;
      }
      if (pacer) {
        const turn = await pacer.reserve(destination, maxWait);
        if (!turn.reserved) {
          waits.push(turn.waitMs);
          continue;
        }
        if (turn.waitMs > 0) await sleep(turn.waitMs);
      }
      const mine = await prisma.$queryRaw<{ delivery_key: string }[]>`
        INSERT INTO nudge_deliveries (delivery_key, deadline_key, recipient, platform, status, attempts, created_at, updated_at)
        VALUES (${dKey}, ${key}, ${`${destination.kind}:${destination.id}`}, ${destination.platform}::platform, 'sending', 1, now(), now())
        ON CONFLICT (delivery_key) DO UPDATE SET status = 'sending', attempts = nudge_deliveries.attempts + 1, updated_at = now()
          WHERE nudge_deliveries.status NOT IN ('sent', 'failed')
        RETURNING delivery_key`;
      if (mine.length === 0) {
        // Settled by someone else meanwhile (only possible after our claim lapsed): take their word.
        const settled = await prisma.nudgeDelivery.findUnique({ where: { deliveryKey: dKey }, select: { status: true } });
        status.set(dKey, (settled?.status ?? "sent") as DeliveryStatus);
        if (status.get(dKey) === "sent") this.observe("deduplicated", destination.platform);
        continue;
      }
      try {
        await notifier.sendTo(destination, notification);
      } catch (error) {
        const failure = classifyFailure(error);
        const reason = describeFailure(error);
        let next: DeliveryStatus;
        if (failure.kind === "rate-limited") {
          // Everyone holds off this destination, not just this entry.
          await pacer?.block(destination, failure.retryAfterMs);
          waits.push(failure.retryAfterMs);
          next = "retry";
        } else if (failure.kind === "permanent" || o.finalAttempt) {
          next = "failed";
        } else {
          backoff = true;
          next = "error";
        }
        errors.push(`${destination.platform} ${destination.kind}: ${reason}`);
        status.set(dKey, next);
        this.observe(next === "failed" ? "failed" : "retry", destination.platform);
        await prisma.$executeRaw`UPDATE nudge_deliveries SET status = ${next}, error = ${reason}, updated_at = now() WHERE delivery_key = ${dKey}`;
        logger.warn({ key, platform: destination.platform, failure: failure.kind, err: error }, "chat delivery failed");
        continue;
      }
      status.set(dKey, "sent");
      this.observe("sent", destination.platform);
      await prisma.$executeRaw`UPDATE nudge_deliveries SET status = 'sent', sent_at = now(), error = NULL, updated_at = now() WHERE delivery_key = ${dKey}`;
    }

    const states = keys.map((k) => status.get(k));
    if (states.every((s) => s === "sent")) {
      await prisma.$executeRaw`UPDATE outbox SET delivered_at = now(), claimed_until = NULL, last_error = NULL WHERE key = ${key}`;
      return { status: "delivered" };
    }
    if (states.every((s) => s === "sent" || s === "failed")) {
      const failed = destinations.filter((d) => status.get(deliveryKey(key, d)) === "failed");
      return this.settleFailed(key, notification, attempts, null, failed, logger);
    }
    const summary = errors.join("; ") || "waiting for the channel's turn";
    await prisma.$executeRaw`UPDATE outbox SET claimed_until = NULL, last_error = ${errors.length ? summary : null} WHERE key = ${key}`;
    return { status: "retry", retryInMs: backoff || waits.length === 0 ? null : Math.max(...waits), error: summary };
  }

  /**
   * A message whose reason has gone: each destination not yet sent is recorded as 'dropped' with
   * the reason, the entry is settled (delivered_at, last_error "dropped: …": nothing is left to
   * do), and the audit trail says so, all in one transaction. Nothing is sent.
   */
  private async settleDropped(key: string, notification: Notification, moot: MootMessage, unsent: readonly ChatDestination[], logger: Logger): Promise<DispatchResult> {
    const { prisma } = this.options;
    const view = notification.view;
    await prisma.$transaction(async (tx) => {
      for (const d of unsent) {
        await tx.$executeRaw`
          INSERT INTO nudge_deliveries (delivery_key, deadline_key, recipient, platform, status, attempts, error, created_at, updated_at)
          VALUES (${deliveryKey(key, d)}, ${key}, ${`${d.kind}:${d.id}`}, ${d.platform}::platform, 'dropped', 0, ${moot.reason}, now(), now())
          ON CONFLICT (delivery_key) DO UPDATE SET status = 'dropped', error = ${moot.reason}, updated_at = now()
            WHERE nudge_deliveries.status NOT IN ('sent', 'failed')`;
      }
      await tx.$executeRaw`UPDATE outbox SET delivered_at = now(), claimed_until = NULL, last_error = ${`dropped: ${moot.reason}`} WHERE key = ${key}`;
      await tx.auditEvent.create({
        data: {
          at: new Date(),
          actorId: null,
          platform: "system",
          action: "nudge.dropped",
          caseId: moot.caseId,
          outcome: "ok",
          detail: { key, view: view.type, ...("event" in view ? { event: view.event } : {}), reason: moot.reason, destinations: unsent.length },
        },
      });
    });
    for (const d of unsent) this.observe("dropped", d.platform);
    logger.info({ key, view: view.type, dropped: moot.reason }, "message not sent: its reason has gone");
    return { status: "dropped", reason: moot.reason };
  }

  /**
   * Records the give-up and writes the access team's alert in the same transaction. `reason`
   * null: the failed destinations' own recorded errors (some may have failed on an earlier attempt).
   */
  private async settleFailed(
    key: string,
    notification: Notification,
    attempts: number,
    given: string | null,
    failed: readonly ChatDestination[],
    logger: Logger,
  ): Promise<DispatchResult> {
    const { prisma } = this.options;
    // An alert about an alert that failed would only loop.
    const alertKey = key.startsWith(FAILURE_KEY_PREFIX) ? null : `${FAILURE_KEY_PREFIX}${key}`;
    const rows = failed.length
      ? await prisma.nudgeDelivery.findMany({
          where: { deliveryKey: { in: failed.map((d) => deliveryKey(key, d)) } },
          select: { attempts: true, error: true, platform: true, recipient: true },
        })
      : [];
    const reason = given ?? (rows.map((r) => `${r.platform} ${r.recipient.split(":")[0]}: ${r.error ?? "failed"}`).join("; ") || "failed");
    // Sends tried at the destinations that failed (claims spent waiting for a channel's turn are no attempt).
    const tries = rows.length ? Math.max(...rows.map((r) => r.attempts)) : attempts;
    const alert = alertKey ? await this.failureAlert(notification, tries, reason, failed) : null;
    await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE outbox SET failed_at = now(), claimed_until = NULL, last_error = ${reason} WHERE key = ${key}`;
      if (alertKey && alert) {
        await tx.outboxEntry.createMany({ data: [{ key: alertKey, notification: encodeNotification(alert), createdAt: new Date() }], skipDuplicates: true });
      }
    });
    // Not `reason`: that key is redacted (people type reasons); this is what the chat platforms answered.
    logger.error({ key, attempts, failure: reason }, "outbox entry could not be delivered; the access team is told");
    return { status: "failed", alertKey };
  }

  private async failureAlert(notification: Notification, attempts: number, reason: string, failed: readonly ChatDestination[]): Promise<Notification> {
    const view = notification.view;
    const caseRef = "caseRef" in view ? view.caseRef : null;
    const to = notification.to;
    let who: string;
    if (to.kind === "practitioner") {
      const p = await this.options.prisma.practitioner.findUnique({ where: { id: to.practitionerId }, select: { name: true } });
      who = p?.name ?? "a practitioner";
    } else {
      who = to.kind === "access-team" ? "the access team channel" : "the case channel";
    }
    const platforms = [...new Set(failed.map((d) => d.platform))];
    const on = platforms.length ? ` on ${platforms.join(" and ")}` : "";
    const tries = attempts === 1 ? "1 attempt" : `${attempts} attempts`;
    const text =
      `leadbot could not deliver ${describeView(view)}${caseRef ? ` about ${caseRef}` : ""} to ${who}${on} after ${tries} (${reason}). ` +
      `Please pass it on.`;
    return { to: { kind: "access-team" }, view: { type: "text", tone: "warning", caseRef, text } };
  }
}

/** "a review reminder", "a decision": what kind of message it was, never its content. */
function describeView(view: View): string {
  if ("event" in view) return `a ${view.type} ${view.event.replace(/-/g, " ")} message`;
  return `a ${view.type} message`;
}
