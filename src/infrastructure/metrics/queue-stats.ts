// Queue depth and delay, read from Redis when Prometheus scrapes. Cheap on purpose: per queue one
// counts call (a pipeline of LLEN/ZCARD) and the oldest waiting job (one LRANGE + HGETALL), all
// queues in parallel, the whole read bounded by a timeout, and at most one read in flight.
import type { Queue } from "bullmq";

/** Job states reported per queue (`completed` is not kept: jobs are removed on completion). */
export const QUEUE_STATES = ["waiting", "active", "delayed", "prioritized", "waiting-children", "failed"] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export interface QueueStats {
  queue: string;
  counts: Record<QueueState, number>;
  /** Seconds since the oldest waiting job became due; 0 when nothing waits. */
  oldestWaitingSeconds: number;
}

export interface QueueSnapshot {
  ok: boolean;
  stats: QueueStats[];
}

/**
 * When a waiting job became due, as near as BullMQ's job hash tells: its creation plus the delay
 * it was added with, or the start of its last attempt for a retried or re-delayed job (BullMQ
 * zeroes `delay` when it promotes a job, so `opts.delay` is the one still known).
 */
export function dueSince(job: { timestamp: number; processedOn?: number | undefined; opts: { delay?: number | undefined } }): number {
  return Math.max(job.timestamp + (job.opts.delay ?? 0), job.processedOn ?? 0);
}

async function statsOf(queue: Queue, now: number): Promise<QueueStats> {
  const [counts, oldest] = await Promise.all([queue.getJobCounts(...QUEUE_STATES), queue.getWaiting(0, 0)]);
  const job = oldest[0];
  const waited = job ? Math.max(0, now - dueSince(job)) / 1000 : 0;
  const byState = Object.fromEntries(QUEUE_STATES.map((s) => [s, counts[s] ?? 0])) as Record<QueueState, number>;
  return { queue: queue.name, counts: byState, oldestWaitingSeconds: waited };
}

/** Reads every queue; a queue that fails or does not answer within `timeoutMs` is left out and `ok` is false. */
export async function snapshotQueues(queues: readonly Queue[], timeoutMs: number, now = Date.now()): Promise<QueueSnapshot> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
    timer.unref();
  });
  const settled = await Promise.all(
    queues.map((q) =>
      Promise.race([statsOf(q, now), expired]).then(
        (r) => (r === "timeout" ? null : r),
        () => null,
      ),
    ),
  );
  clearTimeout(timer);
  const stats = settled.filter((s): s is QueueStats => s !== null);
  return { ok: stats.length === queues.length, stats };
}
