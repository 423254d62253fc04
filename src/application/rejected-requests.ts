// Requests refused at the door (a bad or missing Slack signature, a stale timestamp, a replay,
// a Teams request without a valid token) never reach a use case, so the domain cannot audit
// them. They are audited here instead: an audit row (action `request.rejected`, no actor, no
// case) for each, up to a ceiling per minute so that a flood of junk cannot fill the audit
// table, plus a warning in the log and a metric that count every one.
import type { Logger } from "pino";
import type { Clock, UnitOfWork } from "../domain/ports.js";
import { ProcessAuditCeiling, type AuditCeiling } from "./audit-ceiling.js";

/** `identity-unavailable`: a Teams token that could not be checked (Bot Framework keys unreachable). */
export type RejectionReason = "unsigned" | "stale" | "bad-signature" | "replayed" | "unauthenticated" | "identity-unavailable";

export interface RejectedRequestsDeps {
  uow: UnitOfWork;
  clock: Clock;
  logger: Logger;
  onRejected?: (platform: "slack" | "teams", reason: RejectionReason) => void;
  /** Shared by the web processes once Redis is attached (see useCeiling). */
  ceiling?: AuditCeiling;
}

export class RejectedRequests {
  private ceiling: AuditCeiling;
  /** The overflow warning is logged once a minute at most, not once per refused request. */
  private warnedAt = 0;
  private readonly writing = new Set<Promise<void>>();

  constructor(
    private readonly deps: RejectedRequestsDeps,
    /** Audit rows per minute at most; the rest are only logged and counted. */
    private readonly perMinute = 60,
  ) {
    this.ceiling = deps.ceiling ?? new ProcessAuditCeiling();
  }

  /** Counts against a ceiling shared with other processes from now on. */
  useCeiling(ceiling: AuditCeiling): void {
    this.ceiling = ceiling;
  }

  async record(platform: "slack" | "teams", reason: RejectionReason, requestId: string | null = null): Promise<void> {
    this.deps.onRejected?.(platform, reason);
    // `refusal`, not `reason`: the logger redacts `reason` (what people type when they object).
    this.deps.logger.warn({ platform, refusal: reason, requestId }, "request refused before it reached leadbot's rules");
    // Real time, not the domain clock: the ceiling protects the database, whatever day it is.
    if (!(await this.ceiling.admit(this.perMinute))) {
      const now = Date.now();
      if (now - this.warnedAt >= 60_000) {
        this.warnedAt = now;
        this.deps.logger.warn({ perMinute: this.perMinute }, "more refused requests this minute: counted, not audited");
      }
      return;
    }
    const write = this.deps.uow
      .run((repos) =>
        repos.audit.append({ at: this.deps.clock.now(), actorId: null, platform, action: "request.rejected", caseId: null, outcome: "refused", detail: { reason, ...(requestId ? { requestId } : {}) } }),
      )
      .catch((err: unknown) => this.deps.logger.error({ err, platform, refusal: reason }, "could not audit a refused request"));
    this.writing.add(write);
    try {
      await write;
    } finally {
      this.writing.delete(write);
    }
  }

  /** Waits for audit rows still being written (before the database connection is closed). */
  async drain(): Promise<void> {
    await Promise.all([...this.writing]);
  }
}
