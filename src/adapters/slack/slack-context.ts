// What every Slack listener shares: the services, the dedupe store, in-flight tracking (so stop()
// can wait for work done after an ack), the actor context handed to the domain, and the one way
// of answering the person who typed or clicked: an ephemeral message only they see.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import { errorView } from "../../application/command-runner.js";
import { actorContext, type ActorContext } from "../../domain/commands.js";
import type { View } from "../../domain/views.js";
import { toDeliveryError } from "../../infrastructure/notify/slack-sender.js";
import { renderReply } from "./render-blocks.js";
import type { RequestDedupe } from "./request-dedupe.js";
import type { SlackServices } from "./slack-services.js";

/** The answer when too much work is queued behind the acks already (see InFlight). */
export const BUSY_TEXT = "leadbot has a lot to do just now, so it did not do that. Nothing was changed: please try again in a minute.";

/**
 * How Slack listeners run commands: the person's answer goes as soon as the change is committed,
 * and the command's other messages (cards, channels, DMs) are delivered meanwhile. A paced
 * channel's turn is then waited for outside the after-ack slots (see InFlight), so one busy
 * case channel cannot hold up everyone else's commands.
 */
export const ANSWER_FIRST = { delivery: "background" } as const;

export interface SlackDeps {
  services: SlackServices;
  dedupe: RequestDedupe;
  logger: Logger;
  timeZone: string;
  /** True when work after an ack would be refused now (too much queued): answer busy in the ack itself. */
  busy(): boolean;
  /**
   * Runs work after the ack, tracked so shutdown can wait for it; when too much is queued, the
   * work never runs and `onError` tells the person so. Never rejects.
   */
  after(name: string, work: () => Promise<void>, onError?: (view: View) => Promise<void>): Promise<void>;
}

/** Where the answer to one person goes: the response_url when Slack gave one, else the channel, else their DM. */
export interface ReplyTarget {
  userId: string;
  channelId: string | null;
  responseUrl: string | null;
}

/**
 * The HTTP request (its `req.id`, the x-request-id) a Slack listener is handling. Set around
 * POST /slack/events by mountSlack, it follows the listener into the work it does after its
 * ack, so every listener's actor and apology carry it without each one threading it through.
 */
const slackRequest = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `next` (the rest of the request's handling) as part of HTTP request `requestId`. */
export function inSlackRequest(requestId: string, next: () => void): void {
  slackRequest.run({ requestId }, next);
}

/** The id of the HTTP request being handled, or null outside one. */
export function currentRequestId(): string | null {
  return slackRequest.getStore()?.requestId ?? null;
}

/**
 * The actor for the domain; null when Slack sent ids the domain would refuse anyway. Its
 * requestId is the HTTP request's id, so the runner's log lines match the request's own; the
 * listener's request key (trigger or view id) stands in outside an HTTP request.
 */
export function slackActor(userId: string, channelId: string | null, requestKey: string | null): ActorContext | null {
  const parsed = actorContext.safeParse({ platform: "slack", userId, channelId, requestId: currentRequestId() ?? requestKey });
  return parsed.success ? parsed.data : null;
}

export function apology(logger: Logger, error: unknown, what: string): View {
  const correlationId = randomUUID();
  // Name and code only: some libraries put query arguments (what people typed) in the message.
  const code = error !== null && typeof error === "object" ? (error as { code?: unknown }).code : undefined;
  const err = error instanceof Error ? { name: error.name, code: typeof code === "string" ? code : undefined } : { name: typeof error };
  logger.error({ err, correlationId, requestId: currentRequestId(), what }, "Slack request failed");
  return errorView(`Sorry, something went wrong on our side. If it keeps happening, quote reference ${correlationId}.`, null, correlationId);
}

/**
 * Runs work after an ack, at most `limit` at a time, with at most `maxQueued` more waiting, and
 * tracks it so `drain()` can wait for it on shutdown. The limit keeps the acks quick under load:
 * with every request's work running at once, each turn of the event loop serves thousands of
 * database callbacks before it reaches a new request, and Slack's 3 s ack deadline slips. The
 * cap keeps a flood from queueing without end (memory, answers minutes late): work beyond it is
 * refused (`offer` returns null) and the caller says so to the person, having changed nothing.
 */
export class InFlight {
  private readonly running = new Set<Promise<void>>();
  private readonly waiting: (() => void)[] = [];
  private active = 0;
  private counts = { completed: 0, refused: 0 };

  constructor(
    private readonly limit = Number.POSITIVE_INFINITY,
    private readonly maxQueued = Number.POSITIVE_INFINITY,
  ) {}

  /** Whether `offer` would refuse work now. */
  get full(): boolean {
    return this.active >= this.limit && this.waiting.length >= this.maxQueued;
  }

  /** Counts work refused before it was offered (answered busy in the ack). */
  refuse(): void {
    this.counts.refused += 1;
  }

  /** Runs `work` now or when its turn comes; null (and `work` never runs) when the queue is full. */
  offer(work: () => Promise<void>): Promise<void> | null {
    if (this.full) {
      this.counts.refused += 1;
      return null;
    }
    const task = this.turn().then(async () => {
      try {
        await work();
      } finally {
        this.active -= 1;
        this.counts.completed += 1;
        this.waiting.shift()?.();
      }
    });
    this.running.add(task);
    const done = () => this.running.delete(task);
    task.then(done, done);
    return task;
  }

  private turn(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => {
      this.active += 1;
      resolve();
    }));
  }

  /** Running, waiting, and since start: finished, refused for a full queue. */
  get stats(): { running: number; queued: number; completed: number; refused: number } {
    return { running: this.active, queued: this.waiting.length, ...this.counts };
  }

  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) {
      const left = Math.max(1, deadline - Date.now());
      await Promise.race([Promise.allSettled([...this.running]), new Promise((resolve) => setTimeout(resolve, left).unref())]);
    }
  }
}

/** Sends an ephemeral reply; falls back from the response_url to chat.postEphemeral to a DM. */
export async function replyEphemeral(deps: SlackDeps, client: WebClient, target: ReplyTarget, view: View): Promise<void> {
  const message = renderReply(view, deps.timeZone);
  if (target.responseUrl) {
    try {
      const res = await fetch(target.responseUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ...message, replace_original: false }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) return;
      deps.logger.warn({ status: res.status }, "response_url refused the reply; trying chat.postEphemeral");
    } catch (error) {
      deps.logger.warn({ err: { name: (error as Error).name } }, "response_url failed; trying chat.postEphemeral");
    }
  }
  if (target.channelId) {
    try {
      await client.chat.postEphemeral({ channel: target.channelId, user: target.userId, text: message.text, blocks: message.blocks });
      return;
    } catch (error) {
      deps.logger.warn({ slackError: toDeliveryError("chat.postEphemeral", error).slackError }, "ephemeral reply failed; sending a DM");
    }
  }
  try {
    await client.chat.postMessage({ channel: target.userId, text: message.text, blocks: message.blocks });
  } catch (error) {
    deps.logger.error({ slackError: toDeliveryError("chat.postMessage", error).slackError }, "could not reply to the user at all");
  }
}
