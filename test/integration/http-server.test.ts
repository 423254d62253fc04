import express from "express";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpServer, listen, readinessFrom, type HttpServerDeps, type RunningServer } from "../../src/http/server.js";

const silent = pino({ level: "silent" });
const running: RunningServer[] = [];

async function start(deps: Partial<HttpServerDeps> = {}): Promise<string> {
  const server = await listen(createHttpServer({ logger: silent, ...deps }), 0, "127.0.0.1");
  running.push(server);
  return `http://127.0.0.1:${server.port}`;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close(1_000)));
});

describe("HTTP server", () => {
  it("GET /healthz answers 200 ok", async () => {
    const base = await start();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("GET /readyz is 503 with the map while a check fails", async () => {
    const base = await start({ readiness: async () => ({ database: true, redis: false }) });
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", checks: { database: true, redis: false } });
  });

  it("GET /readyz is 200 when every check passes", async () => {
    const base = await start({ readiness: async () => ({ database: true, redis: true }) });
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ready", checks: { database: true, redis: true } });
  });

  it("GET /readyz counts a throwing or hanging check as not ready", async () => {
    const readiness = readinessFrom(
      [
        { name: "ok", check: async () => true },
        { name: "throws", check: async () => Promise.reject(new Error("connection refused")) },
        { name: "hangs", check: () => new Promise<boolean>(() => {}) },
      ],
      50,
    );
    const base = await start({ readiness });
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", checks: { ok: true, throws: false, hangs: false } });
  });

  it("answers an unknown path with a JSON 404", async () => {
    const base = await start();
    const res = await fetch(`${base}/no/such/page`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ error: "not_found", message: "No route for GET /no/such/page" });
  });

  it("echoes a sane x-request-id and makes one up otherwise", async () => {
    const base = await start();
    const given = await fetch(`${base}/healthz`, { headers: { "x-request-id": "req-123" } });
    expect(given.headers.get("x-request-id")).toBe("req-123");
    const invented = await fetch(`${base}/healthz`, { headers: { "x-request-id": "bad id with spaces" } });
    expect(invented.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("has no global body parser: mounted routes see the raw body", async () => {
    let raw = "";
    const base = await start({
      mount: (app) => {
        app.post("/raw", (req, res) => {
          req.setEncoding("utf8");
          req.on("data", (chunk: string) => (raw += chunk));
          req.on("end", () => res.json({ body: req.body ?? null }));
        });
        app.post("/json", express.json(), (req, res) => {
          res.json({ body: req.body as unknown });
        });
      },
    });
    const payload = JSON.stringify({ token: "t", text: "hello" });
    const headers = { "content-type": "application/json" };
    const rawRes = await fetch(`${base}/raw`, { method: "POST", headers, body: payload });
    expect(await rawRes.json()).toEqual({ body: null });
    expect(raw).toBe(payload);
    const jsonRes = await fetch(`${base}/json`, { method: "POST", headers, body: payload });
    expect(await jsonRes.json()).toEqual({ body: { token: "t", text: "hello" } });
  });

  it("answers malformed JSON with a 400, not a stack trace", async () => {
    const base = await start({
      mount: (app) => app.post("/json", express.json(), (_req, res) => res.json({})),
    });
    const res = await fetch(`${base}/json`, { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; requestId: string };
    expect(body.error).toBe("bad_request");
    expect(JSON.stringify(body)).not.toMatch(/SyntaxError|at /);
  });

  it("answers an unexpected error with a 500 carrying the request id", async () => {
    const base = await start({
      mount: (app) =>
        app.get("/boom", () => {
          throw new Error("kaboom");
        }),
    });
    const res = await fetch(`${base}/boom`, { headers: { "x-request-id": "corr-1" } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: "internal_error", message: "Sorry, something went wrong.", requestId: "corr-1" });
  });

  it("close() stops the server", async () => {
    const server = await listen(createHttpServer({ logger: silent }), 0, "127.0.0.1");
    await server.close();
    expect(server.server.listening).toBe(false);
    await expect(fetch(`http://127.0.0.1:${server.port}/healthz`)).rejects.toThrow();
  });
});
