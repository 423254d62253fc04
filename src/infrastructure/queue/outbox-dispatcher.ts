// Delivers one outbox entry to chat, once. The protocol, whoever calls it (a command's in-process
// delivery, the queue's delivery job, a retry after a crash); the rows are an OutboxStore's:
//   1. claim the entry (not delivered, not failed, claim free): one dispatcher at a time;
//   2. park it instead when it belongs in an access-team digest (digest.ts);
//   3. expand it into platform destinations (RoutingNotifier.destinations);
//   4. ask whether the message's reason still stands (a nudge a deadline wrote, held up by
//      retries while the review was held, is dropped: recorded, never sent) [DOMAIN §6];
//   5. per destination, record the delivery under `<outboxKey>-<platform>-<destinationId>`, and
//      send only destinations not yet recorded as sent; a destination an earlier attempt left
//      'sending' (it died, or its claim lapsed, mid-send) is first looked for on the platform by
//      its delivery key (RoutingNotifier.findSent), and recorded sent without a second post when found;
//   6. mark the entry delivered when every destination is sent, or failed (and tell the access
//      team) when the last attempt is spent; otherwise release the claim for the retry.
// The window no protocol closes without the chat platform's help: a crash after the platform
// accepted a message and before step 5 recorded it. Slack closes it (the lookup); where the
// platform cannot be asked (Teams), the re-send is counted as a possible duplicate.
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import type { Notification } from "../../domain/ports.js";
import { deliveryFailureAlert } from "../../domain/presenters/delivery-failure.js";
import type { ChatDestination, SentMessage } from "../notify/chat-sender.js";
import type { RoutingNotifier, SentLookup } from "../notify/routing-notifier.js";
import type { ChannelPacer } from "./channel-rate-limiter.js";
import { classifyFailure, describeFailure } from "./delivery-errors.js";
import { digestGroup, FAILURE_KEY_PREFIX } from "./digest.js";
import type { ClaimedEntry, DeliveryStatus, DeliveryTarget, OutboxStore } from "./outbox-store.js";

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
  /**
   * The entries were written a moment ago by a transaction that decided they should go (a batch
   * of deadlines firing in this process): `whyMoot` is not asked again. Any later attempt asks.
   */
  fresh?: boolean;
}

/**
 * Per destination of an entry: sent now; failed for good; deduplicated (recorded as sent already,
 * so not sent again: a retry, a second dispatcher, a redelivered job); retry (a transient
 * failure or a 429, tried again later); dropped (its reason has gone, so it is not sent);
 * recovered (an interrupted attempt's message found on the platform, recorded, not sent again);
 * possible-duplicate (sent again after an interrupted attempt with no proof the first one did not
 * arrive; told after its "sent").
 */
export type DeliveryEvent = "sent" | "failed" | "deduplicated" | "retry" | "dropped" | "recovered" | "possible-duplicate";

export interface OutboxDispatcherOptions {
  store: OutboxStore;
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

/** A claimed entry on its way: its destinations and what its sends met. */
interface Plan extends ClaimedEntry {
  destinations: ChatDestination[];
  keys: string[];
  waits: number[];
  errors: string[];
  backoff: boolean;
}

/** One destination of one entry, with its turn reserved (waitMs still to wait). */
interface Send {
  plan: Plan;
  destination: ChatDestination;
  dKey: string;
  waitMs: number;
}

/** A copy being updated is named by its own record: one person may hold several copies of one message. */
export const deliveryKey = (outboxKey: string, d: ChatDestination): string => `${outboxKey}-${d.platform}-${d.copy ?? d.id}`;

export class OutboxDispatcher {
  constructor(private readonly options: OutboxDispatcherOptions) {}

  get digestsEnabled(): boolean {
    return this.options.digests;
  }

  async dispatch(key: string, dispatchOptions: DispatchOptions = {}): Promise<DispatchResult> {
    return (await this.dispatchMany([key], dispatchOptions)).get(key)!;
  }

  /**
   * Delivers many entries at once (the messages of a batch of deadlines), each by the protocol
   * above: claims, the delivery records and the final marks are one statement each for the
   * batch, and the sends go out side by side. Every key gets its own result. Entries to one
   * destination in one batch may arrive in any order: a caller that needs order (a command's
   * messages) dispatches one key at a time.
   */
  async dispatchMany(keys: readonly string[], dispatchOptions: DispatchOptions = {}): Promise<Map<string, DispatchResult>> {
    const { store, notifier } = this.options;
    const logger = dispatchOptions.logger ?? this.options.logger;
    const unique = [...new Set(keys)];
    const results = new Map<string, DispatchResult>();
    if (notifier.platforms.length === 0) {
      // No sender attached in this process (yet): every destination would look absent.
      for (const key of unique) results.set(key, { status: "retry", retryInMs: 60_000, error: "no chat senders attached" });
      return results;
    }
    if (unique.length === 0) return results;
    const claimed = await store.claim(unique, this.options.claimMs);
    const mine = new Set(claimed.map((e) => e.key));
    await Promise.all(unique.filter((k) => !mine.has(k)).map(async (k) => results.set(k, await this.whyNotClaimed(k))));

    const entries: ClaimedEntry[] = [];
    for (const entry of claimed) {
      const group = this.options.digests ? digestGroup(entry.key, entry.notification) : null;
      if (group) {
        await store.park(entry.key, group);
        results.set(entry.key, { status: "parked", group });
        continue;
      }
      entries.push(entry);
    }
    if (entries.length === 0) return results;
    try {
      for (const [key, result] of await this.deliverClaimed(entries, dispatchOptions)) results.set(key, result);
      return results;
    } catch (error) {
      // Database trouble mid-way: free the entries for the retry; recorded sends stay recorded.
      const held = entries.map((e) => e.key);
      await store.release(held).catch(() => undefined);
      logger.warn({ err: error, keys: held.slice(0, 10), entries: held.length }, "outbox dispatch interrupted");
      throw error;
    }
  }

  private async whyNotClaimed(key: string): Promise<DispatchResult> {
    const state = await this.options.store.stateOf(key);
    if (!state || state.delivered || state.failed) return { status: "done" };
    if (state.digestGroup) return { status: "parked", group: state.digestGroup };
    return { status: "claimed", retryInMs: Math.max(50, state.claimLeftMs ?? 0) };
  }

  private observe(event: DeliveryEvent, platform: string): void {
    try {
      this.options.onDelivery?.(event, platform);
    } catch {
      // Metrics must never disturb a delivery.
    }
  }

  private async deliverClaimed(entries: readonly ClaimedEntry[], o: DispatchOptions): Promise<Map<string, DispatchResult>> {
    const { store, notifier, pacer } = this.options;
    const logger = o.logger ?? this.options.logger;
    const results = new Map<string, DispatchResult>();
    const destinations = await notifier.destinationsOfMany(entries.map((e) => e.notification));
    const found = entries.map((e, i) => ({ ...e, destinations: destinations[i] ?? [] }));
    const plans: Plan[] = [];
    for (const e of found) {
      if (e.destinations.length > 0) {
        plans.push({ ...e, keys: e.destinations.map((d) => deliveryKey(e.key, d)), waits: [], errors: [], backoff: false });
        continue;
      }
      if (e.notification.to.kind === "posted-copies") {
        // No copy was ever posted (or none is recorded any more): nothing is out of date.
        results.set(e.key, { status: "delivered" });
        await store.markDelivered([e.key]);
        continue;
      }
      logger.warn({ key: e.key, to: e.notification.to.kind, view: e.notification.view.type }, "no chat destination for notification");
      this.observe("failed", "none");
      results.set(e.key, await this.settleFailed(e.key, e.notification, e.attempts, "no chat destination (no chat id or channel on a platform leadbot posts to)", [], logger));
    }
    const allKeys = plans.flatMap((p) => p.keys);
    const status = await store.deliveryStatuses(allKeys);
    const settled = (dKey: string) => ["sent", "failed", "dropped"].includes(status.get(dKey) ?? "");

    const live: Plan[] = [];
    for (const plan of plans) {
      const unsettled = plan.destinations.filter((d) => !settled(deliveryKey(plan.key, d)));
      const moot = unsettled.length > 0 && !o.fresh && this.options.whyMoot ? await this.options.whyMoot(plan.key, plan.notification, plan.writtenAt) : null;
      if (moot) results.set(plan.key, await this.settleDropped(plan.key, plan.notification, moot, unsettled, logger));
      else live.push(plan);
    }

    // Each destination's turn (pacing), then one statement records every send about to go.
    const maxWait = o.maxInlineWaitMs ?? this.options.defaultMaxInlineWaitMs ?? 2_000;
    const sends: Send[] = [];
    for (const plan of live) {
      for (const destination of plan.destinations) {
        const dKey = deliveryKey(plan.key, destination);
        if (settled(dKey)) {
          if (status.get(dKey) === "sent") this.observe("deduplicated", destination.platform);
          continue;
        }
        let waitMs = 0;
        if (pacer) {
          const turn = await pacer.reserve(destination, maxWait);
          if (!turn.reserved) {
            plan.waits.push(turn.waitMs);
            continue;
          }
          waitMs = turn.waitMs;
        }
        sends.push({ plan, destination, dKey, waitMs });
      }
    }
    // Destinations an earlier attempt left 'sending' (and since when), asked before this attempt takes them.
    const lapsed = sends.filter((x) => status.get(x.dKey) === "sending").map((x) => x.dKey);
    const interrupted = lapsed.length > 0 ? await store.interruptedSends(lapsed) : new Map<string, Date>();
    const claimedSends = await this.recordSending(sends);
    const others = sends.filter((x) => !claimedSends.has(x.dKey));
    if (others.length > 0) {
      // Settled by someone else meanwhile (only possible after our claim lapsed): take their word.
      const word = await store.deliveryStatuses(others.map((x) => x.dKey));
      for (const x of others) {
        status.set(x.dKey, word.get(x.dKey) ?? "sent");
        if (status.get(x.dKey) === "sent") this.observe("deduplicated", x.destination.platform);
      }
    }

    // Each send is recorded the moment the platform accepts it (the window a crash could double
    // is one send, not the batch); sends finishing together share one statement.
    const recordSent = coalesced((sent: { key: string; messageId: string | null }[]) =>
      store.recordSent(
        sent.map((x) => x.key),
        new Map(sent.flatMap((x) => (x.messageId ? [[x.key, x.messageId] as const] : []))),
      ),
    );
    await Promise.all(
      sends.filter((x) => claimedSends.has(x.dKey)).map(async (x) => {
        if (x.waitMs > 0) await sleep(x.waitMs);
        const firstTry = interrupted.get(x.dKey);
        let unproven = false;
        if (firstTry) {
          let lookup: SentLookup;
          try {
            lookup = await notifier.findSent(x.destination, x.plan.notification, x.dKey, firstTry);
          } catch (error) {
            // A 429 on the lookup: the question stays open (the row stays 'sending'), asked again later.
            await this.holdOff(x, error, status);
            return;
          }
          if (lookup.kind === "found") {
            status.set(x.dKey, "sent");
            this.observe("recovered", x.destination.platform);
            logger.info({ key: x.plan.key, platform: x.destination.platform }, "an interrupted send had reached chat: recorded, not sent again");
            await recordSent({ key: x.dKey, messageId: lookup.message.messageId });
            return;
          }
          unproven = lookup.kind === "unknown";
          if (lookup.kind === "unknown") logger.warn({ key: x.plan.key, platform: x.destination.platform, lookup: lookup.reason }, "an interrupted send may have reached chat; sending again");
        }
        let sent: SentMessage;
        try {
          sent = await notifier.sendTo(x.destination, x.plan.notification, x.dKey);
        } catch (error) {
          await this.recordFailure(x, error, status, o, logger);
          return;
        }
        status.set(x.dKey, "sent");
        this.observe("sent", x.destination.platform);
        // Updated in place, the card is still one message whatever the first attempt did.
        if (unproven && !sent.inPlace) this.observe("possible-duplicate", x.destination.platform);
        await recordSent({ key: x.dKey, messageId: sent.messageId });
      }),
    );

    const delivered: string[] = [];
    for (const plan of live) {
      const states = plan.keys.map((k) => status.get(k));
      if (states.every((st) => st === "sent")) {
        delivered.push(plan.key);
        results.set(plan.key, { status: "delivered" });
      } else if (states.every((st) => st === "sent" || st === "failed")) {
        const failed = plan.destinations.filter((d) => status.get(deliveryKey(plan.key, d)) === "failed");
        results.set(plan.key, await this.settleFailed(plan.key, plan.notification, plan.attempts, null, failed, logger));
      } else {
        const summary = plan.errors.join("; ") || "waiting for the channel's turn";
        await store.retryLater(plan.key, plan.errors.length ? summary : null);
        results.set(plan.key, { status: "retry", retryInMs: plan.backoff || plan.waits.length === 0 ? null : Math.max(...plan.waits), error: summary });
      }
    }
    if (delivered.length) await store.markDelivered(delivered);
    return results;
  }

  /** Marks the sends 'sending' (one statement); returns the delivery keys this attempt holds. */
  private async recordSending(sends: readonly Send[]): Promise<Set<string>> {
    if (sends.length === 0) return new Set();
    return this.options.store.recordSending(sends.map((x) => ({ deliveryKey: x.dKey, outboxKey: x.plan.key, destination: x.destination })));
  }

  /** A lookup answered 429: everyone holds off the destination; the record is left as it is. */
  private async holdOff(x: Send, error: unknown, status: Map<string, DeliveryStatus>): Promise<void> {
    const failure = classifyFailure(error);
    const retryAfterMs = failure.kind === "rate-limited" ? failure.retryAfterMs : 1_000;
    await this.options.pacer?.block(x.destination, retryAfterMs);
    x.plan.waits.push(retryAfterMs);
    x.plan.errors.push(`${x.destination.platform} ${x.destination.kind}: looking for an interrupted send: ${describeFailure(error)}`);
    status.set(x.dKey, "retry");
    this.observe("retry", x.destination.platform);
  }

  private async recordFailure(x: Send, error: unknown, status: Map<string, DeliveryStatus>, o: DispatchOptions, logger: Logger): Promise<void> {
    const failure = classifyFailure(error);
    const reason = describeFailure(error);
    let next: DeliveryStatus;
    if (failure.kind === "rate-limited") {
      // Everyone holds off this destination, not just this entry.
      await this.options.pacer?.block(x.destination, failure.retryAfterMs);
      x.plan.waits.push(failure.retryAfterMs);
      next = "retry";
    } else if (failure.kind === "permanent" || o.finalAttempt) {
      next = "failed";
    } else {
      x.plan.backoff = true;
      next = "error";
    }
    x.plan.errors.push(`${x.destination.platform} ${x.destination.kind}: ${reason}`);
    status.set(x.dKey, next);
    this.observe(next === "failed" ? "failed" : "retry", x.destination.platform);
    await this.options.store.recordFailure(x.dKey, next, reason);
    logger.warn({ key: x.plan.key, platform: x.destination.platform, failure: failure.kind, err: error }, "chat delivery failed");
  }

  /**
   * A message whose reason has gone: each destination not yet sent is recorded as 'dropped' with
   * the reason, the entry is settled (delivered_at, last_error "dropped: …": nothing is left to
   * do), and the audit trail says so, all in one transaction. Nothing is sent.
   */
  private async settleDropped(key: string, notification: Notification, moot: MootMessage, unsent: readonly ChatDestination[], logger: Logger): Promise<DispatchResult> {
    const view = notification.view;
    await this.options.store.settleDropped(key, targetsOf(key, unsent), moot.reason, {
      caseId: moot.caseId,
      detail: { key, view: view.type, ...("event" in view ? { event: view.event } : {}), reason: moot.reason, destinations: unsent.length },
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
    const { store } = this.options;
    // An alert about an alert that failed would only loop.
    const alertKey = key.startsWith(FAILURE_KEY_PREFIX) ? null : `${FAILURE_KEY_PREFIX}${key}`;
    const rows = failed.length ? await store.failedDeliveries(failed.map((d) => deliveryKey(key, d))) : [];
    const reason = given ?? (rows.map((r) => `${r.platform} ${r.kind}: ${r.error ?? "failed"}`).join("; ") || "failed");
    // Sends tried at the destinations that failed (claims spent waiting for a channel's turn are no attempt).
    const tries = rows.length ? Math.max(...rows.map((r) => r.attempts)) : attempts;
    const alert = alertKey ? { key: alertKey, notification: await this.failureAlert(notification, tries, reason, failed), createdAt: new Date() } : null;
    await store.settleFailed(key, reason, alert);
    // Not `reason`: that key is redacted (people type reasons); this is what the chat platforms answered.
    logger.error({ key, attempts, failure: reason }, "outbox entry could not be delivered; the access team is told");
    return { status: "failed", alertKey };
  }

  private async failureAlert(notification: Notification, attempts: number, reason: string, failed: readonly ChatDestination[]): Promise<Notification> {
    const to = notification.to;
    const practitionerName = to.kind === "practitioner" ? await this.options.store.practitionerName(to.practitionerId) : null;
    return deliveryFailureAlert({ notification, practitionerName, platforms: failed.map((d) => d.platform), attempts, reason });
  }
}

/**
 * Calls `write` with every item given while no write is running: the first item writes at once,
 * items arriving during that write go together in the next. Each call resolves once its item is
 * written, and rejects if that write failed.
 */
function coalesced<T>(write: (items: T[]) => Promise<unknown>): (item: T) => Promise<void> {
  let waiting: { item: T; done: (error?: unknown) => void }[] = [];
  let running = false;
  const run = async () => {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await write(batch.map((w) => w.item));
        for (const w of batch) w.done();
      } catch (error) {
        for (const w of batch) w.done(error);
      }
    }
    running = false;
  };
  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!running) void run();
    });
}

const targetsOf = (outboxKey: string, destinations: readonly ChatDestination[]): DeliveryTarget[] =>
  destinations.map((destination) => ({ deliveryKey: deliveryKey(outboxKey, destination), outboxKey, destination }));
