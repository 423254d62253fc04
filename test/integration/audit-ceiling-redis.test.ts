// The refused-request audit ceiling on the run's Redis: two web processes' ceilings (two
// connections) share one allowance a minute.
import { Redis } from "ioredis";
import { afterAll, describe, expect, inject, it } from "vitest";
import { RedisAuditCeiling } from "../../src/infrastructure/queue/redis-audit-ceiling.js";
import { deletePrefixKeys, REDIS_URL } from "./worker/support/harness.js";

const prefix = `${inject("redisPrefix")}-ceiling`;
const a = new Redis(REDIS_URL);
const b = new Redis(REDIS_URL);

afterAll(async () => {
  await deletePrefixKeys(prefix);
  a.disconnect();
  b.disconnect();
});

describe("RedisAuditCeiling", () => {
  it("admits the limit, counted across connections, and no more", async () => {
    const one = new RedisAuditCeiling(a, prefix);
    const two = new RedisAuditCeiling(b, prefix);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).admit(7)));
    // A minute boundary may fall inside the burst, opening a second allowance.
    expect([7, 14]).toContain(answers.filter(Boolean).length);
    const keys = await a.keys(`${prefix}:rejected-audit:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(await a.ttl(key)).toBeGreaterThan(0);
  });
});
