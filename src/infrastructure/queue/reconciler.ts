// Rebuilds Redis from Postgres: every pending deadline row gets its delayed job back (same
// deterministic id, so a job that exists is left alone), every deadline already due gets its job
// run now, and every undelivered outbox entry gets its delivery job (or its digest flush) back.
// It also makes sure the next weekly digest's delayed job exists (oversight-jobs.ts).
// Runs at worker start-up and every few minutes, so flushing Redis loses nothing.
//
// Sized for 100,000 pending rows: keyset paging over deadlines (state, due_at, key) on the
// (state, due_at) index, one addBulk per page, and a per-job lookup only for rows already due.
import type { Job, Queue } from "bullmq";
import type { Logger } from "pino";
import { Prisma } from "../../generated/prisma/client.js";
import type { DeadlineKind } from "../../domain/types.js";
import type { PrismaClient } from "../prisma/client.js";
import { fromDbEnum } from "../prisma/prisma-mapping.js";
import type { FireTimes } from "./fire-times.js";
import { ensureWeeklyDigestJob } from "./oversight-jobs.js";
import { JOBS, type LeadbotQueues } from "./queues.js";

export interface ReconcileReport {
  deadlines: number;
  /** Due deadlines whose delayed job was brought forward (or re-added) to run now. */
  due: number;
  outbox: number;
  digestGroups: number;
  /** When the next weekly digest is due (ISO). */
  weeklyDigestAt: string;
  ms: number;
}

interface DeadlineRow {
  key: string;
  kind: string;
  due_at: Date;
}

interface OutboxRow {
  key: string;
  created_at: Date;
  digest_group: string | null;
}

export class Reconciler {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly queues: LeadbotQueues,
    private readonly fireTimes: FireTimes,
    private readonly logger: Logger,
    private readonly pageSize = 1_000,
  ) {}

  async run(): Promise<ReconcileReport> {
    const started = Date.now();
    const { deadlines, due } = await this.deadlines();
    const { outbox, digestGroups } = await this.outbox();
    const weeklyDigestAt = (await ensureWeeklyDigestJob(this.queues, this.fireTimes)).toISOString();
    const report = { deadlines, due, outbox, digestGroups, weeklyDigestAt, ms: Date.now() - started };
    this.logger.info(report, "reconciled the queues with Postgres");
    return report;
  }

  private async deadlines(): Promise<{ deadlines: number; due: number }> {
    const calendar = await this.fireTimes.calendar();
    const now = this.fireTimes.clock.now();
    let after: { dueAt: Date; key: string } | null = null;
    let total = 0;
    let due = 0;
    for (;;) {
      const rows: DeadlineRow[] = await this.prisma.$queryRaw<DeadlineRow[]>`
        SELECT key, kind::text AS kind, due_at FROM deadlines
        WHERE state = 'pending' ${after ? Prisma.sql`AND (due_at, key) > (${after.dueAt}, ${after.key})` : Prisma.empty}
        ORDER BY due_at, key
        LIMIT ${this.pageSize}`;
      if (rows.length === 0) break;
      total += rows.length;
      const last = rows[rows.length - 1]!;
      after = { dueAt: last.due_at, key: last.key };

      const byQueue = new Map<Queue, { key: string; delay: number }[]>();
      const dueNow: { queue: Queue; key: string }[] = [];
      for (const row of rows) {
        const kind = fromDbEnum(row.kind) as DeadlineKind;
        const queue = this.queues.deadlineQueue(kind);
        const delay = this.fireTimes.delayMs({ kind, dueAt: row.due_at }, calendar, now);
        if (delay === 0) dueNow.push({ queue, key: row.key });
        const list = byQueue.get(queue) ?? [];
        list.push({ key: row.key, delay });
        byQueue.set(queue, list);
      }
      // Adding an id that exists is a no-op: only the jobs Redis lost come back.
      await Promise.all(
        [...byQueue].map(([queue, jobs]) =>
          queue.addBulk(jobs.map((j) => ({ name: JOBS.deadline.name, data: { key: j.key }, opts: { jobId: j.key, delay: j.delay } }))),
        ),
      );
      // A job added while the clock said "later" (a clock jump, a settings change) runs now.
      for (let i = 0; i < dueNow.length; i += 50) {
        const promoted = await Promise.all(dueNow.slice(i, i + 50).map(({ queue, key }) => promoteIfDelayed(queue, key)));
        due += promoted.filter(Boolean).length;
      }
      if (rows.length < this.pageSize) break;
    }
    return { deadlines: total, due };
  }

  private async outbox(): Promise<{ outbox: number; digestGroups: number }> {
    let after: { createdAt: Date; key: string } | null = null;
    let total = 0;
    const groups = new Set<string>();
    for (;;) {
      const rows: OutboxRow[] = await this.prisma.$queryRaw<OutboxRow[]>`
        SELECT key, created_at, digest_group FROM outbox
        WHERE delivered_at IS NULL AND failed_at IS NULL
          ${after ? Prisma.sql`AND (created_at, key) > (${after.createdAt}, ${after.key})` : Prisma.empty}
        ORDER BY created_at, key
        LIMIT ${this.pageSize}`;
      if (rows.length === 0) break;
      total += rows.length;
      const last = rows[rows.length - 1]!;
      after = { createdAt: last.created_at, key: last.key };
      const deliverable = rows.filter((r) => r.digest_group === null).map((r) => r.key);
      for (const r of rows) if (r.digest_group) groups.add(r.digest_group);
      await this.queues.enqueueDeliveries(deliverable);
      if (rows.length < this.pageSize) break;
    }
    for (const group of groups) await this.queues.ensureDigestFlush(group);
    return { outbox: total, digestGroups: groups.size };
  }
}

async function promoteIfDelayed(queue: Queue, key: string): Promise<boolean> {
  const job: Job | undefined = await queue.getJob(key);
  if (!job || !(await job.isDelayed())) return false;
  try {
    await job.promote();
    return true;
  } catch {
    return false; // moved on meanwhile (promoted or started elsewhere)
  }
}
