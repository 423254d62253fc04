// The maintenance queue's oversight jobs [issue #8]:
// - the Monday digest: one delayed job per week, id `weekly-digest-<epoch>`, due at
//   nextWeeklyDigestAt (09:00 local on the first working day of the week, across clock changes).
//   The reconciler makes sure it exists; each run queues the next one.
// - retention: a daily job scheduler (02:00 local) that exports the audit trail of closed cases
//   past RETENTION_YEARS and anonymises them.
import { DelayedError, UnrecoverableError, type Job, type Processor } from "bullmq";
import { DateTime } from "luxon";
import type { Logger } from "pino";
import type { UseCaseDeps } from "../../domain/context.js";
import { executeRetention } from "../../application/execute-retention.js";
import { executeWeeklyDigest, weeklyDigestRunKey } from "../../application/execute-weekly-digest.js";
import { nextWeeklyDigestAt } from "../../domain/oversight/digest-schedule.js";
import type { AuditArchive } from "../../domain/ports.js";
import type { PrismaClient } from "../prisma/client.js";
import type { FireTimes } from "./fire-times.js";
import { JOBS, type LeadbotQueues } from "./queues.js";

/** A job this much early (clock skew between hosts) just runs; earlier than that it waits. */
const EARLY_TOLERANCE_MS = 1_000;
/** A digest found this late (the worker was down all Monday) is skipped; next week's follows. */
export const DIGEST_STALE_MS = 12 * 60 * 60 * 1000;
export const RETENTION_SCHEDULER_ID = "retention";
/** Every day at 02:00 local time, well away from working hours. */
export const RETENTION_CRON = "0 2 * * *";

export interface OversightJobDeps {
  domain: UseCaseDeps;
  prisma: PrismaClient;
  fireTimes: FireTimes;
  queues: LeadbotQueues;
  archive: AuditArchive;
  retentionYears: number;
  logger: Logger;
}

/**
 * Makes sure the delayed job of the next digest after `after` (default: now) exists and is due
 * when the domain clock reaches it; digest jobs for any other week are removed. Returns its moment.
 */
export async function ensureWeeklyDigestJob(queues: LeadbotQueues, fireTimes: FireTimes, after?: Date): Promise<Date> {
  const calendar = await fireTimes.calendar();
  const now = fireTimes.clock.now();
  const from = after && after.getTime() > now.getTime() ? after : now;
  const at = nextWeeklyDigestAt(from, calendar, calendar.timeZone);
  const id = weeklyDigestRunKey(at);
  const delay = Math.max(0, at.getTime() - now.getTime());
  for (const job of await queues.maintenance.getDelayed()) {
    if (job.name === JOBS.weeklyDigest.name && job.id !== id) await job.remove().catch(() => undefined);
  }
  const existing = await queues.maintenance.getJob(id);
  if (!existing) {
    await queues.maintenance.add(
      JOBS.weeklyDigest.name,
      JOBS.weeklyDigest.schema.parse({ at: at.getTime() }),
      { jobId: id, delay, attempts: 3, backoff: { type: "exponential", delay: 30_000 } },
    );
  } else if (await existing.isDelayed()) {
    // The domain clock decides, not the delay computed when the job was added (clocks move).
    if (delay === 0) await existing.promote().catch(() => undefined);
    else await existing.changeDelay(delay).catch(() => undefined);
  }
  return at;
}

/** Whether the digest due at `at` is in the outbox already: it is audited in the same transaction. */
async function digestQueued(prisma: PrismaClient, at: number): Promise<boolean> {
  const found = await prisma.auditEvent.findFirst({
    where: { action: "digest.weekly", detail: { path: ["run"], equals: weeklyDigestRunKey(new Date(at)) } },
    select: { id: true },
  });
  return found !== null;
}

export type WeeklyDigestResult = "sent" | "already-sent" | "stale";

export async function runWeeklyDigest(deps: OversightJobDeps, job: Job, token?: string): Promise<WeeklyDigestResult> {
  const { at } = JOBS.weeklyDigest.schema.parse(job.data);
  const now = deps.fireTimes.clock.now().getTime();
  if (at - now > EARLY_TOLERANCE_MS) {
    await job.moveToDelayed(Date.now() + (at - now), token);
    throw new DelayedError();
  }
  let result: WeeklyDigestResult;
  if (now - at > DIGEST_STALE_MS) {
    deps.logger.warn({ at: new Date(at).toISOString() }, "weekly digest found too late to send; skipped");
    result = "stale";
  } else if (await digestQueued(deps.prisma, at)) {
    // A retry after the digest committed: its messages are in the outbox (the reconciler delivers them).
    result = "already-sent";
  } else {
    const outcome = await executeWeeklyDigest(deps.domain, new Date(at));
    await deps.queues.enqueueDeliveries(outcome.outboxKeys);
    deps.logger.info({ at: new Date(at).toISOString(), messages: outcome.outboxKeys.length }, "weekly digest queued");
    result = "sent";
  }
  await ensureWeeklyDigestJob(deps.queues, deps.fireTimes, new Date(at + 1));
  return result;
}

/** Closed before this moment means past retention: `years` before now, in local time. */
export function retentionCutoff(now: Date, years: number, timeZone: string): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).minus({ years }).toJSDate();
}

export async function runRetention(deps: OversightJobDeps): Promise<{ anonymised: number; failed: number }> {
  const calendar = await deps.fireTimes.calendar();
  const cutoff = retentionCutoff(deps.fireTimes.clock.now(), deps.retentionYears, calendar.timeZone);
  const result = await executeRetention({ ...deps.domain, archive: deps.archive }, cutoff);
  for (const f of result.failed) {
    deps.logger.error({ err: f.error, caseId: f.caseId }, "retention: could not export and anonymise a case; the next run tries again");
  }
  if (result.anonymised.length > 0) {
    deps.logger.info({ count: result.anonymised.length, cutoff: cutoff.toISOString() }, "retention: closed cases exported and anonymised");
  }
  return { anonymised: result.anonymised.length, failed: result.failed.length };
}

/** One retention run a day across every worker process (BullMQ 6: a job scheduler), in local time. */
export async function scheduleRetention(queues: LeadbotQueues, timeZone: string): Promise<void> {
  await queues.maintenance.upsertJobScheduler(
    RETENTION_SCHEDULER_ID,
    { pattern: RETENTION_CRON, tz: timeZone },
    { name: JOBS.retention.name, data: {} },
  );
}

/** The maintenance queue's processor: reconcile, the weekly digest and retention. */
export function maintenanceProcessor(deps: OversightJobDeps & { reconcile(): Promise<unknown> }): Processor {
  return async (job, token) => {
    switch (job.name) {
      case JOBS.reconcile.name:
        JOBS.reconcile.schema.parse(job.data);
        return deps.reconcile();
      case JOBS.weeklyDigest.name:
        return runWeeklyDigest(deps, job, token);
      case JOBS.retention.name:
        JOBS.retention.schema.parse(job.data);
        return runRetention(deps);
      default:
        throw new UnrecoverableError(`unknown maintenance job ${job.name}`);
    }
  };
}
