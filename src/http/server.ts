// The one Express app: health probes now; Slack (/slack/events), Teams (/api/messages), the
// playground and admin pages are mounted by main.ts through `mount`. There is deliberately NO
// global body parser: Bolt verifies Slack's signature over the raw body, so each route adds
// `express.json()` (or its own parser) itself.
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from "express";
import type { Logger } from "pino";

declare module "express-serve-static-core" {
  interface Request {
    /** Correlation id: the caller's x-request-id when it looks sane, otherwise a fresh uuid. */
    id: string;
    /** Child logger carrying `requestId`; use it for anything logged while handling the request. */
    log: Logger;
  }
}

/** Named async checks; each resolves true when its dependency answers. */
export type Readiness = () => Promise<Record<string, boolean>>;

export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

export interface HttpServerDeps {
  logger: Logger;
  /** Checks behind GET /readyz. Without it the app is ready as soon as it listens. */
  readiness?: Readiness;
  /** Adds the platform routes (Slack, Teams, playground, admin) before the JSON 404. */
  mount?: (app: Express) => void;
  /** A readiness probe that hangs is a failed probe: answer 503 after this long (default 5 s). */
  readinessTimeoutMs?: number;
  /** Told of every finished response (request metrics); must not throw. */
  onResponse?: (response: ResponseObservation) => void;
}

export interface ResponseObservation {
  method: string;
  /** The matched route template (`/slack/events`, `/admin/queues/api/queues/:queueName/…`), never the raw path. */
  route: string;
  status: number;
  ms: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);
/** Anything else is reported as OTHER: label values must stay a small, known set. */
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * The route template that answered, for metrics: raw paths would put ids and tokens in label
 * values and grow without bound. A router or sub-app mounted under a path keeps its `baseUrl`
 * once it has answered; a middleware that answers without a route is `<baseUrl>/*`.
 */
export function routeTemplate(req: Request, status: number): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  // A route declared with several paths (bull-board's page) is named by its first one.
  const route = Array.isArray(path) ? path[0] : path;
  if (route !== undefined) return `${req.baseUrl}${String(route)}` || "/";
  if (req.baseUrl) return `${req.baseUrl}/*`;
  return status === 404 ? "unmatched" : "other";
}

function requestContext(logger: Logger, onResponse?: (response: ResponseObservation) => void): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    req.id = incoming !== undefined && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.log = logger.child({ requestId: req.id });
    res.setHeader("x-request-id", req.id);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      // Path only: query strings may carry tokens or case references. The original URL's path, as
      // a mounted sub-app (the queue dashboard) rewrites req.path to its own remainder.
      const entry = {
        method: req.method,
        path: req.originalUrl.split("?", 1)[0] || req.path,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
      };
      try {
        onResponse?.({ method: HTTP_METHODS.has(req.method) ? req.method : "OTHER", route: routeTemplate(req, res.statusCode), status: res.statusCode, ms: entry.ms });
      } catch (error) {
        req.log.warn({ err: error }, "response observer failed");
      }
      if (QUIET_PATHS.has(entry.path) && res.statusCode < 500) req.log.debug(entry, "request");
      else req.log.info(entry, "request");
    });
    next();
  };
}

/** Runs named checks in parallel; a check that throws or outlives `timeoutMs` counts as false. */
export function readinessFrom(checks: readonly ReadinessCheck[], timeoutMs = 5_000): Readiness {
  return async () => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => [name, await withTimeout(check(), timeoutMs).catch(() => false)] as const),
    );
    return Object.fromEntries(results);
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createHttpServer(deps: HttpServerDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(requestContext(deps.logger, deps.onResponse));

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  const readiness = deps.readiness ?? (async () => ({}));
  const readinessTimeoutMs = deps.readinessTimeoutMs ?? 5_000;
  app.get("/readyz", async (req, res) => {
    let checks: Record<string, boolean>;
    try {
      checks = await withTimeout(readiness(), readinessTimeoutMs);
    } catch (error) {
      req.log.warn({ err: error }, "readiness probe failed");
      res.status(503).json({ status: "unavailable", checks: {} });
      return;
    }
    const ready = Object.values(checks).every((ok) => ok === true);
    if (!ready) req.log.warn({ checks }, "not ready");
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "unavailable", checks });
  });

  deps.mount?.(app);

  app.use((req, res) => {
    res.status(404).json({ error: "not_found", message: `No route for ${req.method} ${req.path}` });
  });

  const onError: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = httpStatusOf(error);
    if (status !== undefined && status < 500) {
      // Client mistakes raised by body parsers (malformed JSON, too large): say so, briefly.
      res.status(status).json({ error: "bad_request", requestId: req.id });
      return;
    }
    (req.log ?? deps.logger).error({ err: error }, "unhandled error");
    res.status(500).json({ error: "internal_error", message: "Sorry, something went wrong.", requestId: req.id });
  };
  app.use(onError);

  return app;
}

function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = typeof status === "number" ? status : statusCode;
  return typeof value === "number" && value >= 400 && value < 600 ? value : undefined;
}

export interface RunningServer {
  server: Server;
  /** The bound port (useful with port 0 in tests). */
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then drops what is left. */
  close(graceMs?: number): Promise<void>;
}

export function listen(app: Express, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.once("listening", () => {
      server.off("error", onError);
      const bound = (server.address() as AddressInfo).port;
      let closing: Promise<void> | undefined;
      resolve({
        server,
        port: bound,
        close(graceMs = 10_000) {
          closing ??= new Promise<void>((done, fail) => {
            const force = setTimeout(() => server.closeAllConnections(), graceMs);
            force.unref();
            server.close((error) => {
              clearTimeout(force);
              if (error) fail(error);
              else done();
            });
            server.closeIdleConnections();
          });
          return closing;
        },
      });
    });
  });
}
