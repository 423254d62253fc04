// Delivers the messages of a batch of deadlines at once, in the worker that just fired them, so
// a burst of reminders does not queue a job per message first. What cannot go now (a paced
// channel, a failure to retry, an access-team message waiting for its digest) is handed to the
// outbox queue exactly as a delivery job would hand it on.
import type { Logger } from "pino";
import type { OutboxDispatcher } from "./outbox-dispatcher.js";
import type { LeadbotQueues } from "./queues.js";

export async function deliverTogether(dispatcher: OutboxDispatcher, queues: LeadbotQueues, keys: readonly string[], logger: Logger): Promise<void> {
  if (keys.length === 0) return;
  try {
    let results;
    try {
      // fresh: the transaction that wrote these decided, a moment ago, that they should go.
      results = await dispatcher.dispatchMany(keys, { maxInlineWaitMs: queues.timings.maxInlineWaitMs, fresh: true, logger });
    } catch (err) {
      logger.warn({ err, messages: keys.length }, "delivering a batch of nudges failed; the outbox queue will");
      await queues.enqueueDeliveries(keys);
      return;
    }
    const now: string[] = [];
    for (const [key, result] of results) {
      switch (result.status) {
        case "delivered":
        case "done":
        case "dropped":
          break;
        case "failed":
          if (result.alertKey) now.push(result.alertKey);
          break;
        case "parked":
          await queues.ensureDigestFlush(result.group);
          break;
        case "claimed":
          await queues.enqueueDeliveries([key], result.retryInMs);
          break;
        case "retry":
          await queues.enqueueDeliveries([key], result.retryInMs ?? queues.timings.deliveryBackoffMs);
          break;
      }
    }
    await queues.enqueueDeliveries(now);
  } catch (err) {
    // Redis trouble: the entries are in the outbox, and the reconciler queues what is undelivered.
    logger.warn({ err, messages: keys.length }, "could not hand a batch's undelivered nudges to the queue; the reconciler will");
  }
}
