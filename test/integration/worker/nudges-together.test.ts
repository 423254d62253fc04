// A working morning's burst: many review reminders due at one moment fire together (a few
// transactions, not one each) and each lead still gets exactly their own reminder, with its
// audit row, its deadline done and its message delivered and recorded once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDeadline } from "../../../src/domain/deadlines/deadline-keys.js";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import { waitFor, WorkerWorld } from "./support/harness.js";

let w: WorkerWorld;

beforeAll(async () => {
  w = await WorkerWorld.create("together", { start: "2026-12-08T10:00:00Z" });
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe("reminders due together", () => {
  it("fire in batches, each reminder to its own lead exactly once", async () => {
    const leads: Practitioner[] = [];
    const cases: Case[] = [];
    for (let i = 0; i < 40; i++) {
      const lead = await w.practitioner(`Lead ${i}`, [i % 2 ? "slack" : "teams"]);
      leads.push(lead);
      cases.push(await w.ledCase(lead, { reviewDate: "2026-12-15" }));
    }
    const due = new Date("2026-12-08T09:30:00Z");
    const deadlines = cases.map((c) => makeDeadline("review-reminder", c.id, c.id, due));
    await w.services.uow.run((repos) => repos.deadlines.schedule(deadlines));
    await w.services.scheduler.schedule(deadlines);
    await w.startWorker();
    await waitFor("every reminder sent", async () => (await w.prisma.nudgeDelivery.count({ where: { deadlineKey: { in: deadlines.map((d) => `${d.key}-0`) }, status: "sent" } })) === 40, 30_000);

    for (const [i, lead] of leads.entries()) {
      const platform = i % 2 ? "slack" : "teams";
      const got = w.to(platform, lead.chat[platform]).filter((m) => m.view.type === "review");
      expect(got.map((m) => (m.view as { caseRef: string }).caseRef), lead.name).toEqual([cases[i]!.reference]);
    }
    expect(await w.prisma.deadline.count({ where: { key: { in: deadlines.map((d) => d.key) }, state: "done" } })).toBe(40);
    const audits = await w.prisma.auditEvent.findMany({ where: { caseId: { in: cases.map((c) => c.id) }, action: "review.reminder" } });
    expect(audits.map((a) => a.caseId).sort()).toEqual(cases.map((c) => c.id).sort());
    const outbox = await w.prisma.outboxEntry.findMany({ where: { key: { in: deadlines.map((d) => `${d.key}-0`) } } });
    expect(outbox.every((e) => e.deliveredAt !== null)).toBe(true);
    // One transaction writes one moment: far fewer moments than reminders means they fired together.
    const moments = new Set(outbox.map((e) => e.createdAt.getTime()));
    expect(moments.size).toBeLessThan(20);
    // Delivered in the worker that fired them: no delivery job was queued for any of them.
    const jobs = await Promise.all(outbox.map((e) => w.queues.outbox.getJob(e.key)));
    expect(jobs.filter(Boolean)).toHaveLength(0);
    await w.stopWorker();
  }, 60_000);
});
