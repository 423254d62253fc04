// What every Slack listener shares: the services, the dedupe store, in-flight tracking (so stop()
// can wait for work done after an ack), the actor context handed to the domain, and the one way
// of answering the person who typed or clicked: an ephemeral message only they see.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { WebClient } from "@slack/web-api";
import type { Logger } from "pino";
import { errorView } from "../../application/command-runner.js";
import type { Services } from "../../app/services.js";
import { actorContext, type ActorContext } from "../../domain/commands.js";
import type { View } from "../../domain/views.js";
import { toDeliveryError } from "../../infrastructure/notify/slack-sender.js";
import { renderReply } from "./render-blocks.js";
import type { RequestDedupe } from "./request-dedupe.js";

export interface SlackDeps {
  services: Services;
  dedupe: RequestDedupe;
  logger: Logger;
  timeZone: string;
  /** Runs work after the ack, tracked so shutdown can wait for it. Never rejects. */
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

/** Tracks in-flight work so `drain()` can wait for it on shutdown. */
export class InFlight {
  private readonly running = new Set<Promise<void>>();

  run(work: () => Promise<void>): Promise<void> {
    const task = work();
    this.running.add(task);
    const done = () => this.running.delete(task);
    task.then(done, done);
    return task;
  }

  get size(): number {
    return this.running.size;
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
