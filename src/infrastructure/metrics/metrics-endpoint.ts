// GET /metrics in the Prometheus text format. It carries counts and timings only (no case
// references, names or message text), yet it tells an outsider how busy a council's service is:
// METRICS_TOKEN puts it behind a bearer token, METRICS_PORT moves it to a port of its own that
// the reverse proxy never forwards (see main.ts).
import { createHash, timingSafeEqual } from "node:crypto";
import type { Express } from "express";
import type { LeadbotMetrics } from "./metrics.js";

export const METRICS_PATH = "/metrics";

export interface MetricsAccess {
  /** Required as `Authorization: Bearer <token>` when set. */
  token?: string | null;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Compared over digests in constant time, so neither length nor prefix of a guess shows. */
function bearerMatches(header: string | undefined, expected: Buffer): boolean {
  const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "")?.[1] ?? "";
  return timingSafeEqual(digest(given), expected) && given !== "";
}

export function mountMetrics(app: Express, metrics: LeadbotMetrics, access: MetricsAccess = {}): void {
  const expected = access.token ? digest(access.token) : null;
  app.get(METRICS_PATH, async (req, res) => {
    if (expected !== null && !bearerMatches(req.get("authorization"), expected)) {
      res.setHeader("WWW-Authenticate", 'Bearer realm="leadbot metrics"');
      res.setHeader("cache-control", "no-store");
      res.status(401).json({ error: "unauthorized", message: "Send Authorization: Bearer <METRICS_TOKEN>." });
      return;
    }
    const { contentType, body } = await metrics.render();
    res.setHeader("content-type", contentType);
    res.setHeader("cache-control", "no-store");
    res.send(body);
  });
}
