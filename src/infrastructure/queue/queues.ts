// The BullMQ queues, their job definitions and the Redis connections behind them. Redis only holds
// the schedule: every job here can be rebuilt from Postgres by the reconciler.
import { Queue, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import type { Config } from "../../config/env.js";
import type { DeadlineKind, Platform } from "../../domain/types.js";

export const QUEUE_NAMES = {
  /** State changes that must happen on time: a vote closing, an escalation level timing out. */
  timeouts: "timeouts",
  /** Reminders and alerts: delivered in working hours only. */
  nudges: "nudges",
  /** Delivery of outbox entries to chat, and the access-team digests. */
  outbox: "outbox",
  /** The recurring reconcile and retention (job schedulers) and the weekly digest. */
  maintenance: "maintenance",
} as const;

/** Deadlines whose firing changes state; the rest are nudges, which wait for working hours [DOMAIN §9]. */
export const STATE_CHANGE_KINDS: ReadonlySet<DeadlineKind> = new Set<DeadlineKind>(["vote-close", "escalation-timeout"]);
export const isNudgeKind = (kind: DeadlineKind): boolean => !STATE_CHANGE_KINDS.has(kind);

/**
 * A custom BullMQ job id: BullMQ refuses ':' (its key separator) and integer-like ids (they clash
 * with its own counters). Deadline keys and outbox keys are built to pass.
 */
export const jobKey = z
  .string()
  .min(1)
  .max(500)
  .refine((key) => !key.includes(":") && !/^\d+$/.test(key), { error: "not usable as a BullMQ job id" });

/** Every job is a name and a payload schema; processors parse the payload again before acting. */
export const JOBS = {
  deadline: { name: "deadline", schema: z.object({ key: jobKey }) },
  delivery: { name: "deliver", schema: z.object({ key: jobKey }) },
  digest: { name: "digest", schema: z.object({ group: z.string().min(1).max(100) }) },
  reconcile: { name: "reconcile", schema: z.object({}) },
  /** The Monday digest due at `at` (epoch ms); job id `weekly-digest-<at>`. */
  weeklyDigest: { name: "weekly-digest", schema: z.object({ at: z.number().int().positive() }) },
  /** Daily: export and anonymise closed cases past RETENTION_YEARS. */
  retention: { name: "retention", schema: z.object({}) },
} as const;

/** Knobs of the schedule and of delivery. Production uses the defaults; tests shrink them. */
export interface QueueTimings {
  deadlineAttempts: number;
  deadlineBackoffMs: number;
  deliveryAttempts: number;
  /** First retry delay; each further retry doubles it (exponential backoff). */
  deliveryBackoffMs: number;
  /** How long a dispatcher holds an outbox entry; a crashed dispatcher's claim runs out after this. */
  claimMs: number;
  /** Access-team notifications of one kind queued within this window go out as one digest. */
  digestWindowMs: number;
  /** Entries per digest message; a bigger burst becomes several digests. */
  digestMaxItems: number;
  /** A command's messages are delivered at once; this queued job only runs if that failed. */
  safetyNetDelayMs: number;
  reconcileEveryMs: number;
  /** Minimum gap between two messages to one channel or person, per platform (Slack: ~1/s). */
  pacingMs: Partial<Record<Platform, number>>;
  /** Waiting for a channel's turn longer than this re-queues the job instead of holding a slot. */
  maxInlineWaitMs: number;
  /** BullMQ lock on an active job; a killed worker's jobs are retried once it lapses. */
  lockDurationMs: number;
  stalledIntervalMs: number;
}

export const DEFAULT_TIMINGS: QueueTimings = {
  deadlineAttempts: 5,
  deadlineBackoffMs: 5_000,
  deliveryAttempts: 8,
  deliveryBackoffMs: 10_000,
  claimMs: 120_000,
  digestWindowMs: 60_000,
  digestMaxItems: 100,
  safetyNetDelayMs: 30_000,
  reconcileEveryMs: 5 * 60_000,
  pacingMs: { slack: 1_000, teams: 1_000, playground: 0 },
  maxInlineWaitMs: 2_000,
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
};

export interface QueueSettings {
  url: string;
  /** REDIS_PREFIX: every key leadbot writes starts with `<prefix>:`. */
  prefix: string;
  timings?: Partial<QueueTimings>;
}

/**
 * Producer side of the queues (adding, moving and removing jobs) on one shared connection, plus
 * a factory for the connections workers need. Closing it closes everything it opened.
 */
export class LeadbotQueues {
  readonly prefix: string;
  readonly timings: QueueTimings;
  /** Commands fail fast when Redis is away: the reconciler rebuilds whatever was not added. */
  readonly connection: Redis;
  readonly timeouts: Queue;
  readonly nudges: Queue;
  readonly outbox: Queue;
  readonly maintenance: Queue;
  private readonly workerConnections: Redis[] = [];
  private closed = false;

  constructor(private readonly settings: QueueSettings) {
    this.prefix = settings.prefix;
    this.timings = { ...DEFAULT_TIMINGS, ...settings.timings, pacingMs: { ...DEFAULT_TIMINGS.pacingMs, ...settings.timings?.pacingMs } };
    this.connection = new Redis(settings.url, { maxRetriesPerRequest: 3, connectionName: `${this.prefix}-producer` });
    // An unhandled 'error' event would crash the process; ioredis reconnects by itself.
    this.connection.on("error", () => undefined);
    const t = this.timings;
    const deadlineJobs: JobsOptions = {
      attempts: t.deadlineAttempts,
      backoff: { type: "exponential", delay: t.deadlineBackoffMs },
      // Removed once finished so the reconciler can add the id again if the row is still pending.
      removeOnComplete: true,
      removeOnFail: true,
    };
    const make = (name: string, defaultJobOptions: JobsOptions) =>
      new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions });
    this.timeouts = make(QUEUE_NAMES.timeouts, deadlineJobs);
    this.nudges = make(QUEUE_NAMES.nudges, deadlineJobs);
    this.outbox = make(QUEUE_NAMES.outbox, {
      attempts: t.deliveryAttempts,
      backoff: { type: "exponential", delay: t.deliveryBackoffMs },
      removeOnComplete: true,
      removeOnFail: true,
    });
    this.maintenance = make(QUEUE_NAMES.maintenance, { removeOnComplete: true, removeOnFail: 100 });
    for (const q of this.all) q.on("error", () => undefined);
  }

  static fromConfig(config: Pick<Config, "redis">, timings?: Partial<QueueTimings>): LeadbotQueues {
    return new LeadbotQueues({ url: config.redis.url, prefix: config.redis.prefix, ...(timings ? { timings } : {}) });
  }

  get all(): Queue[] {
    return [this.timeouts, this.nudges, this.outbox, this.maintenance];
  }

  deadlineQueue(kind: DeadlineKind): Queue {
    return isNudgeKind(kind) ? this.nudges : this.timeouts;
  }

  /** A Redis key of leadbot's own (pacing, markers) under the deployment's prefix. */
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(":");
  }

  /** A fresh connection for one Worker: blocking commands need `maxRetriesPerRequest: null`. */
  workerConnection(): Redis {
    const connection = new Redis(this.settings.url, { maxRetriesPerRequest: null, connectionName: `${this.prefix}-worker` });
    connection.on("error", () => undefined);
    this.workerConnections.push(connection);
    return connection;
  }

  /** Adds (or leaves alone, when the id exists) one delivery job per outbox key. */
  async enqueueDeliveries(keys: readonly string[], delayMs = 0): Promise<void> {
    if (keys.length === 0) return;
    await this.outbox.addBulk(
      keys.map((key) => ({ name: JOBS.delivery.name, data: { key }, opts: { jobId: key, ...(delayMs > 0 ? { delay: delayMs } : {}) } })),
    );
  }

  /**
   * Makes sure a digest of `group` will be flushed: the first entry of a burst opens the window,
   * later ones find the job waiting. One arriving while a flush runs gets a flush of its own.
   */
  async ensureDigestFlush(group: string): Promise<void> {
    await this.outbox.add(
      JOBS.digest.name,
      { group },
      { delay: this.timings.digestWindowMs, deduplication: { id: `digest-${group}`, keepLastIfActive: true } },
    );
  }

  /** Readiness: Redis answers PING. */
  async ping(): Promise<boolean> {
    return (await this.connection.ping()) === "PONG";
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.all.map((q) => q.close()));
    await Promise.allSettled([this.connection, ...this.workerConnections].map((c) => c.quit()));
  }
}
