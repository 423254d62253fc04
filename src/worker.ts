// The queue worker: fires deadlines (votes closing, escalation timeouts, review and handover
// nudges, prompts), delivers the outbox to chat, and keeps Redis in step with Postgres.
// `npm start` runs it inside the web process (RUN_WORKER=true); `npm run worker` runs it alone,
// as many copies as needed: jobs are shared through Redis and every delivery is claimed in Postgres.
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "bullmq";
import { attachChatSenders } from "./composition/chat-senders.js";
import { createServices, type Services } from "./composition/services.js";
import { loadConfigOrExit } from "./config/env.js";
import { deliverTogether } from "./infrastructure/queue/deliver-together.js";
import { deadlineProcessor } from "./infrastructure/queue/deadline.processor.js";
import { DirectoryAuditArchive } from "./infrastructure/archive/directory-audit-archive.js";
import { PrismaOutboxStore } from "./infrastructure/prisma/prisma-outbox-store.js";
import { DigestFlusher } from "./infrastructure/queue/digest.js";
import { outboxProcessor } from "./infrastructure/queue/outbox-delivery.processor.js";
import { assertJobSchedulers, keepJobSchedulers } from "./infrastructure/queue/job-schedulers.js";
import { maintenanceProcessor } from "./infrastructure/queue/oversight-jobs.js";
import { LeadbotQueues, QUEUE_NAMES, type QueueTimings } from "./infrastructure/queue/queues.js";
import { Reconciler, type ReconcileReport } from "./infrastructure/queue/reconciler.js";
import { createLogger, setRootLogger, type Logger } from "./logger.js";
import { httpObserver, readinessChecks, serveMetricsApart } from "./composition/operator.js";
import { createHttpServer, listen, readinessFrom, type RunningServer } from "./http/server.js";
import { mountMetrics } from "./infrastructure/metrics/metrics-endpoint.js";

export interface StartWorkerOptions {
  /** Defaults to the services' queues, or new ones from the config (then attached to the services). */
  queues?: LeadbotQueues;
  /** Only used when the queues are created here. */
  timings?: Partial<QueueTimings>;
  concurrency?: Partial<Record<"timeouts" | "nudges" | "outbox", number>>;
  /** Run the first reconcile before returning (default true). */
  reconcileOnStart?: boolean;
}

export interface RunningWorker {
  queues: LeadbotQueues;
  /** Rebuilds Redis from Postgres now (also runs on start and every `reconcileEveryMs`). */
  reconcile(): Promise<ReconcileReport>;
  /** Stops taking jobs, lets the ones in flight finish, closes what it opened. */
  stop(): Promise<void>;
}

export async function startWorker(services: Services, options: StartWorkerOptions = {}): Promise<RunningWorker> {
  const logger = services.logger.child({ component: "worker" });
  const ownQueues = !options.queues && !services.queues;
  const queues = options.queues ?? services.queues ?? LeadbotQueues.fromConfig(services.config, options.timings);
  if (services.queues !== queues) services.attachQueues(queues);
  const t = queues.timings;

  const reconciler = new Reconciler(services.prisma, queues, services.fireTimes, logger.child({ part: "reconciler" }));
  const deadlines = deadlineProcessor({
    domain: { uow: services.uow, clock: services.clock, ids: services.ids },
    prisma: services.prisma,
    fireTimes: services.fireTimes,
    // Read through services so a scheduler passed in ServiceOptions is honoured.
    scheduler: { schedule: (d) => services.scheduler.schedule(d), cancel: (k) => services.scheduler.cancel(k) },
    queues,
    logger,
    onOutcome: (outcome) => services.metrics.observeOutcome(outcome),
    deliverTogether: (keys) => deliverTogether(services.dispatcher, queues, keys, logger.child({ part: "deliveries" })),
  });
  const timeZone = async () => (await services.fireTimes.calendar()).timeZone;
  const outbox = outboxProcessor({
    dispatcher: () => services.dispatcher,
    digests: new DigestFlusher(new PrismaOutboxStore(services.prisma), services.clock, t.digestMaxItems, timeZone),
    queues,
    logger,
  });
  // Reconcile, the weekly digest and retention (oversight-jobs.ts).
  const maintenance = maintenanceProcessor({
    domain: { uow: services.uow, clock: services.clock, ids: services.ids },
    prisma: services.prisma,
    fireTimes: services.fireTimes,
    queues,
    archive: new DirectoryAuditArchive(services.config.retention.exportDir),
    retentionYears: services.config.retention.years,
    logger: logger.child({ part: "oversight" }),
    reconcile: () => reconciler.run(),
  });

  const common = (): WorkerOptions => ({
    connection: queues.workerConnection(),
    prefix: queues.prefix,
    lockDuration: t.lockDurationMs,
    stalledInterval: t.stalledIntervalMs,
    autorun: false,
  });
  const workers = [
    new Worker(QUEUE_NAMES.timeouts, deadlines, { ...common(), concurrency: options.concurrency?.timeouts ?? 5 }),
    new Worker(QUEUE_NAMES.nudges, deadlines, { ...common(), concurrency: options.concurrency?.nudges ?? 200 }),
    new Worker(QUEUE_NAMES.outbox, outbox, { ...common(), concurrency: options.concurrency?.outbox ?? 20 }),
    new Worker(QUEUE_NAMES.maintenance, maintenance, { ...common(), concurrency: 1 }),
  ];
  for (const worker of workers) {
    worker.on("error", (err) => logger.error({ err, queue: worker.name }, "worker error"));
    worker.on("failed", (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      const key = (job.data as { key?: unknown } | undefined)?.key;
      const entry = { queue: worker.name, jobId: job.id, key: typeof key === "string" ? key : undefined, attempt: job.attemptsMade, err };
      if (final) logger.error(entry, "job failed for good; the reconciler will add it again while its row is pending");
      else logger.warn(entry, "job failed; retrying with backoff");
    });
  }

  if (options.reconcileOnStart !== false) await reconciler.run();
  // The periodic reconcile and retention (job-schedulers.ts), re-asserted from here on so that a
  // flushed or failed-over Redis gets them back without a restart.
  await assertJobSchedulers(queues, await timeZone());
  const keeper = keepJobSchedulers({ queues, timeZone, reconcile: () => reconciler.run(), logger: logger.child({ part: "job-schedulers" }) });
  for (const worker of workers) void worker.run().catch((err: unknown) => logger.error({ err, queue: worker.name }, "worker stopped"));
  logger.info({ prefix: queues.prefix, senders: services.notifier.platforms }, "worker started");

  let stopping: Promise<void> | null = null;
  return {
    queues,
    reconcile: () => reconciler.run(),
    stop: () =>
      (stopping ??= (async () => {
        keeper.stop();
        // close() waits for the jobs in flight; nothing new is taken meanwhile.
        await Promise.allSettled(workers.map((w) => w.close()));
        if (ownQueues) await queues.close();
        logger.info("worker stopped");
      })()),
  };
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config);
  setRootLogger(log);
  const { migrateAtStartup } = await import("./infrastructure/prisma/migrate.js");
  await migrateAtStartup(config.database);
  const services = createServices(config, log);
  attachChatSenders(services, log);
  const queues = LeadbotQueues.fromConfig(config);
  const worker = await startWorker(services, { queues });
  const http = await serveOperatorEndpoints(services, queues, log);
  const metricsHttp = await serveMetricsApart(config, services.metrics, log.child({ component: "metrics-http" })).catch((err: unknown) => {
    log.warn({ err, port: config.metrics.port }, "worker could not listen on METRICS_PORT; it works on without /metrics");
    return null;
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, "worker shutting down: finishing jobs in flight");
    setTimeout(() => {
      log.error("worker shutdown took too long: exiting");
      process.exit(1);
    }, 30_000).unref();
    void (async () => {
      await http?.close().catch(() => undefined);
      await metricsHttp?.close(1_000).catch(() => undefined);
      await worker.stop();
      await queues.close();
      await services.close();
      process.exit(0);
    })();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/**
 * GET /healthz, /readyz and /metrics of a standalone worker on PORT, so its deliveries and queue
 * gauges can be scraped and an orchestrator can probe it. Nothing else is served. A port already
 * taken (a web process on the same host) only costs the endpoints, never the worker.
 */
async function serveOperatorEndpoints(services: Services, queues: LeadbotQueues, log: Logger): Promise<RunningServer | null> {
  const app = createHttpServer({
    logger: log.child({ component: "worker-http" }),
    readiness: readinessFrom(readinessChecks(services, queues)),
    onResponse: httpObserver(services.metrics),
    mount: (express) => {
      if (services.config.metrics.port === null) mountMetrics(express, services.metrics, { token: services.config.metrics.token });
    },
  });
  try {
    const http = await listen(app, services.config.http.port, services.config.http.host);
    log.info({ port: http.port }, "worker serves /healthz, /readyz and /metrics");
    return http;
  } catch (err) {
    log.warn({ err, port: services.config.http.port }, "worker could not listen for /healthz and /metrics; it works on without them");
    return null;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`leadbot worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
