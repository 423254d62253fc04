// Runs one deadline job: re-reads the row (the truth), waits if the job came early or a nudge
// falls outside working hours, acts through the domain exactly once (executeDeadline marks the
// row done in the same transaction), then hands the schedule changes and the messages on.
// Reminders due together fire together: their jobs meet in a DeadlineBatcher, one transaction.
import { DelayedError, type Job } from "bullmq";
import type { Logger } from "pino";
import type { UseCaseDeps } from "../../domain/context.js";
import { isDomainError } from "../../domain/errors.js";
import { canFireTogether } from "../../domain/deadlines/fired-together.js";
import { executeDeadline, executeDeadlines, type DeadlineResult } from "../../domain/execute-command.js";
import type { Outcome, Scheduler } from "../../domain/ports.js";
import type { DeadlineKind } from "../../domain/types.js";
import type { PrismaClient } from "../prisma/client.js";
import { fromDbEnum } from "../prisma/prisma-mapping.js";
import { DEFAULT_BATCHING, DeadlineBatcher, type DeadlineBatcherOptions } from "./deadline-batcher.js";
import type { FireTimes } from "./fire-times.js";
import { JOBS, type LeadbotQueues } from "./queues.js";

/** A job this much early (clock skew between hosts) just runs; earlier than that it waits. */
const EARLY_TOLERANCE_MS = 1_000;
/** How many messages one deadline can have written, for finding them again after a crash. */
const MAX_MESSAGES_PER_DEADLINE = 64;

export interface DeadlineProcessorDeps {
  domain: UseCaseDeps;
  prisma: PrismaClient;
  fireTimes: FireTimes;
  scheduler: Scheduler;
  queues: LeadbotQueues;
  logger: Logger;
  /** Told of the outcome of each deadline that fired (metrics: decisions, escalations); must not throw. */
  onOutcome?: (outcome: Outcome) => void;
  /**
   * Delivers the messages of a batch of deadlines that fired together, handing what is left to
   * the outbox queue (deliver-together.ts); must not throw. Without it they are queued as usual.
   */
  deliverTogether?: (outboxKeys: readonly string[]) => Promise<void>;
  /** How due nudges are gathered to fire together (DEFAULT_BATCHING unless a test says otherwise). */
  batching?: DeadlineBatcherOptions;
}

export type DeadlineJobResult = "fired" | "dropped" | "not-pending" | "refused";

export function deadlineProcessor(deps: DeadlineProcessorDeps) {
  // A batch is done (and the next may start) once committed; its messages go meanwhile, and each
  // job waits for them before it completes, so a slow chat platform never holds up the firing.
  const batcher = new DeadlineBatcher<{ result: DeadlineResult; delivered: Promise<void> }>(async (keys) => {
    const results = await executeDeadlines(deps.domain, keys);
    const delivered = deps.deliverTogether?.([...results.values()].flatMap((r) => r.outcome.outboxKeys)) ?? Promise.resolve();
    return new Map([...results].map(([key, result]) => [key, { result, delivered }]));
  }, deps.batching ?? DEFAULT_BATCHING);
  /** This job's result from a batch, its messages delivered; null (act alone) when its batch failed or left it out. */
  const firedTogether = async (key: string, logger: Logger): Promise<DeadlineResult | null> => {
    try {
      const fired = await batcher.fire(key);
      await fired?.delivered;
      return fired?.result ?? null;
    } catch (err) {
      logger.warn({ err: isDomainError(err) ? { code: err.code } : err }, "a batch of deadlines failed; each acts alone");
      return null;
    }
  };

  return async (job: Job, token?: string): Promise<DeadlineJobResult> => {
    const { key } = JOBS.deadline.schema.parse(job.data);
    const { prisma, fireTimes, queues } = deps;
    // Every line this job logs carries its queue, job id and deadline key (the correlation id).
    const logger = deps.logger.child({ queue: job.queueName, jobId: job.id, deadlineKey: key });
    // Raw: every job of a burst starts here, and this is several times cheaper than the ORM's read.
    const [found] = await prisma.$queryRaw<{ kind: string; due_at: Date; state: string }[]>`SELECT kind::text AS kind, due_at, state::text AS state FROM deadlines WHERE key = ${key}`;
    const row = found && { kind: fromDbEnum(found.kind) as DeadlineKind, dueAt: found.due_at, state: found.state };
    if (!row || row.state !== "pending") {
      // Done already: perhaps by this very job before a crash, with its messages not yet queued.
      if (row?.state === "done") await queues.enqueueDeliveries(await undeliveredMessagesOf(prisma, key));
      return "not-pending";
    }

    const now = fireTimes.clock.now();
    const wait = fireTimes.fireAt(row, await fireTimes.calendar(), now).getTime() - now.getTime();
    if (wait > EARLY_TOLERANCE_MS) {
      await job.moveToDelayed(Date.now() + wait, token);
      throw new DelayedError();
    }

    let result;
    let delivered = false;
    try {
      const together = canFireTogether(row.kind) ? await firedTogether(key, logger) : null;
      delivered = together !== null && deps.deliverTogether !== undefined;
      result = together ?? (await executeDeadline(deps.domain, key));
    } catch (error) {
      if (!isDomainError(error)) throw error; // database trouble: BullMQ retries with backoff
      await refuse({ ...deps, logger }, key, error.userMessage);
      return "refused";
    }
    const { outcome } = result;
    if (result.fired) {
      try {
        deps.onOutcome?.(outcome);
      } catch (err) {
        logger.warn({ err }, "deadline outcome observer failed");
      }
    }
    try {
      if (outcome.cancelled.length) await deps.scheduler.cancel(outcome.cancelled);
      if (outcome.scheduled.length) await deps.scheduler.schedule(outcome.scheduled);
    } catch (err) {
      logger.warn({ err, key }, "scheduling after a deadline failed; the reconciler will catch up");
    }
    if (!delivered) await queues.enqueueDeliveries(outcome.outboxKeys);
    return result.fired ? "fired" : "dropped";
  };
}

async function undeliveredMessagesOf(prisma: PrismaClient, deadlineKey: string): Promise<string[]> {
  const candidates = Array.from({ length: MAX_MESSAGES_PER_DEADLINE }, (_, i) => `${deadlineKey}-${i}`);
  const rows = await prisma.outboxEntry.findMany({
    where: { key: { in: candidates }, deliveredAt: null, failedAt: null, digestGroup: null },
    select: { key: true },
  });
  return rows.map((r) => r.key);
}

/**
 * The domain refused to act (e.g. nobody registered at the next escalation level). Retrying
 * cannot help, and leaving the row pending would retry it at every reconcile: the row is closed,
 * audited, and the access team is told so a person can act.
 */
async function refuse(deps: DeadlineProcessorDeps, key: string, reason: string): Promise<void> {
  const alertKey = `${key}-refused`;
  await deps.domain.uow.run(async (repos) => {
    const deadline = await repos.deadlines.get(key);
    if (!deadline || deadline.state !== "pending") return;
    const c = await repos.cases.get(deadline.caseId);
    const now = deps.domain.clock.now();
    await repos.deadlines.markDone(key);
    await repos.audit.append({ at: now, actorId: null, platform: "system", action: "deadline.refused", caseId: deadline.caseId, outcome: "refused", detail: { key, kind: deadline.kind, reason } });
    const caseRef = c?.reference ?? null;
    const text = `leadbot could not act on the ${deadline.kind.replace(/-/g, " ")} deadline${caseRef ? ` of ${caseRef}` : ""}: ${reason} Please look at the case.`;
    await repos.outbox.add([{ key: alertKey, notification: { to: { kind: "access-team" }, view: { type: "text", tone: "warning", caseRef, text } }, createdAt: now }]);
  });
  // Not `reason`: that key is redacted (people type reasons); this one is the domain's own refusal text.
  deps.logger.error({ key, refusal: reason }, "deadline refused by the domain; the access team is told");
  await deps.queues.enqueueDeliveries([alertKey]);
}
