// Runs one deadline job: re-reads the row (the truth), waits if the job came early or a nudge
// falls outside working hours, acts through the domain exactly once (executeDeadline marks the
// row done in the same transaction), then hands the schedule changes and the messages on.
// Reminders due together fire together: their jobs meet in a DeadlineBatcher, one transaction.
import { DelayedError, type Job } from "bullmq";
import type { Logger } from "pino";
import type { UseCaseDeps } from "../../domain/context.js";
import { isDomainError } from "../../domain/errors.js";
import { keyCanFireTogether } from "../../domain/deadlines/fired-together.js";
import { executeDeadline, executeDeadlines, type DeadlineResult } from "../../application/execute-deadline.js";
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

/** What a deadline's row says before it fires: done or gone, due later, or due now. */
type RowVerdict = { status: "not-pending"; state: string | null } | { status: "early"; waitMs: number } | { status: "due" };

/** What a batch says of one of its keys: as its row says, or fired (its messages on their way). */
type BatchVerdict = Exclude<RowVerdict, { status: "due" }> | { status: "fired"; result: DeadlineResult; delivered: Promise<void> };

interface DeadlineRow {
  kind: DeadlineKind;
  dueAt: Date;
  state: string;
}

/** Raw: every job of a burst needs its row, and this is several times cheaper than the ORM's read. */
async function readRows(prisma: PrismaClient, keys: readonly string[]): Promise<Map<string, DeadlineRow>> {
  const rows = await prisma.$queryRaw<{ key: string; kind: string; due_at: Date; state: string }[]>`
    SELECT key, kind::text AS kind, due_at, state::text AS state FROM deadlines WHERE key = ANY(${[...keys]}::text[])`;
  return new Map(rows.map((r) => [r.key, { kind: fromDbEnum(r.kind) as DeadlineKind, dueAt: r.due_at, state: r.state }]));
}

export function deadlineProcessor(deps: DeadlineProcessorDeps) {
  const { prisma, fireTimes, queues } = deps;
  const verdictOf = async (row: DeadlineRow | undefined): Promise<RowVerdict> => {
    if (!row || row.state !== "pending") return { status: "not-pending", state: row?.state ?? null };
    const now = fireTimes.clock.now();
    const waitMs = fireTimes.fireAt(row, await fireTimes.calendar(), now).getTime() - now.getTime();
    return waitMs > EARLY_TOLERANCE_MS ? { status: "early", waitMs } : { status: "due" };
  };
  // One batch reads every row, fires what is due in one unit of work, and is done (the next may
  // start) once committed; its messages go meanwhile, and each job waits for them before it
  // completes, so a slow chat platform never holds up the firing.
  const batcher = new DeadlineBatcher<BatchVerdict>(async (keys) => {
    const rows = await readRows(prisma, keys);
    const verdicts = new Map<string, BatchVerdict>();
    const due: string[] = [];
    for (const key of keys) {
      const verdict = await verdictOf(rows.get(key));
      if (verdict.status === "due") due.push(key);
      else verdicts.set(key, verdict);
    }
    if (due.length === 0) return verdicts;
    const results = await executeDeadlines(deps.domain, due);
    const delivered = deps.deliverTogether?.([...results.values()].flatMap((r) => r.outcome.outboxKeys)) ?? Promise.resolve();
    for (const [key, result] of results) verdicts.set(key, { status: "fired", result, delivered });
    return verdicts;
  }, deps.batching ?? DEFAULT_BATCHING);

  /** Done already: perhaps by this very job before a crash, with its messages not yet queued. */
  const notPending = async (key: string, state: string | null): Promise<DeadlineJobResult> => {
    if (state === "done") await queues.enqueueDeliveries(await undeliveredMessagesOf(prisma, key));
    return "not-pending";
  };
  const later = async (job: Job, token: string | undefined, waitMs: number): Promise<never> => {
    await job.moveToDelayed(Date.now() + waitMs, token);
    throw new DelayedError();
  };

  return async (job: Job, token?: string): Promise<DeadlineJobResult> => {
    const { key } = JOBS.deadline.schema.parse(job.data);
    // Every line this job logs carries its queue, job id and deadline key (the correlation id).
    const logger = deps.logger.child({ queue: job.queueName, jobId: job.id, deadlineKey: key });

    let result: DeadlineResult | null = null;
    let delivered = false;
    if (keyCanFireTogether(key)) {
      let verdict: BatchVerdict | null = null;
      try {
        verdict = await batcher.fire(key);
      } catch (err) {
        logger.warn({ err: isDomainError(err) ? { code: err.code } : err }, "a batch of deadlines failed; each acts alone");
      }
      if (verdict?.status === "not-pending") return notPending(key, verdict.state);
      if (verdict?.status === "early") return later(job, token, verdict.waitMs);
      if (verdict?.status === "fired") {
        await verdict.delivered;
        result = verdict.result;
        delivered = deps.deliverTogether !== undefined;
      }
    }

    if (!result) {
      // Alone: a kind that does not fire together, or its batch failed.
      const verdict = await verdictOf((await readRows(prisma, [key])).get(key));
      if (verdict.status === "not-pending") return notPending(key, verdict.state);
      if (verdict.status === "early") return later(job, token, verdict.waitMs);
      try {
        result = await executeDeadline(deps.domain, key);
      } catch (error) {
        if (!isDomainError(error)) throw error; // database trouble: BullMQ retries with backoff
        await refuse({ ...deps, logger }, key, error.userMessage);
        return "refused";
      }
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
