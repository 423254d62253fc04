// A missed check-in nudge whose reason goes while it waits for delivery is never sent: the nudge
// fired, the chat API answered 503, and before the retry the lead recorded a contact. The retry
// finds the reason gone and drops it, recorded as dropped with the reason; the next check-in is
// scheduled from the contact. Real worker, Postgres and Redis. Starts Monday 23 November 2026.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import { FailOnceSender } from "./support/fail-once-sender.js";
import { about, TEST_TIMINGS, waitFor, WorkerWorld } from "./support/harness.js";

let w: WorkerWorld;
let slack: FailOnceSender;
let lee: Practitioner;
let c: Case;
const isMissed = (v: View) => v.type === "contact" && v.event === "missed";

beforeAll(async () => {
  w = await WorkerWorld.create("contactdrop", {
    start: "2026-11-23T10:00:00Z",
    timings: { ...TEST_TIMINGS, deliveryBackoffMs: 500 },
    senders: (s, t) => {
      slack = new FailOnceSender(s);
      return [slack, t];
    },
  });
  lee = await w.practitioner("Lee Lead", ["slack"]);
  c = await w.ledCase(lee, { channels: { slack: `C-CDROP-${w.token}` } });
  await w.startWorker();
  await w.as(lee, { name: "contact-every", ref: c.reference, everyWeeks: 1 });
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe("a missed check-in nudge held up by a retry", () => {
  it("is dropped when contact is recorded before the retry, and the next check-in counts from that contact", async () => {
    const started = slack.arm(isMissed);
    await w.jump("2026-11-30T09:00:05Z");
    await started;
    await w.as(lee, { name: "contact", ref: c.reference, note: "" });
    slack.go();

    const entry = await waitFor("the nudge settled", async () => {
      const e = await w.prisma.outboxEntry.findFirst({ where: { key: { startsWith: `contact-missed-${c.id}-` } } });
      return e?.deliveredAt ? e : null;
    });
    expect(entry.lastError).toBe("dropped: contact was recorded on Mon 30 Nov 2026");
    const deliveries = await w.prisma.nudgeDelivery.findMany({ where: { deadlineKey: entry.key } });
    expect(deliveries.map((d) => [d.recipient, d.status, d.sentAt])).toEqual([[`user:${lee.chat.slack}`, "dropped", null]]);

    await new Promise((r) => setTimeout(r, 1_500));
    expect(about(w.to("slack", lee.chat.slack), c.reference, isMissed)).toHaveLength(0);
    expect(slack.attempts.filter((a) => isMissed(a.view))).toHaveLength(1);
    // The repeat the nudge scheduled went with the contact; the next is a week after it.
    const pending = await w.prisma.deadline.findMany({ where: { caseId: c.id, kind: "contact_missed", state: "pending" } });
    expect(pending.map((d) => d.dueAt.toISOString())).toEqual(["2026-12-07T09:00:00.000Z"]);
  });

  it("a nudge whose reason still stands goes out: a week after the contact", async () => {
    await w.jump("2026-12-07T09:00:05Z");
    await waitFor("the next nudge", () => about(w.to("slack", lee.chat.slack), c.reference, isMissed).length === 1);
    expect(about(w.to("slack", lee.chat.slack), c.reference, isMissed)[0]!.view).toMatchObject({ since: "2026-11-30", sinceContact: true, everyWeeks: 1 });
  });
});
