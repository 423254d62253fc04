// The refused-request audit ceiling on Redis: one counter per minute (Redis's clock), shared by
// every web process. Redis being away must not stop the refusal itself, so an error admits the
// row (the database still has the final say on whether it is written).
import type { Redis } from "ioredis";

const COUNT = `
local t = redis.call('TIME')
local key = KEYS[1] .. ':' .. math.floor(tonumber(t[1]) / 60)
local n = redis.call('INCR', key)
if n == 1 then redis.call('EXPIRE', key, 120) end
return n
`;

/** Fits the application's AuditCeiling port (src/application/audit-ceiling.ts). */
export class RedisAuditCeiling {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async admit(limit: number): Promise<boolean> {
    try {
      const n = Number(await this.redis.eval(COUNT, 1, `${this.prefix}:rejected-audit`));
      return n <= limit;
    } catch {
      return true;
    }
  }
}
