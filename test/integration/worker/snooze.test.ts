// A snoozed review reminder on the real Postgres and Redis: the reminder just sent comes back one
// working day later as a new deadline row with its BullMQ job (added by the Scheduler), the
// worker sends it then, once, and a second snooze of the same reminder is refused with only its
// refusal audited.
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
  it("brings the reminder just sent back one working day later, as a row and a job; the worker delivers it once", async () => {
    await w.as(lead, { name: "review-set", ref: c.reference, date: { kind: "iso", date: "2026-12-07" } });
    const [first] = await pendingReminders();
    expect(first!.dueAt.toISOString()).toBe("2026-11-30T09:00:00.000Z");

    // Nothing has been sent yet, so there is nothing to snooze.
    expect(await w.services.runner.run(w.actor(lead), { name: "snooze", ref: c.reference })).toMatchObject({ type: "error", message: expect.stringMatching(/has been sent to you yet/) });

    // Monday 30 November: the first reminder arrives.
    await w.jump("2026-11-30T09:00:05Z");
    await waitFor("the first reminder", () => reminders().length === 1);

    const refused = await w.services.runner.run(w.actor(member), { name: "snooze", ref: c.reference });
    expect(refused).toMatchObject({ type: "error", message: expect.stringMatching(/^Only the lead professional/) });

    const reply = await w.as(lead, { name: "snooze", ref: c.reference, nudge: "review" });
    expect(reply).toMatchObject({ type: "text", tone: "success", text: expect.stringContaining("on Tue 1 Dec 2026 at 09:00") });
    expect((await w.prisma.deadline.findUniqueOrThrow({ where: { key: first!.key } })).state).toBe("done");
    const moved = await w.prisma.deadline.findUniqueOrThrow({ where: { key: `${first!.key}-snoozed-${Date.parse("2026-12-01T09:00:00Z") / 1000}` } });
    expect(moved.state).toBe("pending");
    expect(await w.queues.nudges.getJob(moved.key)).toBeDefined();
    const audited = await w.prisma.auditEvent.findMany({ where: { caseId: c.id, action: "nudge.snoozed" } });
    expect(audited).toHaveLength(1);
    expect(audited[0]!.detail).toMatchObject({ key: first!.key, movedTo: moved.key });

    const again = await w.services.runner.run(w.actor(lead), { name: "snooze", ref: c.reference });
    expect(again).toMatchObject({ type: "error", message: expect.stringMatching(/already snoozed/) });
    expect(await w.prisma.auditEvent.count({ where: { caseId: c.id, action: "snooze", outcome: "refused" } })).toBe(3);

    // Tuesday 1 December: the snoozed reminder comes again, once.
    await w.jump("2026-12-01T09:00:05Z");
    await waitFor("the snoozed reminder", () => reminders().length === 2);
    expect((await w.prisma.deadline.findUniqueOrThrow({ where: { key: moved.key } })).state).toBe("done");
  });
});
