// Deadlines firing: one at a time, in batches of the kinds that can fire together, and the check
// the outbox makes right before sending a nudge a deadline wrote.
import { UseCaseContext, type UseCaseDeps } from "../domain/context.js";
import { batchRepositories, canFireTogether } from "../domain/deadlines/fired-together.js";
import { handleDeadline } from "../domain/deadlines/handle-deadline.js";
import { whyNudgeIsMoot } from "../domain/deadlines/nudge-relevance.js";
import type { Notification, Outcome, OutboxEntry } from "../domain/ports.js";
import type { Practitioner } from "../domain/types.js";
import { contextFor } from "./use-case-context.js";

export interface DeadlineResult {
  fired: boolean;
  outcome: Outcome;
}

/** Acts on a due deadline once: a deadline already done or cancelled does nothing. */
export async function executeDeadline(deps: UseCaseDeps, key: string): Promise<DeadlineResult> {
  return deps.uow.run(async (repos) => {
    const ctx = await contextFor(repos, deps, null);
    const empty = ctx.outcome({ type: "text", tone: "info", caseRef: null, text: "" });
    const deadline = await repos.deadlines.get(key);
    if (!deadline || deadline.state !== "pending") return { fired: false, outcome: empty };
    const found = await repos.cases.get(deadline.caseId);
    const c = found ? await repos.cases.getByReference(found.reference, { lock: true }) : null;
    const again = await repos.deadlines.get(key);
    if (!c || !again || again.state !== "pending") return { fired: false, outcome: empty };
    const fired = await handleDeadline(ctx, deadline, c);
    await repos.deadlines.markDone(key);
    // Keyed by the deadline: the same deadline can never queue its messages twice.
    const outcome = await ctx.queueNotifications(ctx.outcome({ type: "text", tone: "info", caseRef: c.reference, text: "" }), key);
    return { fired, outcome };
  });
}

/**
 * Acts on many due deadlines of the kinds that can fire together (canFireTogether) in one unit
 * of work, each exactly as executeDeadline would: their cases locked (in id order) and the
 * deadlines read again under the locks, each handled on its own context, then the audit rows,
 * messages and done marks written in bulk. Keys of other kinds, unknown keys and deadlines no
 * longer pending come back as not fired. Any failure rolls the whole batch back: the caller then
 * runs each key through executeDeadline, so one bad deadline never holds up or spoils the rest.
 */
export async function executeDeadlines(deps: UseCaseDeps, keys: readonly string[]): Promise<Map<string, DeadlineResult>> {
  return deps.uow.run(async (repos) => {
    const base = await contextFor(repos, deps, null);
    const results = new Map<string, DeadlineResult>();
    const notFired = (): DeadlineResult => ({ fired: false, outcome: base.outcome({ type: "text", tone: "info", caseRef: null, text: "" }) });
    for (const key of keys) results.set(key, notFired());
    const first = (await repos.deadlines.getMany(keys)).filter((d) => d.state === "pending" && canFireTogether(d.kind));
    const cases = new Map((await repos.cases.lockMany(first.map((d) => d.caseId))).map((c) => [c.id, c]));
    const due = (await repos.deadlines.getMany(first.map((d) => d.key)))
      .filter((d) => d.state === "pending" && cases.has(d.caseId))
      .sort((a, b) => a.key.localeCompare(b.key));
    if (due.length === 0) return results;

    const leads = [...cases.values()].flatMap((c) => (c.leadId ? [c.leadId] : []));
    const people = new Map<string, Practitioner | null>((await repos.practitioners.getMany(leads)).map((p) => [p.id, p]));
    const batch = batchRepositories(repos, people);
    const entries: OutboxEntry[] = [];
    for (const d of due) {
      const c = cases.get(d.caseId)!;
      const ctx = new UseCaseContext(batch.repos, null, "system", null, null, base.now, base.settings, base.calendar, deps.ids);
      const fired = await handleDeadline(ctx, d, c);
      const outcome = ctx.outcome({ type: "text", tone: "info", caseRef: c.reference, text: "" });
      const mine = ctx.outboxEntries(outcome, d.key);
      entries.push(...mine);
      results.set(d.key, { fired, outcome: { ...outcome, outboxKeys: mine.map((e) => e.key) } });
    }
    await batch.flush();
    await repos.deadlines.markAllDone(due.map((d) => d.key));
    await repos.outbox.add(entries);
    return results;
  });
}

/**
 * Why a message that the deadline `<deadlineKey>` wrote to the outbox (as `<deadlineKey>-<n>`,
 * see executeDeadline) should no longer be sent, or null while its reason stands, and for
 * messages no deadline wrote. Asked by the outbox dispatcher right before each attempt.
 */
export async function whyOutboxNudgeIsMoot(
  deps: UseCaseDeps,
  outboxKey: string,
  notification: Notification,
  writtenAt: Date,
): Promise<{ reason: string; caseId: string } | null> {
  const deadlineKey = /^(.+)-\d+$/.exec(outboxKey)?.[1];
  if (!deadlineKey) return null;
  return deps.uow.run(async (repos) => {
    const deadline = await repos.deadlines.get(deadlineKey);
    if (!deadline) return null;
    const reason = await whyNudgeIsMoot(await contextFor(repos, deps, null), deadline, notification, writtenAt);
    return reason ? { reason, caseId: deadline.caseId } : null;
  });
}
