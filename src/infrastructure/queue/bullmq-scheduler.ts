// The domain's Scheduler port on BullMQ: a pending deadline row becomes a delayed job whose id is
// the deadline's key; a cancelled one's job is removed. Postgres stays the truth: if this fails
// (Redis away), the reconciler adds the job from the row later.
import type { Clock, Scheduler } from "../../domain/ports.js";
import type { Deadline } from "../../domain/types.js";
import type { FireTimes } from "./fire-times.js";
import { JOBS, type LeadbotQueues } from "./queues.js";

export class BullmqScheduler implements Scheduler {
  constructor(
    private readonly queues: LeadbotQueues,
    private readonly fireTimes: FireTimes,
    private readonly clock: Clock,
  ) {}

  async schedule(deadlines: readonly Deadline[]): Promise<void> {
    const pending = deadlines.filter((d) => d.state === "pending");
    if (pending.length === 0) return;
    const calendar = await this.fireTimes.calendar();
    const now = this.clock.now();
    const byQueue = new Map<ReturnType<LeadbotQueues["deadlineQueue"]>, Deadline[]>();
    for (const d of pending) {
      const queue = this.queues.deadlineQueue(d.kind);
      const list = byQueue.get(queue) ?? [];
      list.push(d);
      byQueue.set(queue, list);
    }
    await Promise.all(
      [...byQueue].map(([queue, list]) =>
        queue.addBulk(
          list.map((d) => ({
            name: JOBS.deadline.name,
            data: JOBS.deadline.schema.parse({ key: d.key }),
            opts: { jobId: d.key, delay: this.fireTimes.delayMs(d, calendar, now) },
          })),
        ),
      ),
    );
  }

  /**
   * Keys are deterministic, so a moved review has new keys and its old jobs are simply removed.
   * A job already running is not removed; it finds its row cancelled and does nothing.
   */
  async cancel(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.flatMap((key) => [this.queues.timeouts.remove(key), this.queues.nudges.remove(key)]));
  }
}
