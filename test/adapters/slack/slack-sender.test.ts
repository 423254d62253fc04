// The notifier's Slack sender against the fake Web API: posts, DMs, updates in place by message
// key (the key → channel/ts map lives in chat_messages), re-posts when the message is gone, and
// hands a 429 straight back with its Retry-After, for the dispatcher to block the channel.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackSender } from "../../../src/adapters/slack/slack-app.js";
import type { TextView } from "../../../src/domain/views.js";
import { SlackDeliveryError, type SlackSender } from "../../../src/infrastructure/notify/slack-sender.js";
import { classifyFailure } from "../../../src/infrastructure/queue/delivery-errors.js";
import { createTestRepos, type TestDatabase } from "../../support/database.js";
import { FakeSlackApi } from "../../support/fake-slack-api.js";
import { slackChannelId, slackUserId } from "./slack-harness.js";

const fake = new FakeSlackApi();
let db: TestDatabase;
let sender: SlackSender;

beforeAll(async () => {
  await fake.start();
  db = createTestRepos();
  sender = createSlackSender({ signingSecret: "unused", botToken: "xoxb-sender-test", apiUrl: fake.apiUrl }, db.prisma, pino({ level: "silent" }), "Europe/London");
});

afterAll(async () => {
  await fake.stop();
  await db.cleanup();
});

const key = () => `proposal-${randomBytes(6).toString("hex")}`;
const text = (t: string): TextView => ({ type: "text", tone: "info", caseRef: "EH-2026-0001", text: t });
const posts = (channel: string) => fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);
const updates = (channel: string) => fake.callsTo("chat.update").filter((c) => c.body.channel === channel);

describe("SlackSender", () => {
  it("posts to a channel with Block Kit and the bot token", async () => {
    const channel = slackChannelId();
    await sender.send({ platform: "slack", kind: "channel", id: channel }, text("Tally changed"));
    const [call] = posts(channel);
    expect(call?.token).toBe("xoxb-sender-test");
    expect(call?.body.text).toBe("Tally changed");
    expect((call?.body.blocks as Array<{ block_id?: string }>)[0]?.block_id).toBe("lead.text");
  });

  it("updates a keyed message in place, per channel, and DMs update in the DM channel", async () => {
    const channel = slackChannelId();
    const user = slackUserId();
    const k = key();
    await sender.send({ platform: "slack", kind: "channel", id: channel }, text("v1"), k);
    await sender.send({ platform: "slack", kind: "channel", id: channel }, text("v2"), k);
    await sender.send({ platform: "slack", kind: "user", id: user }, text("v1"), k);
    await sender.send({ platform: "slack", kind: "user", id: user }, text("v2"), k);
    expect(posts(channel)).toHaveLength(1);
    expect(updates(channel)).toHaveLength(1);
    expect(updates(channel)[0]?.body.ts).toBe(posts(channel)[0]?.response?.ts);
    expect(updates(channel)[0]?.body.text).toBe("v2");
    const dmChannel = `D${user.slice(1)}`;
    expect(posts(user)).toHaveLength(1);
    expect(updates(dmChannel)).toHaveLength(1);
    const rows = await db.prisma.chatMessage.findMany({ where: { messageKey: { startsWith: k } } });
    expect(rows.map((r) => r.channelId).sort()).toEqual([channel, dmChannel].sort());
  });

  it("posts the first card once even when updates race it", async () => {
    const channel = slackChannelId();
    const k = key();
    await Promise.all(Array.from({ length: 6 }, (_, i) => sender.send({ platform: "slack", kind: "channel", id: channel }, text(`v${i}`), k)));
    expect(posts(channel)).toHaveLength(1);
    expect(updates(channel)).toHaveLength(5);
    expect(updates(channel).at(-1)?.body.text).toBe("v5");
  });

  it("posts again when the keyed message was deleted", async () => {
    const channel = slackChannelId();
    const k = key();
    await sender.send({ platform: "slack", kind: "channel", id: channel }, text("v1"), k);
    fake.failWith("chat.update", "message_not_found");
    await sender.send({ platform: "slack", kind: "channel", id: channel }, text("v2"), k);
    expect(posts(channel)).toHaveLength(2);
    const row = await db.prisma.chatMessage.findUnique({ where: { messageKey_platform: { messageKey: `${k}@${channel}`, platform: "slack" } } });
    expect(row?.messageId).toBe(posts(channel)[1]?.response?.ts);
  });

  it("does not sleep through a 429: it fails at once with Retry-After, read by the dispatcher as a channel block", async () => {
    const channel = slackChannelId();
    fake.rateLimit("chat.postMessage", 1, 7);
    const started = Date.now();
    const error = await sender.send({ platform: "slack", kind: "channel", id: channel }, text("over the limit")).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect(error).toMatchObject({ method: "chat.postMessage", slackError: "ratelimited", retryAfter: 7, permanent: false });
    // What the outbox dispatcher does with it: block the channel for 7 s (pacer.block), then retry.
    expect(classifyFailure(error)).toEqual({ kind: "rate-limited", retryAfterMs: 7_000 });
    const attempts = fake.calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === channel);
    expect(attempts.map((c) => c.status)).toEqual([429]);
    // The limit over, the next attempt delivers.
    await sender.send({ platform: "slack", kind: "channel", id: channel }, text("after the limit"));
    expect(posts(channel)).toHaveLength(1);
  });

  it("retries a 5xx once inside the client, no more: the outbox's own retries stand behind it", async () => {
    // A Slack that answers every call 503 (the fake Slack API only fails at the Slack level).
    let calls = 0;
    const down = createServer((_req, res) => {
      calls += 1;
      res.writeHead(503, { "content-type": "text/plain" }).end("unavailable");
    });
    await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = down.address() as AddressInfo;
      const config = { signingSecret: "unused", botToken: "xoxb-sender-test", apiUrl: `http://127.0.0.1:${port}/api/` };
      const downSender = createSlackSender(config, db.prisma, pino({ level: "silent" }), "Europe/London");
      const error = await downSender.send({ platform: "slack", kind: "channel", id: slackChannelId() }, text("x")).catch((e: unknown) => e);
      expect(error).toMatchObject({ slackError: "http_503", permanent: false });
      expect(classifyFailure(error)).toEqual({ kind: "transient" });
      expect(calls).toBe(2);
    } finally {
      await new Promise((resolve) => down.close(resolve));
    }
  });

  it("reports a Slack error as a SlackDeliveryError without the response", async () => {
    const channel = slackChannelId();
    fake.failWith("chat.postMessage", "channel_not_found");
    const error = await sender.send({ platform: "slack", kind: "channel", id: channel }, text("x")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect(error).toMatchObject({ method: "chat.postMessage", slackError: "channel_not_found", permanent: true });
    expect(Object.keys(error as object)).not.toContain("data");
  });

  it("carries the delivery key as message metadata and finds that message again in the channel's history", async () => {
    const channel = slackChannelId();
    const user = slackUserId();
    const since = new Date();
    const to = { platform: "slack" as const, kind: "channel" as const, id: channel };
    const sent = await sender.send(to, text("Review overdue"), undefined, "review-overdue-1-slack-C1");
    expect(posts(channel)[0]?.body.metadata).toEqual({ event_type: "leadbot_delivery", event_payload: { key: "review-overdue-1-slack-C1" } });
    expect(await sender.findSent(to, "review-overdue-1-slack-C1", since)).toEqual({ messageId: sent.messageId });
    expect(fake.callsTo("conversations.history").at(-1)?.body).toMatchObject({ channel, include_all_metadata: "true", limit: "100" });
    expect(await sender.findSent(to, "review-overdue-2-slack-C1", since)).toBeNull();
    // A DM is looked for in the DM channel; a keyed card found is remembered for its next update.
    const dm = { platform: "slack" as const, kind: "user" as const, id: user };
    const k = key();
    const card = await sender.send(dm, text("v1"), k, "proposal-1-slack-U1");
    await db.prisma.chatMessage.deleteMany({ where: { messageKey: `${k}@${user}` } });
    expect(await sender.findSent(dm, "proposal-1-slack-U1", since, k)).toEqual({ messageId: card.messageId });
    await sender.send(dm, text("v2"), k);
    expect(posts(user)).toHaveLength(1);
    expect(updates(`D${user.slice(1)}`)[0]?.body.ts).toBe(card.messageId);
  });

  it("cannot tell when the history is out of reach or longer than the window it searches", async () => {
    const channel = slackChannelId();
    const to = { platform: "slack" as const, kind: "channel" as const, id: channel };
    const since = new Date();
    fake.failWith("conversations.history", "not_in_channel");
    await expect(sender.findSent(to, "k-slack-C1", since)).rejects.toMatchObject({ slackError: "not_in_channel" });
    for (let i = 0; i < 101; i++) await sender.send(to, text(`m${i}`));
    await expect(sender.findSent(to, "k-slack-C1", since)).rejects.toMatchObject({ slackError: "window_exceeded" });
  });
});
