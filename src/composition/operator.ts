// The operator's kit, shared by the web process and the standalone worker: what GET /readyz
// checks, GET /metrics, and the queue dashboard at /admin/queues (only with ADMIN_PASSWORD).
import type { Express } from "express";
import type { Config } from "../config/env.js";
import { mountQueueDashboard } from "../http/admin-queues.js";
import type { ReadinessCheck, ResponseObservation } from "../http/server.js";
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

/** GET /metrics, and /admin/queues when `admin` is configured (otherwise it stays a 404). */
export function mountOperatorRoutes(app: Express, deps: { metrics: LeadbotMetrics; queues: LeadbotQueues; admin: Config["admin"] }): void {
  mountMetrics(app, deps.metrics);
  if (deps.admin) mountQueueDashboard(app, deps.queues, deps.admin);
}
