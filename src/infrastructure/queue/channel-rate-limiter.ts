// Paces messages per chat destination (a channel or a person's direct chat). Open-source BullMQ
// has no per-group rate limit, and Slack allows about one message per second per channel, so every
// dispatcher, in any process, reserves its slot in one Redis key per destination first.
import type { Redis } from "ioredis";
import type { Platform } from "../../domain/types.js";
import type { ChatDestination } from "../notify/chat-sender.js";

/**
 * KEYS[1] holds the earliest moment (ms, Redis clock) the destination is free again.
 * ARGV: interval ms, longest acceptable wait ms. Reserves the next slot only when it comes soon
 * enough; returns { reserved (1/0), wait ms }.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, free)
local wait = slot - now
if wait > tonumber(ARGV[2]) then return {0, wait} end
local nextFree = slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], nextFree, 'PX', nextFree - now + 1000)
return {1, wait}
`;

/** KEYS[1] as above; ARGV[1]: ms the platform asked us to hold off (Retry-After). */
const BLOCK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local untilMs = now + tonumber(ARGV[1])
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > free then redis.call('SET', KEYS[1], untilMs, 'PX', untilMs - now + 1000) end
return untilMs - now
`;

export interface Reservation {
  /** True: send after `waitMs`. False: the destination is busy for `waitMs`; try again then. */
  reserved: boolean;
  waitMs: number;
}

export interface ChannelPacer {
  reserve(destination: ChatDestination, maxWaitMs: number): Promise<Reservation>;
  /** The platform said 429: nobody sends to this destination for `ms`. */
  block(destination: ChatDestination, ms: number): Promise<void>;
}

export class RedisChannelRateLimiter implements ChannelPacer {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly intervalMs: Partial<Record<Platform, number>>,
  ) {}

  private key(d: ChatDestination): string {
    return `${this.prefix}:pace:${d.platform}:${d.id}`;
  }

  async reserve(destination: ChatDestination, maxWaitMs: number): Promise<Reservation> {
    // An unpaced platform (interval 0) still honours a Retry-After block.
    const interval = Math.max(0, this.intervalMs[destination.platform] ?? 0);
    const [reserved, wait] = (await this.redis.eval(RESERVE, 1, this.key(destination), interval, maxWaitMs)) as [number, number];
    return { reserved: reserved === 1, waitMs: Math.max(0, wait) };
  }

  async block(destination: ChatDestination, ms: number): Promise<void> {
    await this.redis.eval(BLOCK, 1, this.key(destination), Math.max(0, Math.ceil(ms)));
  }
}
