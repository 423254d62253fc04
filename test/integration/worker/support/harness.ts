// A worker world for integration tests on the real Postgres and Redis: a database of its own per
// test file (the worker reconciles every row it finds, so it must not see other files' rows), a
// Redis prefix of its own (the run's prefix plus a suffix), a clock the test moves, and
// RecordingSenders registered as the "slack" and "teams" senders. Fictional staff only.
import { randomBytes, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { inject } from "vitest";
import { createServices, type Services } from "../../../../src/composition/services.js";
import { DEFAULTS, loadConfig, type Config } from "../../../../src/config/env.js";
import type { ActorContext, Command } from "../../../../src/domain/commands.js";
import type { Clock } from "../../../../src/domain/ports.js";
import type { Case, Platform, Practitioner, Settings } from "../../../../src/domain/types.js";
import type { View } from "../../../../src/domain/views.js";
import { createLogger } from "../../../../src/logger.js";
import type { ChatDestination, ChatSender, SentMessage } from "../../../../src/infrastructure/notify/chat-sender.js";
import { RecordingSender, type RecordedMessage } from "../../../../src/infrastructure/notify/recording-sender.js";
import { applyMigrations } from "../../../../src/infrastructure/prisma/migrate.js";
import { LeadbotQueues, type QueueTimings } from "../../../../src/infrastructure/queue/queues.js";
import { startWorker, type RunningWorker } from "../../../../src/worker.js";
import { Redis } from "ioredis";
import { countPrefixKeys, deletePrefixKeys } from "../../../support/redis-keys.js";

export const REDIS_URL = process.env.REDIS_URL?.trim() || DEFAULTS.REDIS_URL;

/** The domain clock: real time plus an offset the test moves, so BullMQ's real delays still pass. */
export class ShiftedClock implements Clock {
  private offset: number;
  constructor(start: string) {
    this.offset = new Date(start).getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  jumpTo(iso: string): void {
    this.offset = new Date(iso).getTime() - Date.now();
  }
  get offsetMs(): number {
    return this.offset;
  }
}

/** Short timings so retries, claims and digests play out in seconds. */
export const TEST_TIMINGS: Partial<QueueTimings> = {
  deadlineAttempts: 3,
  deadlineBackoffMs: 200,
  deliveryAttempts: 4,
  deliveryBackoffMs: 200,
  claimMs: 3_000,
  digestWindowMs: 1_000,
  safetyNetDelayMs: 5_000,
  reconcileEveryMs: 60_000,
  pacingMs: { slack: 200, teams: 200, playground: 0 },
  maxInlineWaitMs: 1_000,
  lockDurationMs: 2_000,
  stalledIntervalMs: 1_000,
};

const token = () => randomBytes(4).toString("hex");

export interface TestDatabaseHandle {
  url: string;
  drop(): Promise<void>;
}

/** `<run database>_<suffix>`, migrated; named like the run's so abandoned ones are swept too. */
export async function createFileDatabase(suffix: string): Promise<TestDatabaseHandle> {
  const url = new URL(inject("databaseUrl"));
  const name = `${decodeURIComponent(url.pathname.slice(1))}_${suffix}`.slice(0, 63);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      const admin = new URL(url.toString());
      admin.pathname = "/postgres";
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      try {
        await client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [name]);
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
    },
  };
}

export { countPrefixKeys, deletePrefixKeys };

export async function waitFor<T>(what: string, probe: () => Promise<T | false | null | undefined> | T | false | null | undefined, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await sleep(50);
  }
}

export function testConfig(databaseUrl: string, prefix: string, env: Record<string, string> = {}): Config {
  return loadConfig({ DATABASE_URL: databaseUrl, REDIS_URL, REDIS_PREFIX: prefix, NODE_ENV: "test", LOG_LEVEL: "silent", ...env });
}

export const testLogger = () => createLogger({ log: { level: (process.env.TEST_LOG_LEVEL as "silent" | undefined) ?? "silent" }, env: "test" });

/** Passes sends (and lookups, where the inner sender can look) through and counts every send (updates in place included). */
export class CountingSender implements ChatSender {
  calls = 0;
  readonly findSent?: ChatSender["findSent"];
  constructor(readonly inner: ChatSender) {
    if (inner.findSent) this.findSent = inner.findSent.bind(inner);
  }
  get platform() {
    return this.inner.platform;
  }
  async send(destination: ChatDestination, view: View, messageKey?: string, deliveryKey?: string): Promise<SentMessage | void> {
    const sent = await this.inner.send(destination, view, messageKey, deliveryKey);
    this.calls += 1;
    return sent;
  }
}

export interface WorldOptions {
  start: string;
  timings?: Partial<QueueTimings>;
  senders?: (slack: RecordingSender, teams: RecordingSender) => ChatSender[];
  /** More environment variables for the config, e.g. LEADBOT_REGION. */
  env?: Record<string, string>;
}

/** Everything a worker test touches, with helpers to act as practitioners and watch chat. */
export class WorkerWorld {
  readonly slack = new RecordingSender("slack", 100_000);
  readonly teams = new RecordingSender("teams", 100_000);
  readonly clock: ShiftedClock;
  readonly prefix: string;
  readonly services: Services;
  readonly config: Config;
  worker: RunningWorker | null = null;
  queues: LeadbotQueues;
  private readonly counters: CountingSender[];
  private readonly t = token();

  private constructor(
    readonly db: TestDatabaseHandle,
    suffix: string,
    private readonly options: WorldOptions,
  ) {
    this.clock = new ShiftedClock(options.start);
    this.prefix = `${inject("redisPrefix")}-${suffix}`;
    this.config = testConfig(db.url, this.prefix, options.env);
    const senders = (options.senders ? options.senders(this.slack, this.teams) : [this.slack, this.teams]).map((s) => new CountingSender(s));
    this.counters = senders;
    this.queues = this.newQueues();
    this.services = createServices(this.config, testLogger(), { clock: this.clock, senders, queues: this.queues });
  }

  static async create(suffix: string, options: WorldOptions): Promise<WorkerWorld> {
    const db = await createFileDatabase(suffix);
    const world = new WorkerWorld(db, suffix, options);
    await deletePrefixKeys(world.prefix);
    return world;
  }

  newQueues(): LeadbotQueues {
    return LeadbotQueues.fromConfig(this.config, this.options.timings ?? TEST_TIMINGS);
  }

  /** Successful send() calls on every platform. */
  get sendCalls(): number {
    return this.counters.reduce((n, c) => n + c.calls, 0);
  }

  get prisma() {
    return this.services.prisma;
  }

  async startWorker(): Promise<RunningWorker> {
    this.worker = await startWorker(this.services, { queues: this.queues });
    return this.worker;
  }

  /** Stops the worker gracefully and closes its queues; a later startWorker gets fresh ones. */
  async stopWorker(): Promise<void> {
    await this.worker?.stop();
    this.worker = null;
    await this.queues.close();
    this.queues = this.newQueues();
    this.services.attachQueues(this.queues);
  }

  /** Moves the clock, then reconciles so jobs that became due run now. */
  async jump(iso: string): Promise<void> {
    this.clock.jumpTo(iso);
    await this.worker?.reconcile();
  }

  async settings(patch: Partial<Settings>): Promise<void> {
    await this.services.uow.run(async (repos) => {
      const current = await repos.settings.get();
      await repos.settings.update({ ...current, ...patch });
    });
  }

  /** A fictional practitioner with chat ids on the platforms given. */
  async practitioner(name: string, platforms: Platform[], overrides: Partial<Practitioner> = {}): Promise<Practitioner> {
    const t = token();
    const handle = `${name.toLowerCase().replace(/[^a-z]+/g, ".")}.${t}`;
    const p: Practitioner = {
      id: randomUUID(),
      handle,
      name,
      role: "family-support-worker",
      agency: "Family Support Service",
      managerId: null,
      dbsCheckedOn: "2024-01-10",
      qualifiedOn: "2015-07-01",
      managerRecommendation: false,
      employment: "permanent",
      mentorId: null,
      lpCapacity: 50,
      availability: "available",
      duties: { accessTeam: false, coordinator: false, executive: false },
      chat: {
        slack: platforms.includes("slack") ? `U${t.toUpperCase()}` : null,
        teams: platforms.includes("teams") ? `29:aad-${t}` : null,
      },
      ...overrides,
    };
    await this.services.uow.run((repos) => repos.practitioners.create(p));
    return p;
  }

  /**
   * Opens an early-help case that `lead` has led since September, with the lead and `members` on
   * its TAF and no review date yet. Fields can be overridden (channels, above all).
   */
  async ledCase(lead: Practitioner, options: { members?: Practitioner[] } & Partial<Case> = {}): Promise<Case> {
    const { members = [], ...overrides } = options;
    const c: Case = {
      id: randomUUID(),
      reference: this.uniqueRef(),
      statuses: ["early-help"],
      open: true,
      leadId: lead.id,
      leadSince: new Date("2026-09-01T10:00:00Z"),
      noLeadSince: null,
      reviewDate: null,
      channels: {},
      openedAt: new Date("2026-09-01T10:00:00Z"),
      closedAt: null,
      ...overrides,
    };
    await this.services.uow.run(async (repos) => {
      await repos.cases.create(c);
      for (const p of [lead, ...members]) await repos.taf.add(c.id, p.id, c.openedAt);
    });
    return c;
  }

  actor(p: Practitioner, platform: Platform = p.chat.slack ? "slack" : "teams", channelId: string | null = null): ActorContext {
    const userId = platform === "slack" ? p.chat.slack : p.chat.teams;
    if (!userId) throw new Error(`${p.name} has no ${platform} id`);
    return { platform, userId, channelId, requestId: null };
  }

  /** Runs a command as a practitioner through the CommandRunner, as a chat adapter would. */
  async as(p: Practitioner, command: Command, options: { platform?: Platform; channelId?: string | null } = {}): Promise<View> {
    const view = await this.services.runner.run(this.actor(p, options.platform, options.channelId ?? null), command);
    if (view.type === "error") throw new Error(`${command.name} refused: ${view.message}`);
    return view;
  }

  /** Messages recorded on one platform for one destination id. */
  to(platform: "slack" | "teams", id: string | null | undefined): RecordedMessage[] {
    if (!id) throw new Error("no chat id");
    return (platform === "slack" ? this.slack : this.teams).for(id);
  }

  uniqueRef(): string {
    return `EH-2026-${token().toUpperCase()}`;
  }

  get token(): string {
    return this.t;
  }

  async close(): Promise<void> {
    await this.worker?.stop().catch(() => undefined);
    await this.queues.close();
    await this.services.close();
    await deletePrefixKeys(this.prefix);
    await this.db.drop();
  }
}

export const handleOf = (p: Practitioner) => ({ by: "handle" as const, handle: p.handle });

/** Views of one kind about one case, e.g. review reminders for EH-…. */
export function about(messages: readonly RecordedMessage[], caseRef: string, match: (v: View) => boolean = () => true): RecordedMessage[] {
  return messages.filter((m) => "caseRef" in m.view && m.view.caseRef === caseRef && match(m.view));
}
