// Delivery of a command's messages: at once, in the process that ran the command (a person is
// waiting to see the card), with a delayed queue job per entry as the safety net should this
// process fail or crash before the entry is delivered.
import type { Logger } from "pino";
import type { OutboxDelivery } from "../../application/command-runner.js";
import type { DispatchResult, OutboxDispatcher } from "./outbox-dispatcher.js";
import type { LeadbotQueues } from "./queues.js";

/** Longest wait for a paced destination in a background delivery; beyond it the queue sends it. */
const PATIENT_WAIT_MS = 15_000;

export class CommandDelivery implements OutboxDelivery {
  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly queues: LeadbotQueues | null,
    private readonly logger: Logger,
  ) {}

  async deliver(outboxKeys: readonly string[], options: { patient?: boolean } = {}): Promise<void> {
    if (outboxKeys.length === 0) return;
    if (this.queues) {
      try {
        await this.queues.enqueueDeliveries(outboxKeys, this.queues.timings.safetyNetDelayMs);
      } catch (err) {
        this.logger.warn({ err }, "could not queue the delivery safety net; the reconciler will");
      }
    }
    // In order: a card, then the decision under it, reads the way it happened.
    for (const key of outboxKeys) await this.deliverOne(key, options.patient === true);
  }

  private async deliverOne(key: string, patient = false): Promise<void> {
    let result: DispatchResult;
    try {
      // A person is waiting for the reply: wait at most a second for a busy channel, then let the
      // queue send it. In the background nobody waits: a paced chat's turn (a few seconds when one
      // command fans out to it) is waited for here, so its messages arrive in order and at once.
      const maxInlineWaitMs = patient ? PATIENT_WAIT_MS : Math.min(1_000, this.queues?.timings.maxInlineWaitMs ?? 1_000);
      result = await this.dispatcher.dispatch(key, { maxInlineWaitMs });
    } catch (err) {
      this.logger.warn({ err, key }, "in-process delivery failed; the queue will retry");
      return;
    }
    const queues = this.queues;
    if (!queues) {
      if (result.status === "failed" && result.alertKey) await this.deliverOne(result.alertKey, patient);
      return;
    }
    try {
      switch (result.status) {
        case "delivered":
        case "done":
        case "dropped":
          await queues.outbox.remove(key);
          return;
        case "failed":
          await queues.outbox.remove(key);
          if (result.alertKey) await queues.enqueueDeliveries([result.alertKey]);
          return;
        case "parked":
          await queues.ensureDigestFlush(result.group);
          return;
        case "retry":
        case "claimed": {
          // Bring the safety net forward to when the destination is free again.
          const job = await queues.outbox.getJob(key);
          if (job && (await job.isDelayed())) await job.changeDelay(result.retryInMs ?? queues.timings.deliveryBackoffMs);
          return;
        }
      }
    } catch (err) {
      this.logger.debug({ err, key }, "could not adjust the delivery safety net");
    }
  }
}
