// The Prometheus registry of one process and the few hooks that feed it. Nothing else in leadbot
// imports prom-client: the command runner, the deadline processor, the outbox dispatcher and the
// HTTP server each take a small observer, and src/app wires them to this class.
import type { Queue } from "bullmq";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Command } from "../../domain/commands.js";
import type { Outcome } from "../../domain/ports.js";
import { outcomeSignals, voteChoiceOf } from "./outcome-signals.js";
import { snapshotQueues, type QueueSnapshot } from "./queue-stats.js";

/** ok: the command ran; refused: a DomainError or unparseable text (the user can fix it); error: our fault. */
export type CommandOutcome = "ok" | "refused" | "error";
/**
 * Per chat destination of an outbox entry: sent now, given up, already sent before (a retry or a
 * second dispatcher), to be retried, dropped (its reason had gone), recovered (an interrupted
 * send found on the platform, not sent again), or possible-duplicate (sent again after an
 * interrupted send with no proof the first did not arrive: leadbot_possible_duplicates_total).
 */
export type DeliveryEvent = "sent" | "failed" | "deduplicated" | "retry" | "dropped" | "recovered" | "possible-duplicate";

export interface HttpObservation {
  method: string;
  /** A route template such as `/slack/events` or `/admin/queues/api/queues`, never a raw path. */
  route: string;
  status: number;
  ms: number;
}

export interface MetricsOptions {
  /** Process and Node.js metrics (CPU, memory, event loop lag, GC); default true. */
  defaultMetrics?: boolean;
  /** The queue gauges give up on Redis after this long, so a scrape never hangs (default 1 s). */
  queueScrapeTimeoutMs?: number;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class LeadbotMetrics {
  readonly registry = new Registry();
  private readonly commands: Counter<"command" | "outcome">;
  private readonly commandSeconds: Histogram<"command">;
  private readonly votes: Counter<"choice">;
  private readonly decisions: Counter<"outcome" | "kind">;
  private readonly escalations: Counter<"event">;
  private readonly deliveries: Counter<"result" | "platform">;
  private readonly possibleDuplicates: Counter<"platform">;
  private readonly httpSeconds: Histogram<"method" | "route" | "status">;
  private readonly rejected: Counter<"platform" | "reason">;
  private readonly queueTimeoutMs: number;
  private queues: (() => readonly Queue[]) | null = null;
  private reading: Promise<QueueSnapshot | null> | null = null;

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    this.queueTimeoutMs = options.queueScrapeTimeoutMs ?? 1_000;
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });

    this.commands = new Counter({
      name: "leadbot_commands_total",
      help: "Commands run, by command name and outcome (ok, refused, error).",
      labelNames: ["command", "outcome"],
      registers,
    });
    this.commandSeconds = new Histogram({
      name: "leadbot_command_duration_seconds",
      help: "Time to run a command and deliver its messages in-process.",
      labelNames: ["command"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.votes = new Counter({ name: "leadbot_votes_total", help: "Votes cast, by choice.", labelNames: ["choice"], registers });
    this.decisions = new Counter({
      name: "leadbot_decisions_total",
      help: "Votes closed, by outcome (agreed, disagreed) and proposal kind (appoint, closure).",
      labelNames: ["outcome", "kind"],
      registers,
    });
    this.escalations = new Counter({
      name: "leadbot_escalations_total",
      help: "Escalations opened and escalations that climbed a level.",
      labelNames: ["event"],
      registers,
    });
    this.deliveries = new Counter({
      name: "leadbot_nudges_total",
      help: "Chat messages from the outbox (cards, decisions, nudges, alerts) per destination: sent, failed, deduplicated (already sent), retry, dropped (its reason had gone, not sent), recovered (an interrupted send found on the platform, not sent again).",
      labelNames: ["result", "platform"],
      registers,
    });
    this.possibleDuplicates = new Counter({
      name: "leadbot_possible_duplicates_total",
      help: "Messages sent again after an interrupted send (a worker died or its claim lapsed mid-send) with no proof the first did not arrive: the chat may show them twice. Teams cannot be asked; Slack only when its history could not be read.",
      labelNames: ["platform"],
      registers,
    });
    this.rejected = new Counter({
      name: "leadbot_rejected_requests_total",
      help: "Requests refused before reaching a command: bad or missing signature, stale, replayed, unauthenticated.",
      labelNames: ["platform", "reason"],
      registers,
    });
    this.httpSeconds = new Histogram({
      name: "leadbot_http_request_duration_seconds",
      help: "HTTP request latency by method, route template and status.",
      labelNames: ["method", "route", "status"],
      buckets: LATENCY_BUCKETS,
      registers,
    });

    // Read on scrape: every gauge awaits the same snapshot, so one scrape reads Redis once.
    const metrics = this;
    new Gauge({
      name: "leadbot_queue_jobs",
      help: "Jobs per BullMQ queue and state, read from Redis on scrape.",
      labelNames: ["queue", "state"],
      registers,
      async collect() {
        const snapshot = await metrics.queueSnapshot();
        this.reset();
        for (const s of snapshot?.stats ?? []) for (const [state, n] of Object.entries(s.counts)) this.set({ queue: s.queue, state }, n);
      },
    });
    new Gauge({
      name: "leadbot_queue_oldest_waiting_seconds",
      help: "How long the oldest waiting job of each queue has been due (0 when none waits).",
      labelNames: ["queue"],
      registers,
      async collect() {
        const snapshot = await metrics.queueSnapshot();
        this.reset();
        for (const s of snapshot?.stats ?? []) this.set({ queue: s.queue }, s.oldestWaitingSeconds);
      },
    });
    new Gauge({
      name: "leadbot_queue_stats_up",
      help: "1 when every queue answered the scrape in time, 0 when Redis was slow or away.",
      registers,
      async collect() {
        const snapshot = await metrics.queueSnapshot();
        this.reset();
        if (snapshot) this.set(snapshot.ok ? 1 : 0);
      },
    });
  }

  /** The queues whose depth and delay are reported; the latest call wins (one set per process). */
  watchQueues(queues: { readonly all: readonly Queue[] } | null): void {
    this.queues = queues ? () => queues.all : null;
  }

  private queueSnapshot(): Promise<QueueSnapshot | null> {
    const source = this.queues;
    if (!source) return Promise.resolve(null);
    return (this.reading ??= snapshotQueues(source(), this.queueTimeoutMs)
      .catch(() => ({ ok: false, stats: [] }))
      .finally(() => {
        this.reading = null;
      }));
  }

  /** The CommandRunner's observer. `detail` lets votes, decisions and escalations be counted. */
  observeCommand(name: string, outcome: CommandOutcome, ms: number, detail: { command?: Command | null; result?: Outcome | null } = {}): void {
    this.commands.inc({ command: name, outcome });
    this.commandSeconds.observe({ command: name }, ms / 1000);
    if (outcome !== "ok") return;
    const choice = detail.command ? voteChoiceOf(detail.command) : null;
    if (choice) this.votes.inc({ choice });
    if (detail.result) this.observeOutcome(detail.result);
  }

  /** Any outcome that committed: a command's, or a deadline's when it fired. */
  observeOutcome(outcome: Pick<Outcome, "notifications" | "cancelled">): void {
    const signals = outcomeSignals(outcome);
    for (const d of signals.decisions) this.decisions.inc({ outcome: d.outcome, kind: d.kind });
    if (signals.escalationsOpened) this.escalations.inc({ event: "opened" }, signals.escalationsOpened);
    if (signals.escalationsClimbed) this.escalations.inc({ event: "climbed" }, signals.escalationsClimbed);
  }

  /** The outbox dispatcher's observer, once per destination and attempt. */
  observeRejected(platform: string, reason: string): void {
    this.rejected.inc({ platform, reason });
  }

  observeDelivery(event: DeliveryEvent, platform: string): void {
    if (event === "possible-duplicate") this.possibleDuplicates.inc({ platform });
    else this.deliveries.inc({ result: event, platform });
  }

  /** The HTTP server's observer. */
  observeHttp(request: HttpObservation): void {
    this.httpSeconds.observe({ method: request.method, route: request.route, status: String(request.status) }, request.ms / 1000);
  }

  /** The text exposition format for GET /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

let shared: LeadbotMetrics | undefined;

/** The process's registry: what GET /metrics of this process reports. */
export function processMetrics(): LeadbotMetrics {
  return (shared ??= new LeadbotMetrics());
}
