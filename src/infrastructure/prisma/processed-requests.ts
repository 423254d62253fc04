// The keys chat requests claim before they reach the domain (see adapters/slack/request-dedupe.ts
// and adapters/teams/activity-dedupe.ts). Each claim is one statement on its own, outside any
// transaction: the unique key decides between racing requests, and every command pays for its
// claims, so they are written as plain SQL rather than through Prisma's createMany (which wraps
// its INSERT in a transaction of its own) and its query compiler.
import type { PrismaClient } from "./client.js";

export class ProcessedRequests {
  constructor(private readonly prisma: PrismaClient) {}

  /** True the first time `key` is claimed; false for every later claim of it. */
  async claim(key: string, at: Date): Promise<boolean> {
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO processed_requests (request_key, at) VALUES (${key}, ${at}) ON CONFLICT (request_key) DO NOTHING`;
    return inserted === 1;
  }

  /**
   * Claims `key` unless it was claimed at or after `freshSince` (an older claim is taken over,
   * the row lock letting exactly one of two racing takeovers win); a successful claim removes the
   * other keys that start with `prefix`. One statement.
   */
  async claimFresh(key: string, prefix: string, at: Date, freshSince: Date): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<{ claimed: number }[]>`
      WITH claim AS (
        INSERT INTO processed_requests (request_key, at) VALUES (${key}, ${at})
        ON CONFLICT (request_key) DO UPDATE SET at = EXCLUDED.at WHERE processed_requests.at < ${freshSince}
        RETURNING request_key
      ), forgotten AS (
        DELETE FROM processed_requests
        WHERE starts_with(request_key, ${prefix}) AND request_key <> ${key} AND EXISTS (SELECT 1 FROM claim)
      )
      SELECT count(*)::int AS claimed FROM claim`;
    return rows[0]?.claimed === 1;
  }

  /** Removes the keys that start with `prefix`. */
  async forget(prefix: string): Promise<void> {
    await this.prisma.$executeRaw`DELETE FROM processed_requests WHERE starts_with(request_key, ${prefix})`;
  }

  /** Removes one key. */
  async release(key: string): Promise<void> {
    await this.prisma.$executeRaw`DELETE FROM processed_requests WHERE request_key = ${key}`;
  }

  /** Removes the keys starting with `prefix` claimed before `before`; how many went. */
  async prune(prefix: string, before: Date): Promise<number> {
    return this.prisma.$executeRaw`DELETE FROM processed_requests WHERE starts_with(request_key, ${prefix}) AND at < ${before}`;
  }
}
