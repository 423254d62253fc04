// Starts the real HTTP server with Teams mounted (local emulator mode unless credentials are
// given), the services on the run's database, and a fake connector that the activities'
// serviceUrl points at. Builders make Bot Framework activities as Teams sends them.
import { randomBytes, randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";
import { createTeamsSender, mountTeams } from "../../../src/adapters/teams/mount-teams.js";
import { createServices, type Services } from "../../../src/composition/services.js";
import { loadConfig } from "../../../src/config/env.js";
import { createHttpServer, listen, type RunningServer } from "../../../src/http/server.js";
import type { FakeBotFrameworkIdentity } from "../../support/fake-bot-framework-identity.js";
import { cardOf, FakeTeamsConnector } from "../../support/fake-teams-connector.js";
import { testDatabaseUrl } from "../../support/database.js";

export const BOT = { id: "28:00000000-0000-0000-0000-00000000b07", name: "leadbot" };
export const TENANT = "11111111-2222-3333-4444-555555555555";

export interface TeamsUser {
  aad: string;
  mri: string;
  name: string;
}

export interface Conversation {
  id: string;
  type: "personal" | "channel" | "groupChat";
  teamId?: string;
}

const hex = (n: number) => randomBytes(n).toString("hex");

/** A fictional Teams user with fresh ids. */
export function teamsUser(name: string): TeamsUser {
  return { aad: randomUUID(), mri: `29:1${hex(12)}`, name };
}

export function personalChat(): Conversation {
  return { id: `a:1${hex(16)}`, type: "personal" };
}

export function teamChannel(): Conversation {
  const thread = hex(10);
  return { id: `19:${thread}@thread.tacv2`, type: "channel", teamId: `19:${thread}@thread.tacv2` };
}

export interface Harness {
  connector: FakeTeamsConnector;
  services: Services;
  logs: string[];
  base: string;
  serviceUrl: string;
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: unknown }>;
  /** Waits until the messages of commands already answered are delivered (Teams answers before its fan-out is sent). */
  delivered(): Promise<void>;
  close(): Promise<void>;
}

function captureLogger(lines: string[]): Logger {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return pino({ level: "info" }, stream);
}

/** Waits for the runner's background deliveries; fails the test when they are still going after `timeoutMs`. */
export async function settle(services: Services, timeoutMs = 20_000): Promise<void> {
  if (!(await services.runner.drain(timeoutMs))) throw new Error(`${services.runner.deliveriesInFlight} deliveries still running after ${timeoutMs} ms`);
}

export interface HarnessOptions {
  /** Signs every activity posted (unless the test gives its own authorization header), as the Bot Framework does. */
  identity?: FakeBotFrameworkIdentity;
}

export async function startHarness(env: Record<string, string> = {}, options: HarnessOptions = {}): Promise<Harness> {
  const connector = new FakeTeamsConnector();
  const serviceUrl = await connector.start();
  const logs: string[] = [];
  const logger = captureLogger(logs);
  const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: "info", ...env });
  const sender = createTeamsSender(config.teams, logger);
  const services = createServices(config, logger, { senders: [sender] });
  const app = createHttpServer({ logger, mount: (express) => void mountTeams(express, services, config.teams, logger, sender) });
  const server: RunningServer = await listen(app, 0, "127.0.0.1");
  const base = `http://127.0.0.1:${server.port}`;
  return {
    connector,
    services,
    logs,
    base,
    serviceUrl,
    async post(activity, headers = {}) {
      const signed: Record<string, string> = options.identity && headers.authorization === undefined ? { authorization: options.identity.authorization(activity) } : {};
      const res = await fetch(`${base}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", ...signed, ...headers },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // Plain-text bodies (e.g. a 401's message) stay as they are.
      }
      return { status: res.status, body };
    },
    delivered: () => settle(services),
    async close() {
      await server.close(1_000);
      await connector.stop();
      await services.close();
    },
  };
}

export class ActivityFactory {
  private n = 0;
  constructor(readonly serviceUrl: string) {}

  private base(user: TeamsUser | null, conversation: Conversation): Record<string, unknown> {
    const channelData: Record<string, unknown> = { tenant: { id: TENANT } };
    if (conversation.teamId) {
      channelData.team = { id: conversation.teamId };
      channelData.channel = { id: conversation.id };
    }
    return {
      id: `incoming-${++this.n}-${hex(4)}`,
      timestamp: new Date().toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: "msteams",
      from: user ? { id: user.mri, name: user.name, aadObjectId: user.aad } : { id: "29:anonymous", name: "Someone" },
      conversation: {
        id: conversation.id,
        conversationType: conversation.type,
        tenantId: TENANT,
        ...(conversation.type === "personal" ? {} : { isGroup: true }),
      },
      recipient: BOT,
      channelData,
      locale: "en-GB",
    };
  }

  /**
   * A message as Teams sends it. In channels and group chats the text starts with the bot's
   * mention; `mentions` are people written as `<at>Name</at>` in `text`. With `withAad: false`
   * the mention entities carry only the Teams user id, as Teams often sends them.
   */
  message(user: TeamsUser | null, conversation: Conversation, text: string, mentions: TeamsUser[] = [], options: { withAad?: boolean } = {}) {
    const withBot = conversation.type !== "personal";
    const fullText = withBot ? `<at>${BOT.name}</at> ${text}` : text;
    const entities = [
      ...(withBot ? [{ type: "mention", text: `<at>${BOT.name}</at>`, mentioned: BOT }] : []),
      ...mentions.map((m) => ({
        type: "mention",
        text: `<at>${m.name}</at>`,
        mentioned: options.withAad === false ? { id: m.mri, name: m.name } : { id: m.mri, name: m.name, aadObjectId: m.aad },
      })),
      { type: "clientInfo", locale: "en-GB", country: "GB", platform: "Web" },
    ];
    return { ...this.base(user, conversation), type: "message", text: fullText, textFormat: "plain", entities };
  }

  /** An Action.Submit fallback: a message carrying the button's data (and inputs) as `value`. */
  submit(user: TeamsUser, conversation: Conversation, value: Record<string, unknown>, replyToId?: string) {
    return { ...this.base(user, conversation), type: "message", value, ...(replyToId ? { replyToId } : {}) };
  }

  /** A Universal Action: an `adaptiveCard/action` invoke for an Action.Execute button. */
  invoke(user: TeamsUser | null, conversation: Conversation, verb: string, data: Record<string, unknown>, replyToId = "fake-activity-card") {
    return {
      ...this.base(user, conversation),
      type: "invoke",
      name: "adaptiveCard/action",
      replyToId,
      value: { action: { type: "Action.Execute", id: `action-${hex(3)}`, verb, data }, trigger: "manual" },
    };
  }

  /** Allow or Decline on a FileConsentCard: a `fileConsent/invoke` carrying the card's context. */
  fileConsent(user: TeamsUser | null, conversation: Conversation, action: "accept" | "decline", context: unknown, uploadInfo?: Record<string, unknown>, replyToId = "fake-activity-consent") {
    return {
      ...this.base(user, conversation),
      type: "invoke",
      name: "fileConsent/invoke",
      replyToId,
      value: { type: "fileUpload", action, context, ...(uploadInfo ? { uploadInfo } : {}) },
    };
  }

  /** The bot installed in a team or personal scope, or people joining a conversation. */
  membersAdded(user: TeamsUser, conversation: Conversation, added: ({ id: string; aadObjectId?: string; name?: string })[]) {
    return { ...this.base(user, conversation), type: "conversationUpdate", membersAdded: added };
  }
}

export interface InvokeAnswer {
  status: number;
  card: Record<string, unknown>;
}

/** The Adaptive Card in an invoke's HTTP answer; fails loudly when it is anything else. */
export function invokeCardOf(res: { status: number; body: unknown }): InvokeAnswer {
  const body = res.body as { statusCode?: number; type?: string; value?: Record<string, unknown> } | null;
  if (res.status !== 200 || body?.type !== "application/vnd.microsoft.card.adaptive" || !body.value) {
    throw new Error(`expected an Adaptive Card invoke answer, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { status: res.status, card: body.value };
}

/** The cards the bot sent (not updated) to one conversation since `mark`. */
export function cardsSentTo(h: Harness, conversationId: string, mark = 0): Record<string, unknown>[] {
  return h.connector
    .since(mark)
    .filter((c) => (c.kind === "send" || c.kind === "reply") && c.conversationId.split(";messageid=")[0] === conversationId)
    .map((c) => cardOf(c.activity))
    .filter((c): c is Record<string, unknown> => c !== null);
}
