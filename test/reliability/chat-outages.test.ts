// The Slack Web API and the Teams connector answer 500 and then 429 for a while. The worker
// delivers through the real senders (Block Kit through @slack/web-api, Adaptive Cards through a
// CloudAdapter's continueConversationAsync) to local fakes: every message is retried, waits out
// Retry-After, and arrives exactly once; nothing is marked failed.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackSender } from "../../src/adapters/slack/slack-app.js";
import { attachTeamsSender, createTeamsSender } from "../../src/adapters/teams/mount-teams.js";
import type { Notification } from "../../src/domain/ports.js";
import type { Practitioner } from "../../src/domain/types.js";
import type { TeamsSender } from "../../src/infrastructure/notify/teams-sender.js";
import { FakeSlackApi } from "../support/fake-slack-api.js";
import { FakeTeamsConnector, cardOf, cardText } from "../support/fake-teams-connector.js";
import { TEST_TIMINGS, testLogger, waitFor, WorkerWorld } from "../integration/worker/support/harness.js";

const PEOPLE = 4;
const slackApi = new FakeSlackApi();
const connector = new FakeTeamsConnector();
let w: WorkerWorld;
let teams: TeamsSender;
const people: Practitioner[] = [];

beforeAll(async () => {
  await slackApi.start();
  await connector.start();
  w = await WorkerWorld.create("outages", {
    start: "2026-11-24T11:00:00Z",
    env: { SLACK_SIGNING_SECRET: "reliability-signing-secret", SLACK_BOT_TOKEN: "xoxb-reliability-not-real", SLACK_API_URL: slackApi.apiUrl },
    timings: { ...TEST_TIMINGS, deliveryAttempts: 8, deliveryBackoffMs: 300, pacingMs: { slack: 200, teams: 200 } },
    senders: () => {
      const log = testLogger();
      teams = createTeamsSender(null, log);
      return [createSlackSender({ signingSecret: "reliability-signing-secret", botToken: "xoxb-reliability-not-real", apiUrl: slackApi.apiUrl }, () => w.prisma, log, "Europe/London"), teams];
    },
  });
  attachTeamsSender(teams, w.services);
  for (let i = 0; i < PEOPLE; i++) {
    const p = await w.practitioner(`Person ${i}`, ["slack", "teams"]);
    // Their personal chat with the bot, as saved when they installed it.
    await w.prisma.conversationReference.create({
      data: {
        platform: "teams",
        scope: "user",
        scopeId: p.chat.teams!,
        reference: {
          channelId: "msteams",
          serviceUrl: connector.url,
          conversation: { id: `a:personal-${p.id}`, conversationType: "personal", tenantId: "tenant-reliability" },
          bot: { id: "28:leadbot", name: "leadbot" },
          user: { id: `29:${p.id}`, aadObjectId: p.chat.teams! },
        },
      },
    });
    people.push(p);
  }
  await w.startWorker();
}, 60_000);

afterAll(async () => {
  await w?.close();
  await slackApi.stop();
  await connector.stop();
});

describe("chat APIs failing for a while", () => {
  it("retries 500s, waits out 429s, then delivers every message once on both platforms", async () => {
    const caseRef = w.uniqueRef();
    const entries = people.map((p, i) => ({
      key: `outage-${randomUUID()}-${i}`,
      notification: { to: { kind: "practitioner", practitionerId: p.id }, view: { type: "text", tone: "info", caseRef, text: `Reminder ${i} for ${caseRef}` } } as Notification,
      createdAt: w.clock.now(),
    }));
    // Slack: three server errors, then two rate limits. Teams: the same.
    slackApi.failHttp("chat.postMessage", 3, 500);
    slackApi.rateLimit("chat.postMessage", 2, 1);
    connector.failNext(3, 500);
    connector.failNext(2, 429, 1);

    await w.services.uow.run((repos) => repos.outbox.add(entries));
    await w.queues.enqueueDeliveries(entries.map((e) => e.key));

    await waitFor(
      "every entry delivered",
      async () => (await w.prisma.outboxEntry.count({ where: { key: { in: entries.map((e) => e.key) }, deliveredAt: { not: null } } })) === entries.length,
      45_000,
    );
    await new Promise((r) => setTimeout(r, 1_000));

    // Slack: each message posted once (200), after the failures were really met.
    const slackPosts = slackApi.callsTo("chat.postMessage").filter((c) => String(c.body.text).includes(caseRef));
    expect(slackPosts.map((c) => String(c.body.text)).sort()).toEqual(people.map((_, i) => `Reminder ${i} for ${caseRef}`).sort());
    const slackFailures = slackApi.calls.filter((c) => c.method === "chat.postMessage" && c.status !== 200);
    expect(slackFailures.map((c) => c.status)).toEqual([500, 500, 500, 429, 429]);
    // Retry-After: 1 s, for the destination that was told it: nothing more went there for a second.
    for (const limited of slackApi.calls.filter((c) => c.method === "chat.postMessage" && c.status === 429)) {
      const next = slackApi.calls.find((c) => c.method === "chat.postMessage" && c.seq > limited.seq && c.body.channel === limited.body.channel)!;
      expect(next.at! - limited.at!).toBeGreaterThanOrEqual(950);
    }

    // Teams: each card sent once to its person's chat, after the outage was really met.
    expect(connector.refused.map((r) => r.status)).toEqual([500, 500, 500, 429, 429]);
    for (const [i, p] of people.entries()) {
      const sent = connector.to(`a:personal-${p.id}`).filter((c) => c.kind === "send" && cardText(cardOf(c.activity)).includes(`Reminder ${i} for ${caseRef}`));
      expect(sent).toHaveLength(1);
    }
    // Retry-After: 1 s on Teams too.
    for (const limited of connector.refused.filter((r) => r.status === 429)) {
      const next = connector.calls.find((c) => c.kind === "send" && c.conversationId === limited.conversationId && c.at! >= limited.at)!;
      expect(next.at! - limited.at).toBeGreaterThanOrEqual(950);
    }

    // One delivery row per message and platform, all sent, none failed.
    const rows = await w.prisma.nudgeDelivery.findMany({ where: { deadlineKey: { in: entries.map((e) => e.key) } } });
    expect(rows.filter((r) => r.status === "sent")).toHaveLength(PEOPLE * 2);
    expect(rows.filter((r) => r.status !== "sent")).toHaveLength(0);
    expect(await w.prisma.outboxEntry.count({ where: { key: { in: entries.map((e) => e.key) }, failedAt: { not: null } } })).toBe(0);
  }, 90_000);
});
