// A plan action's reminder whose reason goes while it waits for delivery is never sent [DOMAIN §11]:
// the reminder fired, the chat API answered 503, and before the retry the owner marked the action
// done (or moved it). The retry finds the reason gone and drops it, recorded as dropped with the
// reason; a moved action is reminded for its new date instead. Real worker, Postgres and Redis.
// Starts Monday 23 November 2026.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import { FailOnceSender } from "./support/fail-once-sender.js";
import { about, TEST_TIMINGS, waitFor, WorkerWorld } from "./support/harness.js";

let w: WorkerWorld;
let slack: FailOnceSender;
let lee: Practitioner;
let c: Case;
const reminderOf = (n: number) => (v: View) => v.type === "plan-nudge" && v.event === "reminder" && v.n === n;
const reminders = (n: number) => about(w.to("slack", lee.chat.slack), c.reference, reminderOf(n));

async function droppedEntry(actionId: string) {
  return waitFor("the reminder settled", async () => {
    const e = await w.prisma.outboxEntry.findFirst({ where: { key: { startsWith: `plan-reminder-${actionId}-` } }, orderBy: { createdAt: "asc" } });
    return e?.deliveredAt ? e : null;
  });
}

beforeAll(async () => {
  w = await WorkerWorld.create("plandrop", {
    start: "2026-11-23T10:00:00Z",
    timings: { ...TEST_TIMINGS, deliveryBackoffMs: 500 },
    senders: (s, t) => {
      slack = new FailOnceSender(s);
      return [slack, t];
    },
  });
  lee = await w.practitioner("Lee Lead", ["slack"]);
  c = await w.ledCase(lee, { channels: { slack: `C-PDROP-${w.token}` } });
  await w.startWorker();
  const mine = { kind: "person" as const, person: { by: "handle" as const, handle: lee.handle } };
  await w.as(lee, { name: "plan-add", ref: c.reference, owner: mine, text: "Arrange a meeting with the school", by: { kind: "iso", date: "2026-12-02" } });
  await w.as(lee, { name: "plan-add", ref: c.reference, owner: mine, text: "Refer to the school nurse drop-in", by: { kind: "iso", date: "2026-12-02" } });
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe("an action reminder held up by a retry", () => {
  it("is dropped when the action is done before the retry, and nothing more is due for it", async () => {
    const action1 = await w.prisma.planAction.findFirstOrThrow({ where: { caseId: c.id, n: 1 } });
    const started = slack.arm(reminderOf(1));
    await w.jump("2026-11-30T09:00:05Z");
    await started;
    await w.as(lee, { name: "plan-done", ref: c.reference, n: 1, note: "" });
    slack.go();

    const entry = await droppedEntry(action1.id);
    expect(entry.lastError).toBe("dropped: action 1 was done");
    const deliveries = await w.prisma.nudgeDelivery.findMany({ where: { deadlineKey: entry.key } });
    expect(deliveries.map((d) => [d.recipient, d.status, d.sentAt])).toEqual([[`user:${lee.chat.slack}`, "dropped", null]]);
    await waitFor("action 2's reminder", () => reminders(2).length === 1);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(reminders(1)).toHaveLength(0);
    expect(slack.attempts.filter((a) => reminderOf(1)(a.view))).toHaveLength(1);
    expect(await w.prisma.deadline.count({ where: { subjectId: action1.id, state: "pending" } })).toBe(0);
  });

  it("is dropped when the action is moved before the retry, and the new date's reminders come instead", async () => {
    const action2 = await w.prisma.planAction.findFirstOrThrow({ where: { caseId: c.id, n: 2 } });
    const started = slack.arm(reminderOf(2));
    await w.jump("2026-12-02T09:00:05Z");
    await started;
    await w.as(lee, { name: "plan-move", ref: c.reference, n: 2, date: { kind: "iso", date: "2026-12-09" }, reason: "The drop-in moved to next week." });
    slack.go();

    const entry = await waitFor("the reminder on the day settled", async () => {
      const e = await w.prisma.outboxEntry.findFirst({ where: { key: { startsWith: `plan-reminder-${action2.id}-due20261202-0wd` } } });
      return e?.deliveredAt ? e : null;
    });
    expect(entry.lastError).toBe("dropped: action 2 was moved to 2026-12-09");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(reminders(2)).toHaveLength(1);
    const pending = await w.prisma.deadline.findMany({ where: { subjectId: action2.id, state: "pending" }, orderBy: { dueAt: "asc" } });
    expect(pending.map((d) => [d.kind, d.dueAt.toISOString()])).toEqual([
      ["plan_reminder", "2026-12-07T09:00:00.000Z"],
      ["plan_reminder", "2026-12-09T09:00:00.000Z"],
      ["plan_overdue", "2026-12-10T09:00:00.000Z"],
    ]);

    await w.jump("2026-12-07T09:00:05Z");
    await waitFor("the reminder for the new date", () => reminders(2).length === 2);
    expect(reminders(2)[1]!.view).toMatchObject({ dueDate: "2026-12-09", workingDaysBefore: 2 });
  });
});
