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

const SNOOZED = "snoozed";

/**
 * The same deadline moved to a later time by a snooze. The key keeps the original's (so the trail
 * shows where it came from) and marks it snoozed: a nudge is snoozed once, and the mark is how
 * the next snooze tells. Deterministic, so a retried snooze lands on the same row.
 */
export function snoozedDeadline(original: Deadline, dueAt: Date): Deadline {
  const epoch = Math.floor(dueAt.getTime() / 1000);
  return { ...original, key: `${original.key}-${SNOOZED}-${epoch}`, dueAt, state: "pending" };
}

export const isSnoozed = (d: Deadline): boolean => d.key.includes(`-${SNOOZED}-`);

export function makeDeadline(
  kind: DeadlineKind,
  caseId: string,
  subjectId: string,
  dueAt: Date,
  tag?: string,
): Deadline {
  return { key: deadlineKey(kind, subjectId, dueAt, tag), kind, caseId, subjectId, dueAt, state: "pending" };
}
