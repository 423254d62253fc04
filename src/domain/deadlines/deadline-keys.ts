import type { Deadline, DeadlineKind } from "../types.js";

/**
 * Deterministic keys: the same reason and due time always give the same key, so scheduling twice
 * is harmless and the queue's job id can be derived from the row. Keys never contain ':' and are
 * never integer-like (both are forbidden as BullMQ custom job ids).
 */
export function deadlineKey(kind: DeadlineKind, subjectId: string, dueAt: Date, tag?: string): string {
  const epoch = Math.floor(dueAt.getTime() / 1000);
  return [kind, subjectId, tag, String(epoch)].filter(Boolean).join("-");
}

export function makeDeadline(
  kind: DeadlineKind,
  caseId: string,
  subjectId: string,
  dueAt: Date,
  tag?: string,
): Deadline {
  return { key: deadlineKey(kind, subjectId, dueAt, tag), kind, caseId, subjectId, dueAt, state: "pending" };
}
