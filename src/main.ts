// Boot: config → logger → (database, platforms, worker) → HTTP server → graceful shutdown.
// Everything is wired here and nowhere else, so the order of start-up and shutdown reads top to bottom.
import { loadConfigOrExit, redactedConfigSummary } from "./config/env.js";
import { createHttpServer, listen, readinessFrom, type ReadinessCheck } from "./http/server.js";
import { createLogger, setRootLogger } from "./logger.js";
import { createServices } from "./composition/services.js";
import { httpObserver, mountOperatorRoutes, readinessChecks as operatorReadinessChecks, serveMetricsApart } from "./composition/operator.js";
import { createSlackSender, mountSlack } from "./adapters/slack/slack-app.js";
import { migrateAtStartup } from "./infrastructure/prisma/migrate.js";
import { LeadbotQueues } from "./infrastructure/queue/queues.js";
import { startWorker } from "./worker.js";
import type { ChatSender } from "./infrastructure/notify/chat-sender.js";
import { createTeamsSender, mountTeams, teamsEnabled } from "./adapters/teams/mount-teams.js";
import { PlaygroundClock } from "./playground/playground-clock.js";
import { mountPlayground, type Playground } from "./playground/playground-server.js";

const SHUTDOWN_TIMEOUT_MS = 15_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config);
  setRootLogger(log);
  log.info({ config: redactedConfigSummary(config) }, "starting leadbot");
  if (config.playground.mode === "on" && (config.slack || config.teams)) {
    log.warn("PLAYGROUND=on is ignored: the playground and the unauthenticated Teams emulator never run beside a configured Slack or Teams");
  }

  /** Probed by GET /readyz. */
  const readinessChecks: ReadinessCheck[] = [];
  /** Run in reverse order on shutdown: last started, first stopped. */
  const stopHooks: Array<{ name: string; stop: () => Promise<void> }> = [];

  await migrateAtStartup(config.database);
  /** One sender per chat platform; the notifier routes each message to the right one. */
  const chatSenders: ChatSender[] = [];
  // wiring: Teams (sender) — with credentials, or in local emulator mode when config.teamsEmulator
  //   allows it (playground, tests, TEAMS_EMULATOR). It must exist before the services: the
  //   notifier is built with it (mountTeams attaches it below). Off means /api/messages is not mounted.
  const teamsSender = teamsEnabled(config) ? createTeamsSender(config.teams, log) : null;
  if (teamsSender) chatSenders.push(teamsSender);
  else
    log.info(
      "Teams is off (/api/messages not mounted): set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD to enable it; unauthenticated local emulator mode needs the playground, NODE_ENV=test or TEAMS_EMULATOR=true",
    );
  // wiring: playground clock — with the playground on, time is real time plus however far its page moved it.
  const playgroundClock = config.playground.enabled ? new PlaygroundClock() : null;
  let playground = null as Playground | null;
  const services = createServices(config, log, { senders: chatSenders, clock: playgroundClock ?? undefined });
  stopHooks.push({ name: "database", stop: () => services.close() });
  // wiring: redis / queues — connection with REDIS_PREFIX, readiness check "redis", reconciler start.
  // Commands now schedule on BullMQ and deliver with a queued safety net; the reconciler runs in the worker.
  const queues = LeadbotQueues.fromConfig(config);
  services.attachQueues(queues);
  // GET /readyz: database answers, every shipped migration applied, Redis answers.
  readinessChecks.push(...operatorReadinessChecks(services, queues));
  stopHooks.push({ name: "redis", stop: () => queues.close() });
  // Stopped after the HTTP server (and Slack's work after its acks), before Redis closes: the
  // messages of commands already answered ("background" delivery, e.g. Teams invokes) go out.
  stopHooks.push({ name: "deliveries", stop: async () => void (await services.runner.drain(5_000)) });

  const app = createHttpServer({
    logger: log,
    readiness: readinessFrom(readinessChecks),
    onResponse: httpObserver(services.metrics),
    mount: (_app) => {
      // wiring: operator — GET /metrics, and /admin/queues (bull-board, Basic auth) only with ADMIN_PASSWORD.
      mountOperatorRoutes(_app, { metrics: services.metrics, queues, admin: config.admin, metricsAccess: config.metrics });
      if (config.slack) {
        services.notifier.addSender(createSlackSender(config.slack, () => services.prisma, log, config.timeZone));
        const slack = mountSlack(_app, services, config.slack); // POST /slack/events
        stopHooks.push({ name: "slack", stop: () => slack.stop() }); // runs after "http" stops
      }
      // wiring: Teams — POST /api/messages (CloudAdapter); logs whether it authenticates or runs in local emulator mode.
      if (teamsSender) mountTeams(_app, services, config.teams, log, teamsSender, { withSourceCard: config.playground.enabled });
      // wiring: playground — when config.playground.enabled: the local playground at "/".
      if (playgroundClock) playground = mountPlayground(_app, services, { clock: playgroundClock, logger: log });
      // wiring: admin — when config.admin: admin pages behind ADMIN_PASSWORD (/admin/queues is mounted above).
    },
  });
  const http = await listen(app, config.http.port, config.http.host);
  stopHooks.push({ name: "http", stop: () => http.close() });
  // wiring: METRICS_PORT — /metrics on a listener of its own, never on the public one.
  const metricsServer = await serveMetricsApart(config, services.metrics, log.child({ component: "metrics-http" }));
  if (metricsServer) stopHooks.push({ name: "metrics-http", stop: () => metricsServer.close(1_000) });
  log.info({ port: http.port }, `leadbot is listening on http://${displayHost(config.http.host)}:${http.port}/`);
  // The playground seeds its demo through /api/messages, so it starts once the server listens (never throws).
  void playground?.start(http.port, config.http.host);

  // wiring: worker — when config.runWorker: start the queue worker in-process and
  //   stopHooks.push({ name: "worker", stop: ... }) so it drains after the HTTP server stops.
  if (config.runWorker) {
    const worker = await startWorker(services, { queues });
    // Inserted before "http": stopped after it, so commands still arriving get their jobs worked.
    stopHooks.splice(stopHooks.findIndex((h) => h.name === "http"), 0, { name: "worker", stop: () => worker.stop() });
  } else {
    log.info("RUN_WORKER=false: run `npm run worker` to fire deadlines and deliver queued messages");
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, "shutting down");
    setTimeout(() => {
      log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown took too long: exiting");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    void (async () => {
      let failed = false;
      for (const hook of [...stopHooks].reverse()) {
        try {
          await hook.stop();
        } catch (error) {
          failed = true;
          log.error({ err: error, component: hook.name }, "error while stopping");
        }
      }
      log.info("stopped");
      process.exit(failed ? 1 : 0);
    })();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

/** The address to print: wildcard and loopback binds are reachable as localhost. */
function displayHost(host: string): string {
  return ["0.0.0.0", "::", "127.0.0.1", "::1", "localhost"].includes(host) ? "localhost" : host.includes(":") ? `[${host}]` : host;
}

main().catch((error: unknown) => {
  process.stderr.write(`leadbot failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
