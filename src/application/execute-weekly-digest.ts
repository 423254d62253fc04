import type { UseCaseDeps } from "../domain/context.js";
import { weeklyDigest } from "../domain/oversight/weekly-digest.js";
import type { Outcome } from "../domain/ports.js";
import { contextFor } from "./use-case-context.js";

/** The weekly digest due at `at`: its job id in the worker and its mark in the audit trail. */
export const weeklyDigestRunKey = (at: Date): string => `weekly-digest-${at.getTime()}`;

/**
 * Builds the Monday digests due at `at` (one per line manager, one for the access team) and
 * writes them to the outbox as `digest-weekly-<epoch>-<n>`: already a digest, so never parked
 * for merging with other access-team messages.
 */
export async function executeWeeklyDigest(deps: UseCaseDeps, at: Date = deps.clock.now()): Promise<Outcome> {
  return deps.uow.run(async (repos) => {
    const ctx = await contextFor(repos, deps, null);
    const { managers } = await weeklyDigest(ctx, weeklyDigestRunKey(at));
    const outcome = ctx.outcome({ type: "text", tone: "info", caseRef: null, text: `Weekly digest for ${managers} line managers and the access team.` });
    return ctx.queueNotifications(outcome, `digest-weekly-${at.getTime()}`);
  });
}
