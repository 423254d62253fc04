import type { Deadline as Row } from "../../generated/prisma/client.js";
import type { DeadlineRepository } from "../../domain/ports.js";
import type { Deadline, DeadlineKind } from "../../domain/types.js";
import type { Db } from "./client.js";
import { fromDbEnum, toDbEnum } from "./prisma-mapping.js";

export class PrismaDeadlineRepository implements DeadlineRepository {
  constructor(private readonly db: Db) {}

  /**
   * Keys are deterministic (reason + due epoch), so scheduling is per key:
   * - new key: inserted pending;
   * - pending: left alone (the same deadline scheduled twice);
   * - cancelled: pending again with the given due time. Moving a review A → B → A, or setting the
   *   same date twice, cancels and re-schedules the same keys: without this they stayed cancelled
   *   and their nudges were silently lost (the reconciler only rebuilds pending rows);
   * - done: left alone. It has fired (or was refused) at that very due time; reviving it would
   *   send the same nudge twice.
   */
  async schedule(deadlines: readonly Deadline[]): Promise<void> {
    if (deadlines.length === 0) return;
    await this.db.deadline.createMany({
      data: deadlines.map((d) => ({ key: d.key, kind: toDbEnum(d.kind), caseId: d.caseId, subjectId: d.subjectId, dueAt: d.dueAt, state: d.state })),
      skipDuplicates: true,
    });
    const wanted = deadlines.filter((d) => d.state === "pending");
    if (wanted.length === 0) return;
    const cancelled = await this.db.deadline.findMany({
      where: { key: { in: wanted.map((d) => d.key) }, state: "cancelled" },
      select: { key: true },
    });
    const revive = new Set(cancelled.map((row) => row.key));
    for (const d of wanted) {
      if (!revive.has(d.key)) continue;
      // The state condition again: a row another transaction marked done meanwhile stays done.
      await this.db.deadline.updateMany({ where: { key: d.key, state: "cancelled" }, data: { state: "pending", dueAt: d.dueAt } });
    }
  }

  async cancelForSubject(subjectId: string, kinds?: readonly DeadlineKind[]): Promise<string[]> {
    const rows = await this.db.deadline.updateManyAndReturn({
      where: { subjectId, state: "pending", ...(kinds ? { kind: { in: kinds.map((k) => toDbEnum(k)) } } : {}) },
      data: { state: "cancelled" },
      select: { key: true },
    });
    return rows.map((row) => row.key).sort();
  }

  async pendingForSubject(subjectId: string, kinds: readonly DeadlineKind[]): Promise<Deadline[]> {
    const rows = await this.db.deadline.findMany({
      where: { subjectId, state: "pending", kind: { in: kinds.map((k) => toDbEnum(k)) } },
      orderBy: [{ dueAt: "asc" }, { key: "asc" }],
    });
    return rows.map(toDomain);
  }

  async latestDoneForSubject(subjectId: string, kinds: readonly DeadlineKind[], dueBy: Date): Promise<Deadline | null> {
    const row = await this.db.deadline.findFirst({
      where: { subjectId, state: "done", dueAt: { lte: dueBy }, kind: { in: kinds.map((k) => toDbEnum(k)) } },
      orderBy: [{ dueAt: "desc" }, { key: "desc" }],
    });
    return row ? toDomain(row) : null;
  }

  async cancelKeys(keys: readonly string[]): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.deadline.updateManyAndReturn({
      where: { key: { in: [...keys] }, state: "pending" },
      data: { state: "cancelled" },
      select: { key: true },
    });
    return rows.map((row) => row.key).sort();
  }

  async get(key: string): Promise<Deadline | null> {
    const row = await this.db.deadline.findUnique({ where: { key } });
    return row && toDomain(row);
  }

  // getMany and markAllDone serve batches of a hundred nudges: raw SQL, several times cheaper in
  // CPU than the ORM's query for as many keys.
  async getMany(keys: readonly string[]): Promise<Deadline[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.$queryRaw<{ key: string; kind: string; case_id: string; subject_id: string; due_at: Date; state: Deadline["state"] }[]>`
      SELECT key, kind::text AS kind, case_id::text AS case_id, subject_id, due_at, state::text AS state
      FROM deadlines WHERE key = ANY(${[...new Set(keys)]}::text[])`;
    return rows.map((r) => ({ key: r.key, kind: fromDbEnum(r.kind) as DeadlineKind, caseId: r.case_id, subjectId: r.subject_id, dueAt: r.due_at, state: r.state }));
  }

  async markAllDone(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.$executeRaw`UPDATE deadlines SET state = 'done' WHERE key = ANY(${[...keys]}::text[])`;
  }

  async markDone(key: string): Promise<void> {
    // updateMany: marking a key that is not there is not an error (the in-memory store agrees).
    await this.db.deadline.updateMany({ where: { key }, data: { state: "done" } });
  }

  /** Keyset pagination in key order, for the reconciler walking every pending deadline. */
  async listPending(limit: number, afterKey?: string): Promise<Deadline[]> {
    const rows = await this.db.deadline.findMany({
      where: { state: "pending", ...(afterKey !== undefined ? { key: { gt: afterKey } } : {}) },
      orderBy: { key: "asc" },
      take: limit,
    });
    return rows.map(toDomain);
  }
}

function toDomain(row: Row): Deadline {
  return { key: row.key, kind: fromDbEnum(row.kind), caseId: row.caseId, subjectId: row.subjectId, dueAt: row.dueAt, state: row.state };
}
