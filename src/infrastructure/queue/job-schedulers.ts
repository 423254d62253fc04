// The maintenance queue's job schedulers (the periodic reconcile, daily retention) live only in
// Redis. Created once at start-up, they vanished for good when Redis was flushed or failed over to
// an empty replica while workers kept running: no reconcile ran again until a restart, so the
// schedule never healed. Every running worker therefore re-asserts them on a local timer (at the
// reconcile interval) and whenever its Redis connection is ready again. upsertJobScheduler is
// idempotent: an existing scheduler keeps its next run, so re-asserting never delays it.
import type { Logger } from "pino";
import { scheduleRetention } from "./oversight-jobs.js";
import { JOBS, type LeadbotQueues } from "./queues.js";

export const RECONCILE_SCHEDULER_ID = "reconcile";

/** Upserts both schedulers; true when the reconcile scheduler was missing (Redis lost it). */
export async function assertJobSchedulers(queues: LeadbotQueues, timeZone: string): Promise<boolean> {
  const every = queues.timings.reconcileEveryMs;
  const missing = !(await queues.maintenance.getJobScheduler(RECONCILE_SCHEDULER_ID));
  // One reconcile per interval across every worker process (BullMQ 6: a job scheduler).
  await queues.maintenance.upsertJobScheduler(
    RECONCILE_SCHEDULER_ID,
    { every, startDate: new Date(Date.now() + every) },
    { name: JOBS.reconcile.name, data: {} },
  );
  await scheduleRetention(queues, timeZone);
  return missing;
}

export interface SchedulerKeeperOptions {
  queues: LeadbotQueues;
  timeZone: () => Promise<string>;
  /** Run when the schedulers had gone: the lost delayed jobs come back now, not an interval later. */
  reconcile: () => Promise<unknown>;
  logger: Logger;
  /** Default: the queues' reconcile interval. */
  everyMs?: number;
}

export interface SchedulerKeeper {
  /** Re-asserts now (also what the timer and a reconnect do); never throws. */
  check(): Promise<void>;
  stop(): void;
}

export function keepJobSchedulers(options: SchedulerKeeperOptions): SchedulerKeeper {
  const { queues, logger } = options;
  let running: Promise<void> | null = null;
  let stopped = false;

  const once = async () => {
    try {
      const lost = await assertJobSchedulers(queues, await options.timeZone());
      if (!lost || stopped) return;
      logger.warn("the job schedulers were missing from Redis (flushed or failed over?): re-created; reconciling now");
      await options.reconcile();
    } catch (err) {
      // Redis away: the next tick or reconnect tries again.
      logger.warn({ err }, "could not re-assert the job schedulers; trying again later");
    }
  };
  // One check at a time: a reconnect during a tick's reconcile need not start another.
  const check = () => (running ??= once().finally(() => (running = null)));

  const timer = setInterval(() => void check(), options.everyMs ?? queues.timings.reconcileEveryMs);
  timer.unref();
  const onReady = () => {
    if (!stopped) void check();
  };
  queues.connection.on("ready", onReady);

  return {
    check,
    stop: () => {
      stopped = true;
      clearInterval(timer);
      queues.connection.off("ready", onReady);
    },
  };
}
