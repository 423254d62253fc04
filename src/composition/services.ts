// The composition root's shared half: everything a process (the HTTP service, the worker, a test)
// needs to run commands and deliver their messages, built from the config in one place.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { CommandRunner } from "../application/command-runner.js";
import { RejectedRequests } from "../application/rejected-requests.js";
import type { Config } from "../config/env.js";
import { whyOutboxNudgeIsMoot } from "../application/execute-deadline.js";
import type { Clock, IdGenerator, Notification, Scheduler, UnitOfWork } from "../domain/ports.js";
import type { ChatSender } from "../infrastructure/notify/chat-sender.js";
import { processMetrics, type LeadbotMetrics } from "../infrastructure/metrics/metrics.js";
import { RoutingNotifier } from "../infrastructure/notify/routing-notifier.js";
import { createPrismaClient, type PrismaClient } from "../infrastructure/prisma/client.js";
import { PrismaDirectory } from "../infrastructure/prisma/prisma-directory.js";
import { PrismaOutboxStore } from "../infrastructure/prisma/prisma-outbox-store.js";
import { calendarSettingsFrom } from "../infrastructure/prisma/prisma-settings-repository.js";
import { PrismaUnitOfWork } from "../infrastructure/prisma/prisma-unit-of-work.js";
import { BullmqScheduler } from "../infrastructure/queue/bullmq-scheduler.js";
import { RedisChannelRateLimiter } from "../infrastructure/queue/channel-rate-limiter.js";
import { RedisAuditCeiling } from "../infrastructure/queue/redis-audit-ceiling.js";
import { CommandDelivery } from "../infrastructure/queue/command-delivery.js";
import { COMMAND_KEY_PREFIX, DIGEST_KEY_PREFIX, FAILURE_KEY_PREFIX } from "../infrastructure/queue/digest.js";
import { FireTimes } from "../infrastructure/queue/fire-times.js";
import { OutboxDispatcher } from "../infrastructure/queue/outbox-dispatcher.js";
import { DEFAULT_TIMINGS, type LeadbotQueues } from "../infrastructure/queue/queues.js";

export const systemClock: Clock = { now: () => new Date() };
export const uuidIds: IdGenerator = { next: () => randomUUID() };

/** Until the queue is attached, deadlines live only as Postgres rows; the reconciler derives jobs. */
export const rowsOnlyScheduler: Scheduler = {
  schedule: async () => undefined,
  cancel: async () => undefined,
};

export interface Services {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  uow: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
  notifier: RoutingNotifier;
  /** Rows only until queues are attached; then the BullMQ scheduler. */
  readonly scheduler: Scheduler;
  /** Delivers outbox entries exactly once per destination (src/infrastructure/queue). */
  readonly dispatcher: OutboxDispatcher;
  /** When the schedule's nudges are due: state changes on time, nudges in working hours. */
  fireTimes: FireTimes;
  /** Null until attachQueues: commands then deliver in-process only and the schedule is rows only. */
  readonly queues: LeadbotQueues | null;
  runner: CommandRunner;
  /** Audits requests refused at the door (signatures, tokens, replays). */
  rejections: RejectedRequests;
  /** What GET /metrics reports: commands, votes, decisions, escalations, deliveries, queues. */
  metrics: LeadbotMetrics;
  /**
   * Puts the schedule on BullMQ and gives command deliveries their queued safety net, per-channel
   * pacing and access-team digests. main.ts calls it once Redis is configured; the worker too.
   */
  attachQueues(queues: LeadbotQueues): void;
  close(): Promise<void>;
}

export interface ServiceOptions {
  clock?: Clock;
  senders?: ChatSender[];
  scheduler?: Scheduler;
  prisma?: PrismaClient;
  /** Same as calling attachQueues right after creating the services. */
  queues?: LeadbotQueues;
  /** Defaults to the process's registry (processMetrics()). */
  metrics?: LeadbotMetrics;
}

export function createServices(config: Config, logger: Logger, options: ServiceOptions = {}): Services {
  const prisma = options.prisma ?? createPrismaClient(config.database.url, { onConnectionError: connectionLostWarning(logger) });
  // The working calendar comes from the environment, for the domain and the worker alike.
  const calendar = calendarSettingsFrom(config);
  const uow = new PrismaUnitOfWork(prisma, calendar);
  const clock = options.clock ?? systemClock;
  const notifier = new RoutingNotifier(new PrismaDirectory(prisma), options.senders ?? [], logger.child({ component: "notifier" }));
  const fireTimes = new FireTimes(prisma, clock, undefined, calendar);
  const deliveryLogger = logger.child({ component: "delivery" });
  const outbox = new PrismaOutboxStore(prisma);
  const metrics = options.metrics ?? processMetrics();
  const onDelivery = metrics.observeDelivery.bind(metrics);
  // Right before each attempt: a nudge whose reason has gone since its deadline fired is dropped [DOMAIN §6].
  // (A command's messages, digests and failure alerts come from no deadline: nothing to look up.)
  const whyMoot = async (key: string, notification: Notification, writtenAt: Date) =>
    [COMMAND_KEY_PREFIX, DIGEST_KEY_PREFIX, FAILURE_KEY_PREFIX].some((p) => key.startsWith(p))
      ? null
      : whyOutboxNudgeIsMoot({ uow, clock, ids: uuidIds }, key, notification, writtenAt);

  // Swapped by attachQueues; the runner reads them through the delegates below.
  let scheduler: Scheduler = options.scheduler ?? rowsOnlyScheduler;
  let queues: LeadbotQueues | null = null;
  let dispatcher = new OutboxDispatcher({ store: outbox, notifier, logger: deliveryLogger, pacer: null, claimMs: DEFAULT_TIMINGS.claimMs, digests: false, onDelivery, whyMoot });
  let delivery = new CommandDelivery(dispatcher, null, deliveryLogger);

  const runner = new CommandRunner({
    uow,
    clock,
    ids: uuidIds,
    scheduler: { schedule: (d) => scheduler.schedule(d), cancel: (k) => scheduler.cancel(k) },
    delivery: { deliver: (keys, options) => delivery.deliver(keys, options) },
    logger: logger.child({ component: "commands" }),
    onCommand: (name, outcome, ms, detail) => metrics.observeCommand(name, outcome, ms, detail),
  });

  const attachQueues = (attached: LeadbotQueues): void => {
    queues = attached;
    if (!options.scheduler) scheduler = new BullmqScheduler(attached, fireTimes, clock);
    dispatcher = new OutboxDispatcher({
      store: outbox,
      notifier,
      logger: deliveryLogger,
      pacer: new RedisChannelRateLimiter(attached.connection, attached.prefix, attached.timings.pacingMs),
      claimMs: attached.timings.claimMs,
      digests: true,
      defaultMaxInlineWaitMs: attached.timings.maxInlineWaitMs,
      onDelivery,
      whyMoot,
    });
    delivery = new CommandDelivery(dispatcher, attached, deliveryLogger);
    metrics.watchQueues(attached);
    rejections.useCeiling(new RedisAuditCeiling(attached.connection, attached.prefix));
  };
  const rejections = new RejectedRequests({ uow, clock, logger: logger.child({ component: "security" }), onRejected: (p, r) => metrics.observeRejected(p, r) });
  if (options.queues) attachQueues(options.queues);
  return {
    config,
    logger,
    prisma,
    uow,
    clock,
    ids: uuidIds,
    notifier,
    get scheduler() {
      return scheduler;
    },
    get dispatcher() {
      return dispatcher;
    },
    fireTimes,
    get queues() {
      return queues;
    },
    runner,
    rejections,
    metrics,
    attachQueues,
    close: async () => {
      // Messages of commands answered before their delivery finished ("background" runs) still
      // need the database; whatever is not sent by then stays in the outbox for the worker.
      await runner.drain(5_000);
      await rejections.drain();
      if (!options.prisma) await prisma.$disconnect();
    },
  };
}

/** A database restart drops every pooled connection at once: one warning per ten seconds says so. */
function connectionLostWarning(logger: Logger): (error: Error) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < 10_000) return;
    last = Date.now();
    logger.warn({ component: "database", err: { name: error.name, message: error.message } }, "database connections lost: they are dropped and new ones opened when needed");
  };
}

/** Readiness: Postgres answers a trivial query. */
export async function databaseAnswers(services: Pick<Services, "prisma">): Promise<boolean> {
  await services.prisma.$queryRaw`SELECT 1`;
  return true;
}
