// Chat API limits and failures: one message per second per destination, Retry-After on a 429
// respected by everyone sending there, retries with backoff that never resend what already went,
// and a failure after the last attempt recorded and shown to the access team, never lost silently.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Notification } from "../../../src/domain/ports.js";
import type { Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import type { ChatDestination, ChatSender } from "../../../src/infrastructure/notify/chat-sender.js";
import type { RecordingSender } from "../../../src/infrastructure/notify/recording-sender.js";
import { TEST_TIMINGS, waitFor, WorkerWorld } from "./support/harness.js";

/** What @slack/web-api's rate-limited error carries: Retry-After, in seconds. */
class RateLimited extends Error {
  constructor(readonly retryAfter: number) {
    super("An API error occurred: ratelimited");
  }
}
class ServiceUnavailable extends Error {
  readonly statusCode = 503;
  constructor() {
    super("chat service unavailable");
  }
}

interface Attempt {
  at: number;
  destination: string;
  outcome: "sent" | "429" | "503" | "permanent";
  text: string;
}

/** A sender in front of a RecordingSender that answers as told for some destinations. */
class ScriptedSender implements ChatSender {
  readonly attempts: Attempt[] = [];
  readonly rateLimitOnce = new Set<string>();
  readonly unavailable = new Set<string>();
  readonly gone = new Set<string>();
  constructor(private readonly inner: RecordingSender) {}
  get platform() {
    return this.inner.platform;
  }
  async send(destination: ChatDestination, view: View, messageKey?: string): Promise<void> {
    const text = view.type === "text" ? view.text : view.type;
    const note = (outcome: Attempt["outcome"]) => this.attempts.push({ at: Date.now(), destination: destination.id, outcome, text });
    if (this.rateLimitOnce.delete(destination.id)) {
      note("429");
      throw new RateLimited(1);
    }
    if (this.unavailable.has(destination.id)) {
      note("503");
      throw new ServiceUnavailable();
    }
    if (this.gone.has(destination.id)) {
      note("permanent");
      throw Object.assign(new Error("the user has not installed the app"), { permanent: true });
    }
    await this.inner.send(destination, view, messageKey);
    note("sent");
  }
}

let w: WorkerWorld;
let slack: ScriptedSender;
let teams: ScriptedSender;
const access = { slack: "", teams: "" };

beforeAll(async () => {
  w = await WorkerWorld.create("limits", {
    start: "2026-11-24T11:00:00Z",
    // Slack's real pace for this file: one message per second per destination.
    timings: { ...TEST_TIMINGS, pacingMs: { slack: 1_000, teams: 1_000 }, maxInlineWaitMs: 300, deliveryAttempts: 4, deliveryBackoffMs: 500 },
    senders: (s, t) => [(slack = new ScriptedSender(s)), (teams = new ScriptedSender(t))],
  });
  access.slack = `C-ACCESS-${w.token}`;
  access.teams = `19:access-${w.token}@thread.tacv2`;
  await w.settings({ accessTeamChannels: { slack: access.slack, teams: access.teams } });
  await w.startWorker();
}, 60_000);

afterAll(async () => {
  await w?.close();
});

/** Writes outbox entries as a use case would, then queues their delivery as the worker does. */
async function queue(notifications: Notification[]): Promise<string[]> {
  const prefix = `t-${randomUUID()}`;
  const entries = notifications.map((notification, i) => ({ key: `${prefix}-${i}`, notification, createdAt: w.clock.now() }));
  await w.services.uow.run((repos) => repos.outbox.add(entries));
  await w.queues.enqueueDeliveries(entries.map((e) => e.key));
  return entries.map((e) => e.key);
}

const text = (to: Practitioner, caseRef: string, body: string): Notification => ({
  to: { kind: "practitioner", practitionerId: to.id },
  view: { type: "text", tone: "info", caseRef, text: body },
});

async function delivered(keys: string[]): Promise<boolean> {
  return (await w.prisma.outboxEntry.count({ where: { key: { in: keys }, deliveredAt: { not: null } } })) === keys.length;
}

describe("chat API limits", () => {
  it("respects Retry-After on a 429 for every message to that destination, then paces one per second, losing nothing", async () => {
    const pia = await w.practitioner("Pia Paced", ["slack"]);
    const ref = w.uniqueRef();
    slack.rateLimitOnce.add(pia.chat.slack!);
    const keys = await queue([1, 2, 3, 4].map((n) => text(pia, ref, `Message ${n} about ${ref}`)));
    await waitFor("all four delivered", () => delivered(keys), 20_000);

    const mine = slack.attempts.filter((a) => a.destination === pia.chat.slack);
    const limited = mine.filter((a) => a.outcome === "429");
    const sent = mine.filter((a) => a.outcome === "sent");
    expect(limited).toHaveLength(1);
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((a) => a.text)).size).toBe(4); // each message exactly once
    // Nobody sent to Pia during the second the platform asked for…
    expect(sent[0]!.at - limited[0]!.at).toBeGreaterThanOrEqual(980);
    // …and afterwards one message per second at most.
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(950);
    expect(w.to("slack", pia.chat.slack)).toHaveLength(4);

    const rows = await w.prisma.nudgeDelivery.findMany({ where: { deadlineKey: { in: keys } } });
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent"]);
    expect(rows.map((r) => r.attempts).sort()).toEqual([1, 1, 1, 2]);
  });

  it("retries a 5xx with backoff without resending what went, then records the failure and tells the access team", async () => {
    const pat = await w.practitioner("Pat Unreachable", ["slack", "teams"]);
    const ref = w.uniqueRef();
    teams.unavailable.add(pat.chat.teams!);
    const [key] = await queue([text(pat, ref, `Review reminder for ${ref}`)]);

    const alert = (v: View) => v.type === "text" && v.text.includes("could not deliver") && v.caseRef === ref;
    await waitFor("the access team's alert", () => w.to("slack", access.slack).filter((m) => alert(m.view)).length === 1, 20_000);
    expect(w.to("teams", access.teams).filter((m) => alert(m.view))).toHaveLength(1);
    const message = w.to("slack", access.slack).find((m) => alert(m.view))!.view as { text: string };
    expect(message.text).toContain(`about ${ref} to Pat Unreachable on teams after 4 attempts`);
    expect(message.text).not.toContain("Review reminder"); // what failed, never its content

    // Slack got it once; Teams was tried on each of the 4 attempts, backing off 0.5 s, 1 s, 2 s
    // (the first gaps are stretched to the destination's 1 s pace).
    expect(slack.attempts.filter((a) => a.destination === pat.chat.slack && a.outcome === "sent")).toHaveLength(1);
    const tries = teams.attempts.filter((a) => a.destination === pat.chat.teams);
    expect(tries.map((a) => a.outcome)).toEqual(["503", "503", "503", "503"]);
    const gaps = tries.slice(1).map((a, i) => a.at - tries[i]!.at);
    expect(gaps[0]).toBeGreaterThanOrEqual(480);
    expect(gaps[2]).toBeGreaterThanOrEqual(1_900);

    const entry = await w.prisma.outboxEntry.findUniqueOrThrow({ where: { key: key! } });
    expect(entry.deliveredAt).toBeNull();
    expect(entry.failedAt).not.toBeNull();
    expect(entry.lastError).toContain("503");
    const rows = await w.prisma.nudgeDelivery.findMany({ where: { deadlineKey: key! }, orderBy: { platform: "asc" } });
    expect(rows.map((r) => [r.platform, r.status, r.attempts])).toEqual([
      ["slack", "sent", 1],
      ["teams", "failed", 4],
    ]);
  });

  it("gives up at once on a permanent error and says so", async () => {
    const gus = await w.practitioner("Gus Gone", ["teams"]);
    const ref = w.uniqueRef();
    teams.gone.add(gus.chat.teams!);
    const [key] = await queue([text(gus, ref, `Hello about ${ref}`)]);
    const alert = (v: View) => v.type === "text" && v.text.includes("could not deliver") && v.caseRef === ref;
    await waitFor("the access team's alert", () => w.to("slack", access.slack).filter((m) => alert(m.view)).length === 1, 10_000);
    expect(teams.attempts.filter((a) => a.destination === gus.chat.teams)).toHaveLength(1);
    const entry = await w.prisma.outboxEntry.findUniqueOrThrow({ where: { key: key! } });
    expect(entry.failedAt).not.toBeNull();
  });
});
