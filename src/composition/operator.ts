// The operator's kit, shared by the web process and the standalone worker: what GET /readyz
// checks, GET /metrics, and the queue dashboard at /admin/queues (only with ADMIN_PASSWORD).
import type { Express } from "express";
import type { Config } from "../config/env.js";
import { mountQueueDashboard, type QueueDashboardAccess } from "../http/admin-queues.js";
import type { Logger } from "pino";
import { createHttpServer, listen, type ReadinessCheck, type ResponseObservation, type RunningServer } from "../http/server.js";
import { mountMetrics } from "../infrastructure/metrics/metrics-endpoint.js";
import type { LeadbotMetrics } from "../infrastructure/metrics/metrics.js";
import { migrationsApplied } from "../infrastructure/prisma/migration-status.js";
import type { LeadbotQueues } from "../infrastructure/queue/queues.js";
import { databaseAnswers, type Services } from "./services.js";

/** Ready = Postgres answers, it has every migration this build ships, and Redis answers PING. */
export function readinessChecks(services: Pick<Services, "prisma">, queues: Pick<LeadbotQueues, "ping">): ReadinessCheck[] {
  return [
    { name: "database", check: () => databaseAnswers(services) },
    { name: "migrations", check: () => migrationsApplied(services.prisma) },
    { name: "redis", check: () => queues.ping() },
  ];
}

/** The HTTP server's onResponse hook: request latency by route template and status. */
export function httpObserver(metrics: LeadbotMetrics): (response: ResponseObservation) => void {
  return (response) => metrics.observeHttp(response);
}

export interface OperatorRouteDeps {
  metrics: LeadbotMetrics;
  queues: LeadbotQueues;
  admin: QueueDashboardAccess | null;
  /** METRICS_TOKEN and METRICS_PORT; with a port of its own, /metrics is not mounted here (see serveMetricsApart). */
  metricsAccess?: Config["metrics"];
}

/** GET /metrics, and /admin/queues when `admin` is configured (otherwise it stays a 404). */
export function mountOperatorRoutes(app: Express, deps: OperatorRouteDeps): void {
  if (deps.metricsAccess?.port == null) mountMetrics(app, deps.metrics, { token: deps.metricsAccess?.token ?? null });
  if (deps.admin) mountQueueDashboard(app, deps.queues, deps.admin);
}

/**
 * With METRICS_PORT, /metrics (and nothing else but the health probes) on that port, so the
 * public listener has no /metrics at all. Resolves null without a METRICS_PORT.
 */
export async function serveMetricsApart(config: Pick<Config, "metrics" | "http">, metrics: LeadbotMetrics, logger: Logger): Promise<RunningServer | null> {
  if (config.metrics.port === null) return null;
  const app = createHttpServer({ logger, mount: (express) => mountMetrics(express, metrics, { token: config.metrics.token }) });
  const server = await listen(app, config.metrics.port, config.http.host);
  logger.info({ port: server.port }, "GET /metrics is served on its own port");
  return server;
}
