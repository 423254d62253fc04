// Postgres is the truth, Redis is the schedule: this test deletes every key of its Redis prefix
// while nudges are scheduled and a message is waiting for delivery, restarts the worker, and
// checks that everything still arrives exactly once, and that what had already gone is not resent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import type { ChatDestination, ChatSender } from "../../../src/infrastructure/notify/chat-sender.js";
import { about, countPrefixKeys, deletePrefixKeys, waitFor, WorkerWorld } from "./support/harness.js";

class SwitchableSender implements ChatSender {
  down = false;
  constructor(private readonly inner: ChatSender) {}
  get platform() {
    return this.inner.platform;
  }
  async send(destination: ChatDestination, view: View, messageKey?: string): Promise<void> {
    if (this.down) throw Object.assign(new Error("bad gateway"), { statusCode: 502 });
    await this.inner.send(destination, view, messageKey);
  }
}

const CASES = 10;
let w: WorkerWorld;
let senders: SwitchableSender[] = [];
const leads: Practitioner[] = [];
const cases: Case[] = [];
const access = { slack: "", teams: "" };

const reminder = (v: View) => v.type === "review" && v.event === "reminder";
const overdue = (v: View) => v.type === "review" && v.event === "overdue";

beforeAll(async () => {
  w = await WorkerWorld.create("flush", {
    start: "2026-11-23T10:00:00Z",
    senders: (slack, teams) => (senders = [new SwitchableSender(slack), new SwitchableSender(teams)]),
  });
  access.slack = `C-ACCESS-${w.token}`;
  access.teams = `19:access-${w.token}@thread.tacv2`;
  await w.settings({ accessTeamChannels: { slack: access.slack, teams: access.teams } });
  for (let i = 0; i < CASES; i++) {
    const lead = await w.practitioner(`Lead ${i}`, ["slack", "teams"]);
    const c: Case = await w.ledCase(lead, { channels: { slack: `C-CASE-${i}-${w.token}` } });
    leads.push(lead);
    cases.push(c);
  }
  await w.startWorker();
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe("flushing Redis", () => {
  it("loses nothing and sends nothing twice", async () => {
    // Each lead sets a review for Monday 7 December: 4 deadline rows and 4 delayed jobs per case.
    for (const [i, lead] of leads.entries()) {
      await w.as(lead, { name: "review-set", ref: cases[i]!.reference, date: { kind: "iso", date: "2026-12-07" } });
    }
    expect(await w.queues.nudges.getDelayedCount()).toBe(CASES * 4);

    // Monday 30 November: the 5-working-day reminders go out.
    await w.jump("2026-11-30T09:00:05Z");
    await waitFor("5-day reminders", () =>
      leads.every((l, i) => about(w.to("slack", l.chat.slack), cases[i]!.reference, reminder).length === 1 && about(w.to("teams", l.chat.teams), cases[i]!.reference, reminder).length === 1),
    );

    // Case 0's review moves to Wednesday 9 December while the chat platforms are down: the
    // case channel's message stays in the outbox, its delivery job waits in Redis.
    for (const s of senders) s.down = true;
    await w.as(leads[0]!, { name: "review-set", ref: cases[0]!.reference, date: { kind: "iso", date: "2026-12-09" } });
    const waiting = await w.prisma.outboxEntry.findMany({ where: { deliveredAt: null, failedAt: null } });
    expect(waiting).toHaveLength(1);

    // Redis loses everything of ours, with the worker down.
    await w.stopWorker();
    expect(await countPrefixKeys(w.prefix)).toBeGreaterThan(0);
    await deletePrefixKeys(w.prefix);
    expect(await countPrefixKeys(w.prefix)).toBe(0);
    for (const s of senders) s.down = false;

    // Tuesday 8 December: the worker restarts and rebuilds the schedule from Postgres.
    await w.jump("2026-12-08T09:00:05Z");
    const report = await (await w.startWorker()).reconcile();
    expect(report.deadlines).toBeGreaterThan(0);

    // The waiting message arrives once.
    await waitFor("the case channel's review message", () => about(w.to("slack", cases[0]!.channels.slack), cases[0]!.reference, (v) => v.type === "review" && v.event === "set").length === 2);
    // Cases 1–9: the review was yesterday, so the overdue alert goes out and yesterday's reminders are dropped, not sent.
    for (let i = 1; i < CASES; i++) {
      for (const platform of ["slack", "teams"] as const) {
        await waitFor(`overdue alert ${i} on ${platform}`, () => about(w.to(platform, leads[i]!.chat[platform]), cases[i]!.reference, overdue).length === 1);
        expect(about(w.to(platform, leads[i]!.chat[platform]), cases[i]!.reference, reminder)).toHaveLength(1);
      }
    }
    // Case 0 (review on the 9th): the reminders due on the 2nd and the 8th, not an overdue alert.
    await waitFor("case 0's reminders", () => about(w.to("slack", leads[0]!.chat.slack), cases[0]!.reference, reminder).length === 3);
    expect(about(w.to("slack", leads[0]!.chat.slack), cases[0]!.reference, overdue)).toHaveLength(0);
    // The access team: one digest of the 9 overdue reviews on each platform.
    await waitFor("the access team's digest", () => w.to("slack", access.slack).length === 1 && w.to("teams", access.teams).length === 1);
    expect((w.to("slack", access.slack)[0]!.view as { text: string }).text).toMatch(/^9 reviews are overdue:/);

    await waitFor("outbox drained", async () => (await w.prisma.outboxEntry.count({ where: { deliveredAt: null } })) === 0);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await w.prisma.nudgeDelivery.count({ where: { status: "sent" } })).toBe(w.sendCalls);
    // Only the message that met the outage needed a second attempt.
    const retried = await w.prisma.nudgeDelivery.findMany({ where: { attempts: { gt: 1 } } });
    expect(retried.map((r) => [r.recipient, r.attempts])).toEqual([[`channel:${cases[0]!.channels.slack}`, 2]]);
  });

  it("never sends a nudge whose reason has gone, even from a job that outlived its cancellation", async () => {
    // Case 0's review (due the 9th) is held a day early: its remaining nudges are cancelled.
    const c = cases[0]!;
    const before = await w.prisma.deadline.findMany({ where: { caseId: c.id, state: "pending", kind: { in: ["review_reminder", "review_overdue"] } } });
    expect(before.map((d) => d.dueAt.toISOString()).sort()).toEqual(["2026-12-09T09:00:00.000Z", "2026-12-10T09:00:00.000Z"]);
    await w.as(leads[0]!, { name: "review-done", ref: c.reference, outcome: "continue" });
    for (const d of before) {
      expect((await w.prisma.deadline.findUniqueOrThrow({ where: { key: d.key } })).state).toBe("cancelled");
      expect(await w.queues.nudges.getJob(d.key)).toBeUndefined();
    }
    // As if Redis had been unreachable when they were cancelled: the jobs come back and run.
    await w.queues.nudges.addBulk(before.map((d) => ({ name: "deadline", data: { key: d.key }, opts: { jobId: d.key } })));
    const sentBefore = w.sendCalls;
    await w.jump("2026-12-10T09:00:05Z");
    await waitFor("the stale jobs to run", async () => (await Promise.all(before.map((d) => w.queues.nudges.getJob(d.key)))).every((j) => !j));
    await new Promise((r) => setTimeout(r, 500));
    expect(about(w.to("slack", leads[0]!.chat.slack), c.reference, (v) => reminder(v) && v.type === "review" && v.reviewDate === "2026-12-09")).toHaveLength(2);
    expect(about(w.to("slack", leads[0]!.chat.slack), c.reference, overdue)).toHaveLength(0);
    // Nothing at all went out once the review was recorded.
    expect(w.sendCalls - sentBefore).toBe(0);
  });
});
