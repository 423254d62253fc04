// A review date set again to a date it had before (the same date twice, or moved A → B → A) has
// the same deterministic deadline keys as before: on the real Postgres and Redis its reminders
// must still arrive, once, and a reminder that has already gone out must not go out again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import { about, waitFor, WorkerWorld } from "./support/harness.js";

let w: WorkerWorld;
const leads: Practitioner[] = [];
const cases: Case[] = [];

const reminder = (v: View) => v.type === "review" && v.event === "reminder";
const remindersTo = (i: number) => about(w.to("slack", leads[i]!.chat.slack), cases[i]!.reference, reminder);
const setReview = (i: number, date: string) => w.as(leads[i]!, { name: "review-set", ref: cases[i]!.reference, date: { kind: "iso", date } });

beforeAll(async () => {
  // Monday 23 November 2026, 10:00 London.
  w = await WorkerWorld.create("again", { start: "2026-11-23T10:00:00Z" });
  for (let i = 0; i < 3; i++) {
    const lead = await w.practitioner(`Lead ${i}`, ["slack"]);
    const c: Case = await w.ledCase(lead, { channels: { slack: `C-CASE-${i}-${w.token}` } });
    leads.push(lead);
    cases.push(c);
  }
  await w.startWorker();
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe("a review date set again", () => {
  it("still reminds after the same date is set twice and after A → B → A; a sent reminder is not revived", async () => {
    await setReview(0, "2026-12-07");
    await setReview(0, "2026-12-07");
    await setReview(1, "2026-12-07");
    await setReview(1, "2026-12-09");
    await setReview(1, "2026-12-07");
    await setReview(2, "2026-12-07");
    for (const c of cases) {
      const pending = await w.prisma.deadline.findMany({ where: { caseId: c.id, state: "pending" } });
      expect(pending.map((d) => d.dueAt.toISOString()).sort()).toEqual([
        "2026-11-30T09:00:00.000Z",
        "2026-12-04T09:00:00.000Z",
        "2026-12-07T09:00:00.000Z",
        "2026-12-08T09:00:00.000Z",
      ]);
      for (const d of pending) expect(await w.queues.nudges.getJob(d.key)).toBeDefined();
    }

    // Monday 30 November: the 5-working-day reminders.
    await w.jump("2026-11-30T09:00:05Z");
    await waitFor("the 5-day reminders", () => [0, 1, 2].every((i) => remindersTo(i).length === 1));

    // Case 2's lead sets the same date again within the minute: the reminder that went out is
    // due inside the window the domain still schedules, and its done row must stay done.
    const sent = await w.prisma.deadline.findFirstOrThrow({ where: { caseId: cases[2]!.id, dueAt: new Date("2026-11-30T09:00:00Z") } });
    expect(sent.state).toBe("done");
    await setReview(2, "2026-12-07");
    expect((await w.prisma.deadline.findUniqueOrThrow({ where: { key: sent.key } })).state).toBe("done");

    // Friday 4 December: the 1-working-day reminders, for every case, and nothing twice.
    await w.jump("2026-12-04T09:00:05Z");
    await waitFor("the 1-day reminders", () => [0, 1, 2].every((i) => remindersTo(i).length === 2));
    await new Promise((r) => setTimeout(r, 1_000));
    for (const i of [0, 1, 2]) expect(remindersTo(i).map((m) => (m.view as { workingDaysBefore: number | null }).workingDaysBefore)).toEqual([5, 1]);
  });
});
