// The outbox queue's jobs: deliver one entry, or flush one access-team digest. Retries: a paced
// destination or a 429's Retry-After moves the job to delayed without spending an attempt; any
// other failure throws, so BullMQ retries with exponential backoff; the last attempt records the
// failure (outbox.failed_at, nudge_deliveries.status 'failed') and alerts the access team.
import { DelayedError, type Job } from "bullmq";
import type { Logger } from "pino";
import type { DigestFlusher } from "./digest.js";
import type { OutboxDispatcher } from "./outbox-dispatcher.js";
import { JOBS, type LeadbotQueues } from "./queues.js";

export interface OutboxProcessorDeps {
  /** Read on every job: services swap their dispatcher when queues are attached. */
  dispatcher: () => OutboxDispatcher;
  digests: DigestFlusher;
  queues: LeadbotQueues;
  logger: Logger;
}

export class DeliveryRetry extends Error {
  override name = "DeliveryRetry";
}

export function outboxProcessor(deps: OutboxProcessorDeps) {
  const { queues } = deps;
  const later = async (job: Job, token: string | undefined, ms: number): Promise<never> => {
    await job.moveToDelayed(Date.now() + Math.max(50, ms), token);
    throw new DelayedError();
  };

  return async (job: Job, token?: string): Promise<string> => {
    if (job.name === JOBS.digest.name) {
      const { group } = JOBS.digest.schema.parse(job.data);
      const keys = await deps.digests.flush(group);
      await queues.enqueueDeliveries(keys);
      return `digests:${keys.length}`;
    }
    const { key } = JOBS.delivery.schema.parse(job.data);
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    // The dispatcher logs through this job's child: queue, job id and outbox key on every line.
    const logger = deps.logger.child({ queue: job.queueName, jobId: job.id, outboxKey: key, attempt: job.attemptsMade + 1 });
    const result = await deps.dispatcher().dispatch(key, { finalAttempt, maxInlineWaitMs: queues.timings.maxInlineWaitMs, logger });
    switch (result.status) {
      case "delivered":
      case "done":
      case "dropped":
        return result.status;
      case "parked":
        await queues.ensureDigestFlush(result.group);
        return "parked";
      case "failed":
        if (result.alertKey) await queues.enqueueDeliveries([result.alertKey]);
        return "failed";
      case "claimed":
        return later(job, token, result.retryInMs);
      case "retry":
        if (result.retryInMs !== null) return later(job, token, result.retryInMs);
        throw new DeliveryRetry(`delivery of ${key} will be retried: ${result.error}`);
    }
  };
}
