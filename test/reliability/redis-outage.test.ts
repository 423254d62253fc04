// Redis goes away with nudges pending and the worker running, stays away while people keep
// working, and comes back empty (it keeps nothing on disk). The worker is not restarted: it must
// reconnect, put its schedule back together from Postgres, and deliver every nudge exactly once.
// Redis here is a server of this test's own on a spare port, so the shared one is never stopped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case, Practitioner } from "../../src/domain/types.js";
import type { View } from "../../src/domain/views.js";
import { OwnRedis, sparePort } from "../integration/operator/support.js";
import { about, TEST_TIMINGS, waitFor, WorkerWorld } from "../integration/worker/support/harness.js";

const CASES = 6;
let redis: OwnRedis;
let w: WorkerWorld;
const leads: Practitioner[] = [];
const cases: Case[] = [];

const reminder = (v: View) => v.type === "review" && v.event === "reminder";
const overdue = (v: View) => v.type === "review" && v.event === "overdue";

beforeAll(async () => {
  redis = new OwnRedis(await sparePort());
  await redis.start();
  w = await WorkerWorld.create("outage", {
    start: "2026-11-23T10:00:00Z",
    env: { REDIS_URL: redis.url },
    // The periodic reconcile is what heals the schedule; keep it short for the test.
    timings: { ...TEST_TIMINGS, reconcileEveryMs: 2_000 },
  });
  await w.settings({ accessTeamChannels: { slack: `C-ACCESS-${w.token}` } });
  for (let i = 0; i < CASES; i++) {
    const lead = await w.practitioner(`Lead ${i}`, ["slack"]);
    const c: Case = await w.ledCase(lead, { channels: { slack: `C-CASE-${i}-${w.token}` } });
    leads.push(lead);
    cases.push(c);
  }
  await w.startWorker();
}, 60_000);

afterAll(async () => {
  await w?.close().catch(() => undefined);
  await redis?.stop();
});

describe("Redis stopped and restarted under a running worker", () => {
  it("loses no nudge and doubles none", async () => {
    // Reviews on Monday 7 December: reminders on 30 November, 4 and 7 December, overdue on the 8th.
    for (const [i, lead] of leads.entries()) {
      await w.as(lead, { name: "review-set", ref: cases[i]!.reference, date: { kind: "iso", date: "2026-12-07" } });
    }
    expect(await w.queues.nudges.getDelayedCount()).toBe(CASES * 4);

    await redis.stop();
    // Postgres is the truth: people keep working while Redis is away. Case 0's review moves to
    // Wednesday 9 December; its new jobs cannot be added now.
    await w.as(leads[0]!, { name: "review-set", ref: cases[0]!.reference, date: { kind: "iso", date: "2026-12-09" } });
    await new Promise((r) => setTimeout(r, 1_000));

    // Redis comes back with nothing in it, on the same address.
    await redis.start();
    await waitFor("the schedule rebuilt in the new Redis", async () => (await w.queues.nudges.getDelayedCount()) >= CASES * 4, 20_000);

    // Monday 30 November: the 5-day reminders of cases 1–5, once each (case 0's is now due on the 2nd).
    w.clock.jumpTo("2026-11-30T09:00:05Z");
    await waitFor(
      "5-day reminders",
      () => leads.slice(1).every((l, i) => about(w.to("slack", l.chat.slack), cases[i + 1]!.reference, reminder).length === 1),
      20_000,
    );

    // Tuesday 8 December: cases 1–5 are overdue (their reminders of the 4th and 7th are past use
    // and dropped); case 0 gets its reminders of the 2nd and the 8th, for the 9th.
    w.clock.jumpTo("2026-12-08T09:00:05Z");
    for (let i = 1; i < CASES; i++) {
      await waitFor(`overdue alert ${i}`, () => about(w.to("slack", leads[i]!.chat.slack), cases[i]!.reference, overdue).length === 1, 20_000);
    }
    await waitFor("case 0's reminders", () => about(w.to("slack", leads[0]!.chat.slack), cases[0]!.reference, reminder).length === 2, 20_000);
    expect(about(w.to("slack", leads[0]!.chat.slack), cases[0]!.reference, reminder).map((m) => (m.view as { reviewDate: string }).reviewDate)).toEqual([
      "2026-12-09",
      "2026-12-09",
    ]);

    // The access team: one digest of the five overdue reviews.
    await waitFor("the access team's digest", () => w.to("slack", `C-ACCESS-${w.token}`).length >= 1, 20_000);
    // The case channel heard of the move made while Redis was away, once.
    await waitFor("the move, in case 0's channel", () => about(w.to("slack", cases[0]!.channels.slack), cases[0]!.reference, (v) => v.type === "review" && v.event === "set").length === 2, 20_000);
    await waitFor("outbox drained", async () => (await w.prisma.outboxEntry.count({ where: { deliveredAt: null } })) === 0, 20_000);
    expect(await w.prisma.outboxEntry.count({ where: { failedAt: { not: null } } })).toBe(0);
    await new Promise((r) => setTimeout(r, 2_500));
    for (let i = 1; i < CASES; i++) {
      expect(about(w.to("slack", leads[i]!.chat.slack), cases[i]!.reference, reminder)).toHaveLength(1);
      expect(about(w.to("slack", leads[i]!.chat.slack), cases[i]!.reference, overdue)).toHaveLength(1);
    }
    expect(about(w.to("slack", leads[0]!.chat.slack), cases[0]!.reference, overdue)).toHaveLength(0);
    const digests = w.to("slack", `C-ACCESS-${w.token}`);
    expect(digests).toHaveLength(1);
    expect((digests[0]!.view as { text: string }).text).toMatch(/^5 reviews are overdue:/);
    // Every send is one delivery row: nothing went out that Postgres does not know of.
    expect(await w.prisma.nudgeDelivery.count({ where: { status: "sent" } })).toBe(w.sendCalls);
  }, 120_000);
});
