// Logs are JSON lines with a correlation id (the request id over HTTP, the job id and outbox key
// in the worker), and what people typed never reaches them.
import { Writable } from "node:stream";
import type { Job } from "bullmq";
import { describe, expect, it } from "vitest";
import { createHttpServer, listen } from "../../../src/http/server.js";
import type { DispatchOptions, OutboxDispatcher } from "../../../src/infrastructure/queue/outbox-dispatcher.js";
import { outboxProcessor } from "../../../src/infrastructure/queue/outbox-delivery.processor.js";
import type { DigestFlusher } from "../../../src/infrastructure/queue/digest.js";
import { DEFAULT_TIMINGS, JOBS, type LeadbotQueues } from "../../../src/infrastructure/queue/queues.js";
import { createLogger } from "../../../src/logger.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ log: { level: "debug" }, env: "test" }, stream), lines, raw };
}

describe("redaction", () => {
  it("censors chat text, card values, typed reasons and secrets, at the root and two levels down", () => {
    const { logger, raw } = capture();
    const secrets = ["SLACKTEXT", "TEAMSTEXT", "CARDREASON", "CARDVALUE", "ROOTREASON", "BODYTEXT", "PASSWORD1", "xoxb-TOKEN", "AXIOSDATA"];
    logger.info({ body: { command: "/lead", text: "SLACKTEXT vote EH-1 object" } }, "slack command");
    logger.info({ activity: { type: "message", text: "TEAMSTEXT propose", value: { verb: "object", reason: "CARDREASON" } } }, "teams activity");
    logger.info({ action: { data: { reason: "CARDREASON" } }, value: { choice: "CARDVALUE" } }, "card action");
    logger.info({ reason: "ROOTREASON", text: "BODYTEXT", password: "PASSWORD1", token: "xoxb-TOKEN" }, "flat");
    logger.error({ err: Object.assign(new Error("request failed"), { config: { data: '{"text":"AXIOSDATA"}' } }) }, "http client error");
    const out = raw.join("\n");
    for (const secret of secrets) expect(out, secret).not.toContain(secret);
    expect(out).toContain("[redacted]");
    // What an operator needs is still there (a whole `body` or card `value` is censored as one).
    expect(out).toContain('"activity":{"type":"message","text":"[redacted]","value":"[redacted]"}');
    expect(out).toContain("request failed");
  });
});

describe("correlation ids", () => {
  it("binds every line logged while handling a request to its request id", async () => {
    const { logger, lines } = capture();
    const app = createHttpServer({
      logger,
      mount: (express) =>
        express.get("/probe", (req, res) => {
          req.log.info("inside the handler");
          res.json({ ok: true });
        }),
    });
    const server = await listen(app, 0, "127.0.0.1");
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/probe`, { headers: { "x-request-id": "req-abc-123" } });
      expect(res.headers.get("x-request-id")).toBe("req-abc-123");
    } finally {
      await server.close(1_000);
    }
    const mine = lines.filter((l) => l.requestId === "req-abc-123");
    expect(mine.map((l) => l.msg)).toEqual(["inside the handler", "request"]);
  });

  it("hands the outbox dispatcher a per-job logger bound to the queue, job id and outbox key", async () => {
    const { logger, lines } = capture();
    let seen: DispatchOptions | undefined;
    const dispatcher = {
      dispatch: async (key: string, options: DispatchOptions) => {
        seen = options;
        options.logger?.warn({ key }, "chat delivery failed");
        return { status: "delivered" as const };
      },
    } as unknown as OutboxDispatcher;
    const queues = { timings: DEFAULT_TIMINGS } as unknown as LeadbotQueues;
    const process = outboxProcessor({ dispatcher: () => dispatcher, digests: {} as DigestFlusher, queues, logger });
    const job = { name: JOBS.delivery.name, data: { key: "cmd-42-0" }, id: "cmd-42-0", queueName: "outbox", attemptsMade: 2, opts: { attempts: 8 } };
    await expect(process(job as unknown as Job)).resolves.toBe("delivered");
    expect(seen?.logger).toBeDefined();
    expect(lines.at(-1)).toMatchObject({ queue: "outbox", jobId: "cmd-42-0", outboxKey: "cmd-42-0", attempt: 3, msg: "chat delivery failed" });
  });
});
