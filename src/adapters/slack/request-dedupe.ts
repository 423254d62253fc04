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

/**
 * Slack retries within minutes and refuses signatures older than 5 minutes, so a day is far more
 * than a key needs to live. Every so many claims, older Slack keys are removed.
 */
const KEEP_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY = 500;

export class RequestDedupe {
  private claims = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** True the first time a key is seen; false for every later delivery of it. */
  async claimOnce(key: string): Promise<boolean> {
    const { count } = await this.prisma.processedRequest.createMany({
      data: [{ requestKey: key, at: this.now() }],
      skipDuplicates: true,
    });
    if (++this.claims % PRUNE_EVERY === 0) await this.prune();
    return count === 1;
  }

  /** Removes Slack keys older than a day. */
  async prune(): Promise<number> {
    const { count } = await this.prisma.processedRequest.deleteMany({
      where: { requestKey: { startsWith: "slack:" }, at: { lt: new Date(this.now().getTime() - KEEP_MS) } },
    });
    return count;
  }

  /**
   * True unless `owner` claimed the same fingerprint less than `windowMs` ago. A successful claim
   * forgets the owner's other recent claims in the same scope.
   */
  async claimRecent(scope: string, owner: string, fingerprint: string, windowMs: number): Promise<boolean> {
    const prefix = `slack:recent:${scope}:${digest(owner)}:`;
    const key = `${prefix}${digest(fingerprint)}`;
    const now = this.now();
    let claimed = await this.claimOnce(key);
    if (!claimed) {
      // Take over an expired claim; the row lock makes exactly one of two racing takeovers win.
      const { count } = await this.prisma.processedRequest.updateMany({
        where: { requestKey: key, at: { lt: new Date(now.getTime() - windowMs) } },
        data: { at: now },
      });
      claimed = count === 1;
    }
    if (claimed) {
      await this.prisma.processedRequest.deleteMany({ where: { requestKey: { startsWith: prefix, not: key } } });
    }
    return claimed;
  }

  /** Forgets the owner's recent claims in a scope: they did something else since. */
  async forget(scope: string, owner: string): Promise<void> {
    await this.prisma.processedRequest.deleteMany({ where: { requestKey: { startsWith: `slack:recent:${scope}:${digest(owner)}:` } } });
  }
}

/** Keys hold no readable content: commands can name cases and reasons. */
function digest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 32);
}
