// Delivers domain views to Slack through the Web API (@slack/web-api): chat.postMessage to a
// channel id, or to a user id (Slack then posts in the app's direct message with that person),
// and chat.update when a message with the same key was posted before, so a proposal card shows
// its live tally in place instead of a new message per vote.
//
// Where each keyed message went is kept in the chat_messages table. Its primary key is
// (message_key, platform), so the stored key is "<messageKey>@<destination id>": the same card
// sent to two channels is two messages, each updated in place.
//
// The outbox dispatcher's per-channel pacing is the plan against Slack's rate limits. A 429 that
// still happens is not slept through: the sender's WebClient rejects it (rejectRateLimitedCalls,
// see webClientOptions in src/adapters/slack/slack-app.ts) and it surfaces here as a
// SlackDeliveryError with `retryAfter` (seconds), which the dispatcher turns into a block of that
// channel for everyone. Errors are rethrown as SlackDeliveryError carrying the method, Slack's
// error code and whether a retry can help: a Web API error holds the whole response (message text
// included) and must never reach a log.
//
// Every post carries its outbox delivery key as message metadata (event_type leadbot_delivery),
// so after a worker died mid-send `findSent` can look for it in the channel's recent history
// (conversations.history with include_all_metadata) instead of posting it a second time.
import {
  ErrorCode,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type ChatPostMessageArguments,
  type WebClient,
} from "@slack/web-api";
import type { Logger } from "pino";
import type { View } from "../../domain/views.js";
import type { PrismaClient } from "../prisma/client.js";
import { copyKey, recordedCopies } from "../prisma/prisma-chat-messages.js";
import type { ChatDestination, ChatSender, SentMessage } from "./chat-sender.js";

/** The metadata event type leadbot's posts carry; its payload is `{ key: <delivery key> }`. */
export const DELIVERY_EVENT_TYPE = "leadbot_delivery";

/** How many of a channel's newest messages since the first try are searched for an interrupted send. */
export const HISTORY_WINDOW = 100;
/** Slack's clock and the database's may differ: the search starts this much before the first try. */
const CLOCK_LEEWAY_S = 120;

export type SlackBlocks = Extract<ChatPostMessageArguments, { blocks: unknown[] }>["blocks"];

export interface SlackMessage {
  text: string;
  blocks: SlackBlocks;
}

export interface SlackSenderOptions {
  client: WebClient;
  /**
   * Where chat_messages lives. A function is read at send time, so the sender can be built before
   * the services that own the client (the notifier needs its senders up front).
   */
  prisma: PrismaClient | (() => PrismaClient);
  /** Block Kit for a view; the Slack adapter's renderer (src/adapters/slack/render-blocks.ts). */
  render: (view: View) => SlackMessage;
  logger: Logger;
}

/** Slack errors that no retry will fix: the outbox dispatcher gives up on them at once. */
const PERMANENT = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "user_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "missing_scope",
  "restricted_action",
  "invalid_blocks",
  "invalid_blocks_format",
  "msg_too_long",
  "no_text",
]);

/**
 * A Slack delivery that failed, reduced to what is safe to log. `permanent` and `retryAfter`
 * (seconds) are what the outbox dispatcher reads to decide whether and when to try again.
 */
export class SlackDeliveryError extends Error {
  readonly permanent: boolean;
  readonly retryAfter: number | undefined;

  constructor(
    readonly method: string,
    /** Slack's error ("channel_not_found"), or the kind of failure ("http_500", "request_failed"). */
    readonly slackError: string,
    options: { retryAfter?: number } = {},
  ) {
    super(`Slack ${method} failed: ${slackError}`);
    this.name = "SlackDeliveryError";
    this.permanent = PERMANENT.has(slackError);
    this.retryAfter = options.retryAfter;
  }
}

/** The message we would update is gone (deleted, channel archived): post a new one instead. */
const GONE = new Set(["message_not_found", "cant_update_message", "channel_not_found", "is_archived", "edit_window_closed"]);

function isRateLimited(error: unknown): boolean {
  const e = error as { code?: unknown; retryAfter?: unknown } | null;
  return typeof e === "object" && e !== null && e.code === ErrorCode.RateLimitedError && typeof e.retryAfter === "number";
}

export function toDeliveryError(method: string, error: unknown): SlackDeliveryError {
  if (error instanceof SlackDeliveryError) return error;
  if (error instanceof WebAPIPlatformError) return new SlackDeliveryError(method, String(error.data.error));
  // By class, or by the documented code and retryAfter (a duplicate copy of the package in
  // node_modules would have classes of its own).
  if (error instanceof WebAPIRateLimitedError || isRateLimited(error)) {
    return new SlackDeliveryError(method, "ratelimited", { retryAfter: (error as { retryAfter: number }).retryAfter });
  }
  if (error instanceof WebAPIHTTPError) return new SlackDeliveryError(method, `http_${error.statusCode}`);
  if (error instanceof WebAPIRequestError) return new SlackDeliveryError(method, "request_failed");
  return new SlackDeliveryError(method, error instanceof Error ? error.name : "unknown");
}

export class SlackSender implements ChatSender {
  readonly platform = "slack" as const;
  /** One delivery at a time per keyed message, so a vote's update never overtakes the card's first post. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly options: SlackSenderOptions) {}

  async send(destination: ChatDestination, view: View, messageKey?: string, deliveryKey?: string): Promise<SentMessage> {
    if (destination.platform !== "slack") throw new Error(`SlackSender cannot deliver to ${destination.platform}`);
    const message = this.options.render(view);
    const copy = destination.copy;
    if (copy) return this.serialised(copy, () => this.updateCopy(copy, message));
    if (!messageKey) return { messageId: (await this.post(destination.id, message, deliveryKey)).ts };
    const key = copyKey(messageKey, destination.id);
    return this.serialised(key, () => this.postOrUpdate(key, destination.id, message, deliveryKey));
  }

  /**
   * The message posted under `deliveryKey`, searched among the newest HISTORY_WINDOW messages of
   * its channel since `since` (a user's DM channel found by conversations.open). Null when the
   * window holds it all and it is not there; throws when Slack cannot say (no history scope,
   * not a member, more messages than the window). A keyed card found is remembered, so later
   * updates edit it rather than post another.
   */
  async findSent(destination: ChatDestination, deliveryKey: string, since: Date, messageKey?: string): Promise<SentMessage | null> {
    const { client } = this.options;
    let channel = destination.id;
    let page;
    try {
      if (destination.kind === "user") {
        const opened = await client.conversations.open({ users: destination.id });
        if (!opened.channel?.id) throw new SlackDeliveryError("conversations.open", "no_channel_in_response");
        channel = opened.channel.id;
      }
      page = await client.conversations.history({
        channel,
        oldest: String(Math.floor(since.getTime() / 1000) - CLOCK_LEEWAY_S),
        limit: HISTORY_WINDOW,
        include_all_metadata: true,
      });
    } catch (error) {
      throw toDeliveryError(destination.kind === "user" && channel === destination.id ? "conversations.open" : "conversations.history", error);
    }
    const found = (page.messages ?? []).find((m) => m.metadata?.event_type === DELIVERY_EVENT_TYPE && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === deliveryKey);
    if (!found?.ts) {
      if (page.has_more) throw new SlackDeliveryError("conversations.history", "window_exceeded");
      return null;
    }
    if (messageKey) {
      const key = `${messageKey}@${destination.id}`;
      await this.prisma.chatMessage.upsert({
        where: { messageKey_platform: { messageKey: key, platform: "slack" } },
        create: { messageKey: key, platform: "slack", channelId: channel, messageId: found.ts },
        update: { channelId: channel, messageId: found.ts },
      });
    }
    return { messageId: found.ts };
  }

  /** Every Slack copy of the message (user ids begin with U or W; anything else is a channel). */
  async copiesOf(messageKey: string): Promise<ChatDestination[]> {
    const copies = await recordedCopies(this.prisma, "slack", messageKey);
    return copies.map((c) => {
      const id = c.destinationId ?? c.channelId;
      return { platform: "slack" as const, kind: /^[UW]/.test(id) ? ("user" as const) : ("channel" as const), id, copy: c.stored };
    });
  }

  /** chat.update of one recorded copy; a copy deleted or no longer editable is left as it is, never posted again. */
  private async updateCopy(stored: string, message: SlackMessage): Promise<SentMessage> {
    const known = await this.prisma.chatMessage.findUnique({ where: { messageKey_platform: { messageKey: stored, platform: "slack" } } });
    if (!known) return { messageId: null, inPlace: true };
    try {
      await this.options.client.chat.update({ channel: known.channelId, ts: known.messageId, text: message.text, blocks: message.blocks });
    } catch (error) {
      const failure = toDeliveryError("chat.update", error);
      if (!GONE.has(failure.slackError)) throw failure;
      this.options.logger.info({ slackError: failure.slackError }, "a copy to update is gone on Slack; nothing to update");
    }
    return { messageId: known.messageId, inPlace: true };
  }

  private get prisma(): PrismaClient {
    const { prisma } = this.options;
    return typeof prisma === "function" ? prisma() : prisma;
  }

  private async postOrUpdate(key: string, to: string, message: SlackMessage, deliveryKey?: string): Promise<SentMessage> {
    const { client, logger } = this.options;
    const prisma = this.prisma;
    const where = { messageKey_platform: { messageKey: key, platform: "slack" as const } };
    const known = await prisma.chatMessage.findUnique({ where });
    if (known) {
      try {
        await client.chat.update({ channel: known.channelId, ts: known.messageId, text: message.text, blocks: message.blocks });
        return { messageId: known.messageId, inPlace: true };
      } catch (error) {
        const failure = toDeliveryError("chat.update", error);
        if (!GONE.has(failure.slackError)) throw failure;
        logger.info({ slackError: failure.slackError }, "keyed Slack message is gone; posting it again");
      }
    }
    const posted = await this.post(to, message, deliveryKey);
    await prisma.chatMessage.upsert({
      where,
      create: { messageKey: key, platform: "slack", channelId: posted.channel, messageId: posted.ts },
      update: { channelId: posted.channel, messageId: posted.ts },
    });
    return { messageId: posted.ts };
  }

  /** Posts a new message; returns where it landed (a user id comes back as the DM's channel id). */
  async post(to: string, message: SlackMessage, deliveryKey?: string): Promise<{ channel: string; ts: string }> {
    let result;
    try {
      result = await this.options.client.chat.postMessage({
        channel: to,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(deliveryKey ? { metadata: { event_type: DELIVERY_EVENT_TYPE, event_payload: { key: deliveryKey } } } : {}),
      });
    } catch (error) {
      throw toDeliveryError("chat.postMessage", error);
    }
    if (!result.ts) throw new SlackDeliveryError("chat.postMessage", "no_ts_in_response");
    return { channel: result.channel ?? to, ts: result.ts };
  }

  private serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous: Promise<unknown> = this.chains.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.chains.set(key, next);
    const forget = () => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    };
    next.then(forget, forget);
    return next;
  }
}
