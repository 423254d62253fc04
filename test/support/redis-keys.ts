// Redis keys under one prefix: each test run (and each app a test starts) has its own, and other
// runs share the server, so tests delete their own keys only (never FLUSHALL).
import { Redis } from "ioredis";
import { DEFAULTS } from "../../src/config/env.js";

const REDIS_URL = process.env.REDIS_URL?.trim() || DEFAULTS.REDIS_URL;

/** Deletes this prefix's keys only: other test runs share the Redis server (never FLUSHALL). */
export async function deletePrefixKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export async function countPrefixKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  let count = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
      cursor = next;
      count += keys.length;
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return count;
}
