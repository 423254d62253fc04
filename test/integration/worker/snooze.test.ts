// A snoozed review reminder on the real Postgres and Redis: the deadline row moves by one working
// day, the queued BullMQ job moves with it (old job removed, new one added by the Scheduler), the
// worker sends nothing at the old time and the reminder at the new one, and a second snooze of
// the same reminder is refused with only its refusal audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import { about, waitFor, WorkerWorld } from "./support/harness.js";

let w: WorkerWorld;
let lead: Practitioner;
let member: Practitioner;
let c: Case;

const reminder = (v: View) => v.type === "review" && v.event === "reminder";
const reminders = () => about(w.to("slack", lead.chat.slack), c.reference, reminder);
const pendingReminders = () =>
  w.prisma.deadline.findMany({ where: { caseId: c.id, state: "pending", kind: "review_reminder" }, orderBy: { dueAt: "asc" } });

beforeAll(async () => {
  // Monday 23 November 2026, 10:00 London.
  w = await WorkerWorld.create("snooze", { start: "2026-11-23T10:00:00Z" });
  lead = await w.practitioner("Lead", ["slack"]);
  member = await w.practitioner("Member", ["slack"]);
  c = await w.ledCase(lead, { channels: { slack: `C-CASE-${w.token}` }, members: [member] });
  await w.startWorker();
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe("snooze on Postgres and BullMQ", () => {
  it("moves the row and its job by one working day; the worker delivers at the new time only", async () => {
    await w.as(lead, { name: "review-set", ref: c.reference, date: { kind: "iso", date: "2026-12-07" } });
    const [first] = await pendingReminders();
    expect(first!.dueAt.toISOString()).toBe("2026-11-30T09:00:00.000Z");
    expect(await w.queues.nudges.getJob(first!.key)).toBeDefined();

    const refused = await w.services.runner.run(w.actor(member), { name: "snooze", ref: c.reference });
    expect(refused).toMatchObject({ type: "error", message: expect.stringMatching(/^Only the lead professional/) });

    const reply = await w.as(lead, { name: "snooze", ref: c.reference, nudge: "review" });
    expect(reply).toMatchObject({ type: "text", tone: "success" });
    const old = await w.prisma.deadline.findUniqueOrThrow({ where: { key: first!.key } });
    expect(old.state).toBe("cancelled");
    expect(await w.queues.nudges.getJob(first!.key)).toBeUndefined();
    const [moved] = await pendingReminders();
    expect(moved!.dueAt.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(moved!.key).toBe(`${first!.key}-snoozed-${Date.parse("2026-12-01T09:00:00Z") / 1000}`);
    expect(await w.queues.nudges.getJob(moved!.key)).toBeDefined();
    const audited = await w.prisma.auditEvent.findMany({ where: { caseId: c.id, action: "nudge.snoozed" } });
    expect(audited).toHaveLength(1);
    expect(audited[0]!.detail).toMatchObject({ key: first!.key, movedTo: moved!.key });

    const again = await w.services.runner.run(w.actor(lead), { name: "snooze", ref: c.reference });
    expect(again).toMatchObject({ type: "error", message: expect.stringMatching(/already snoozed/) });
    expect(await w.prisma.auditEvent.count({ where: { caseId: c.id, action: "snooze", outcome: "refused" } })).toBe(2);
    expect((await pendingReminders()).map((d) => d.key)).toContain(moved!.key);

    // Monday 30 November: nothing, the reminder was snoozed.
    await w.jump("2026-11-30T09:00:05Z");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(reminders()).toHaveLength(0);

    // Tuesday 1 December: the snoozed reminder arrives, once.
    await w.jump("2026-12-01T09:00:05Z");
    await waitFor("the snoozed reminder", () => reminders().length === 1);
    expect((await w.prisma.deadline.findUniqueOrThrow({ where: { key: moved!.key } })).state).toBe("done");
  });
});
