import type { UseCaseDeps } from "../domain/context.js";
import { anonymiseCase, type RetentionResult } from "../domain/oversight/retention.js";
import type { AuditArchive } from "../domain/ports.js";
import { contextFor } from "./use-case-context.js";

export interface RetentionDeps extends UseCaseDeps {
  archive: AuditArchive;
}

/**
 * Exports the audit trail of, then anonymises, every case closed before `cutoff` (at most `limit`
 * per run; the rest wait for the next run), each in a transaction of its own so that one failure
 * holds up nothing else.
 */
export async function executeRetention(deps: RetentionDeps, cutoff: Date, limit = 500): Promise<RetentionResult> {
  const due = await deps.uow.run((repos) => repos.retention.closedBefore(cutoff, limit));
  const result: RetentionResult = { anonymised: [], failed: [] };
  for (const c of due) {
    try {
      const done = await deps.uow.run(async (repos) => anonymiseCase(await contextFor(repos, deps, null), deps.archive, c.reference, cutoff));
      if (done) result.anonymised.push(done);
    } catch (error) {
      result.failed.push({ caseId: c.id, error });
    }
  }
  return result;
}

