// Drives the real HTTP endpoint (/slack/events on the real Express app, port 0) with requests
// signed exactly as Slack signs them, against the run's Postgres and a local fake Slack Web API.
import { createHmac, randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { Express } from "express";
import type { Logger } from "pino";
import { createSlackSender, mountSlack, type MountSlackOptions, type SlackHandle } from "../../../src/adapters/slack/slack-app.js";
import { createServices, databaseAnswers, type Services } from "../../../src/composition/services.js";
import { loadConfig, type Config } from "../../../src/config/env.js";
import { createHttpServer, listen, readinessFrom, type RunningServer } from "../../../src/http/server.js";
import type { ChatSender } from "../../../src/infrastructure/notify/chat-sender.js";
import { createPrismaClient, type PrismaClient } from "../../../src/infrastructure/prisma/client.js";
import { createLogger } from "../../../src/logger.js";
import { FakeSlackApi, type RecordedCall } from "../../support/fake-slack-api.js";
import { testDatabaseUrl } from "../../support/database.js";

export const TEAM_ID = "T0LEADBOT";
export const BOT_TOKEN = "xoxb-test-0000-not-a-real-token";

const hex = (n = 4) => randomBytes(n).toString("hex").toUpperCase();

/** A Slack user id no other test uses. */
export const slackUserId = () => `U${hex(5)}`;
/** A Slack channel id no other test uses. */
export const slackChannelId = () => `C${hex(5)}`;

export interface SlackUser {
  id: string;
  name: string;
}

export interface SignOptions {
  secret?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  contentType?: string;
  headers?: Record<string, string>;
  /** Leave the signature headers off entirely. */
  unsigned?: boolean;
}

export function slackSignature(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${rawBody}`).digest("hex")}`;
}

export interface SlackResponse {
  status: number;
  /** The ack body Slack would show (JSON), or null when the ack was empty. */
  json: Record<string, unknown> | null;
  text: string;
  ms: number;
}

export interface SentCommand extends SlackResponse {
  responseId: string;
  triggerId: string;
  rawBody: string;
}

/** The last message a test sees for a command: the ack body, or the first response_url post. */
export interface Reply {
  response_type?: unknown;
  text?: unknown;
  blocks?: Array<{ block_id?: string; type: string; text?: { text?: string } }>;
}

export class SlackHarness {
  readonly fake = new FakeSlackApi();
  readonly secret = `signing-secret-${hex(8)}`;
  readonly logLines: string[] = [];
  config!: Config;
  prisma!: PrismaClient;
  services!: Services;
  slack!: SlackHandle;
  private server!: RunningServer;
  private counter = 0;

  get base(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  /**
   * `senders` are added to the Slack sender, and `mount` adds more routes to the same HTTP server
   * (e.g. Teams' /api/messages for a mixed-platform test).
   */
  async start(
    options: {
      prisma?: PrismaClient;
      senders?: ChatSender[];
      mount?: (express: Express, services: Services, logger: Logger) => void;
      env?: Record<string, string>;
      slack?: MountSlackOptions;
      /** GET /readyz checks the database, as main.ts wires it. */
      readiness?: boolean;
    } = {},
  ): Promise<this> {
    await this.fake.start();
    this.config = loadConfig({
      DATABASE_URL: testDatabaseUrl(),
      SLACK_SIGNING_SECRET: this.secret,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: this.fake.apiUrl,
      LOG_LEVEL: "debug",
      PLAYGROUND: "off",
      RUN_WORKER: "false",
      ...options.env,
    });
    // Every log line is kept, so tests can check that no token or message text is ever logged.
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.logLines.push(chunk.toString("utf8"));
        done();
      },
    });
    const logger = createLogger(this.config, sink);
    this.prisma = options.prisma ?? createPrismaClient(this.config.database.url, { poolSize: 5 });
    const sender = createSlackSender(this.config.slack!, this.prisma, logger, this.config.timeZone);
    this.services = createServices(this.config, logger, { prisma: this.prisma, senders: [sender, ...(options.senders ?? [])] });
    const app = createHttpServer({
      logger,
      ...(options.readiness ? { readiness: readinessFrom([{ name: "database", check: () => databaseAnswers(this.services) }], 2_000) } : {}),
      mount: (express) => {
        this.slack = mountSlack(express, this.services, this.config.slack!, options.slack);
        options.mount?.(express, this.services, logger);
      },
    });
    this.server = await listen(app, 0, "127.0.0.1");
    return this;
  }

  async stop(): Promise<void> {
    await this.slack?.stop();
    await this.server?.close(1_000);
    await this.fake.stop();
    await this.prisma?.$disconnect();
  }

  /** POSTs a raw body to /slack/events, signed like Slack unless told otherwise. */
  async post(rawBody: string, options: SignOptions = {}): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": options.contentType ?? "application/x-www-form-urlencoded",
      ...(options.unsigned
        ? {}
        : {
            "x-slack-request-timestamp": String(timestamp),
            "x-slack-signature": slackSignature(options.secret ?? this.secret, timestamp, rawBody),
          }),
      ...options.headers,
    };
    const started = Date.now();
    const res = await fetch(`${this.base}/slack/events`, { method: "POST", headers, body: rawBody });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    if (text && (res.headers.get("content-type") ?? "").includes("json")) {
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = null;
      }
    }
    return { status: res.status, json, text, ms: Date.now() - started };
  }

  /** The form body of a /lead slash command, as Slack sends it. */
  commandBody(user: SlackUser, channel: string, text: string, ids: { responseId: string; triggerId: string }): string {
    return new URLSearchParams({
      token: "deprecated-verification-token",
      team_id: TEAM_ID,
      team_domain: "leadbot-test",
      channel_id: channel,
      channel_name: "case-channel",
      user_id: user.id,
      user_name: user.name,
      command: "/lead",
      // Slack escapes &, < and > in the text, leaving real mentions as <@U…|name>.
      text,
      api_app_id: "A0LEADBOT",
      is_enterprise_install: "false",
      response_url: this.fake.responseUrl(ids.responseId),
      trigger_id: ids.triggerId,
    }).toString();
  }

  nextIds(): { responseId: string; triggerId: string } {
    const n = ++this.counter;
    return { responseId: `r${n}-${hex(3)}`, triggerId: `${n}.${hex(6)}.${hex(8).toLowerCase()}` };
  }

  async command(user: SlackUser, channel: string, text: string, options: SignOptions = {}): Promise<SentCommand> {
    const ids = this.nextIds();
    const rawBody = this.commandBody(user, channel, text, ids);
    const res = await this.post(rawBody, options);
    return { ...res, ...ids, rawBody };
  }

  /** The reply the person who typed sees: the ack itself, or what came through the response_url. */
  async replyTo(sent: { json: Record<string, unknown> | null; responseId: string }, timeoutMs = 10_000): Promise<Reply> {
    if (sent.json) return sent.json as Reply;
    const call = await this.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && c.path.endsWith(`/${sent.responseId}`)), timeoutMs);
    return call.body as Reply;
  }

  /** Runs a command and returns its reply; fails the test when the command was refused. */
  async ok(user: SlackUser, channel: string, text: string): Promise<Reply> {
    const sent = await this.command(user, channel, text);
    if (sent.status !== 200) throw new Error(`/lead ${text} answered HTTP ${sent.status}`);
    const reply = await this.replyTo(sent);
    if (replyKind(reply) === "error") throw new Error(`/lead ${text} was refused: ${String(reply.text)}`);
    return reply;
  }

  /** A block_actions payload for a button as drawn in `blocks`, clicked by `user`. */
  actionBody(user: SlackUser, button: FoundButton, where: { channel?: string | null; messageTs?: string; home?: boolean; responseId?: string; triggerId?: string }): string {
    const n = ++this.counter;
    const payload = {
      type: "block_actions",
      user: { id: user.id, username: user.name, name: user.name, team_id: TEAM_ID },
      api_app_id: "A0LEADBOT",
      token: "deprecated-verification-token",
      container: where.home
        ? { type: "view", view_id: "VHOME" }
        : { type: "message", message_ts: where.messageTs ?? "1.0", channel_id: where.channel, is_ephemeral: false },
      trigger_id: where.triggerId ?? `${n}.${hex(6)}.${hex(8).toLowerCase()}`,
      team: { id: TEAM_ID, domain: "leadbot-test" },
      enterprise: null,
      is_enterprise_install: false,
      ...(where.home ? { view: { id: "VHOME", type: "home" } } : { channel: { id: where.channel, name: "case-channel" } }),
      ...(where.home ? {} : { response_url: this.fake.responseUrl(where.responseId ?? `a${n}`) }),
      actions: [
        {
          action_id: button.action_id,
          block_id: button.block_id,
          text: { type: "plain_text", text: button.text, emoji: true },
          value: button.value,
          type: "button",
          action_ts: `${Math.floor(Date.now() / 1000)}.${hex(3)}`,
        },
      ],
    };
    return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  }

  async click(user: SlackUser, button: FoundButton, where: { channel?: string | null; messageTs?: string; home?: boolean }): Promise<SlackResponse & { responseId: string; rawBody: string }> {
    const responseId = `click-${++this.counter}-${hex(3)}`;
    const rawBody = this.actionBody(user, button, { ...where, responseId });
    return { ...(await this.post(rawBody)), responseId, rawBody };
  }

  /**
   * Submits a modal the app opened (as recorded by the fake views.open), with the given inputs.
   * Pass the same `viewId` twice to send what Slack sends when one modal is submitted twice.
   */
  async submitView(user: SlackUser, opened: RecordedCall, values: Record<string, { value?: string; selected_user?: string }>, options: { viewId?: string } = {}): Promise<SlackResponse> {
    const view = opened.body.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id?: string; type: string; element?: { type: string; action_id: string } }> };
    const state: Record<string, Record<string, unknown>> = {};
    for (const block of view.blocks) {
      if (block.type !== "input" || !block.block_id || !block.element) continue;
      const given = values[block.block_id] ?? {};
      state[block.block_id] = {
        [block.element.action_id]:
          block.element.type === "users_select"
            ? { type: "users_select", selected_user: given.selected_user ?? null }
            : { type: block.element.type, value: given.value ?? null },
      };
    }
    const payload = {
      type: "view_submission",
      team: { id: TEAM_ID, domain: "leadbot-test" },
      user: { id: user.id, username: user.name, name: user.name, team_id: TEAM_ID },
      api_app_id: "A0LEADBOT",
      token: "deprecated-verification-token",
      trigger_id: `${++this.counter}.${hex(6)}.${hex(8).toLowerCase()}`,
      view: {
        id: options.viewId ?? `V${hex(5)}`,
        team_id: TEAM_ID,
        type: "modal",
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        blocks: view.blocks,
        state: { values: state },
        hash: `${Date.now()}.${hex(4)}`,
        app_id: "A0LEADBOT",
        bot_id: "BLEADBOT",
      },
      response_urls: [],
      is_enterprise_install: false,
    };
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString());
  }

  /** An Events API callback (JSON), as Slack sends it. */
  async event(event: Record<string, unknown>, options: SignOptions = {}): Promise<SlackResponse> {
    const body = JSON.stringify({
      token: "deprecated-verification-token",
      team_id: TEAM_ID,
      api_app_id: "A0LEADBOT",
      event,
      type: "event_callback",
      event_id: `Ev${hex(5)}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: TEAM_ID, user_id: "ULEADBOT", is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
    return this.post(body, { contentType: "application/json", ...options });
  }
}

export interface FoundButton {
  action_id: string;
  block_id: string;
  value: string;
  text: string;
}

/** A button as drawn in a message or view, found by its action id. */
export function findButton(blocks: unknown, actionId: string, blockPrefix = ""): FoundButton {
  for (const block of (blocks as Array<{ type: string; block_id?: string; elements?: Array<Record<string, unknown>> }>) ?? []) {
    if (block.type !== "actions" || !block.block_id?.startsWith(blockPrefix)) continue;
    for (const el of block.elements ?? []) {
      if (el.action_id === actionId) {
        return { action_id: actionId, block_id: block.block_id, value: String(el.value), text: String((el.text as { text?: string })?.text ?? "") };
      }
    }
  }
  throw new Error(`no button ${actionId} in the blocks`);
}

/** What kind of reply this is, from the block id the renderer puts on its first block. */
export function replyKind(reply: Reply): string {
  const first = reply.blocks?.[0]?.block_id ?? "";
  return first.startsWith("lead.") ? first.slice(5) : "unknown";
}

/** All text of a message (fallback text and blocks), for "contains" assertions. */
export function allText(body: Record<string, unknown> | Reply): string {
  return JSON.stringify([body.text, body.blocks]);
}
