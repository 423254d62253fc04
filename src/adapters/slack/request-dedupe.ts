// Slack delivers some requests more than once, and people double-click. Both must never apply a
// change twice, so before a request reaches the domain it claims a key in processed_requests:
// an INSERT … ON CONFLICT DO NOTHING decides, in the database, which of two racing requests
// handles it.
//
// - `claimOnce(key)`: the same Slack request (a retry with X-Slack-Retry-Num, or a replay of the
//   same signed body) has the same trigger id / event id, so only its first delivery is handled.
// - `claimRecent(scope, fingerprint)`: the same person sending the same command or clicking the
//   same button again within a few seconds is a double submit. Their key expires after the
//   window, and doing something *else* clears their older keys, so agree → object → agree is
//   three votes, while agree-agree (a double click) is one.
import { createHash } from "node:crypto";
import type { PrismaClient } from "../../infrastructure/prisma/client.js";
import { ProcessedRequests } from "../../infrastructure/prisma/processed-requests.js";

/**
 * Slack retries within minutes and refuses signatures older than 5 minutes, so a day is far more
 * than a key needs to live. Every so many claims, older Slack keys are removed.
 */
const KEEP_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY = 500;

export class RequestDedupe {
  private claims = 0;
  private readonly keys: ProcessedRequests;

  constructor(
    prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.keys = new ProcessedRequests(prisma);
  }

  /** True the first time a key is seen; false for every later delivery of it. */
  async claimOnce(key: string): Promise<boolean> {
    const claimed = await this.keys.claim(key, this.now());
    await this.counted();
    return claimed;
  }

  /** Removes Slack keys older than a day. */
  prune(): Promise<number> {
    return this.keys.prune("slack:", new Date(this.now().getTime() - KEEP_MS));
  }

  /**
   * True unless `owner` claimed the same fingerprint less than `windowMs` ago. A successful claim
   * forgets the owner's other recent claims in the same scope.
   */
  async claimRecent(scope: string, owner: string, fingerprint: string, windowMs: number): Promise<boolean> {
    const prefix = recentPrefix(scope, owner);
    const now = this.now();
    const claimed = await this.keys.claimFresh(`${prefix}${digest(fingerprint)}`, prefix, now, new Date(now.getTime() - windowMs));
    await this.counted();
    return claimed;
  }

  /** Forgets the owner's recent claims in a scope: they did something else since. */
  forget(scope: string, owner: string): Promise<void> {
    return this.keys.forget(recentPrefix(scope, owner));
  }

  private async counted(): Promise<void> {
    if (++this.claims % PRUNE_EVERY === 0) await this.prune();
  }
}

const recentPrefix = (scope: string, owner: string): string => `slack:recent:${scope}:${digest(owner)}:`;

/** Keys hold no readable content: commands can name cases and reasons. */
function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 32);
}
