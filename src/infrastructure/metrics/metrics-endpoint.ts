// GET /metrics in the Prometheus text format. Unauthenticated like /healthz: it carries counts
// and timings only (no case references, names or message text); keep it off the public internet
// at the proxy or network level.
import type { Express } from "express";
import type { LeadbotMetrics } from "./metrics.js";

export const METRICS_PATH = "/metrics";

export function mountMetrics(app: Express, metrics: LeadbotMetrics): void {
  app.get(METRICS_PATH, async (_req, res) => {
    const { contentType, body } = await metrics.render();
    res.setHeader("content-type", contentType);
    res.setHeader("cache-control", "no-store");
    res.send(body);
  });
}
