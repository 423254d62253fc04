// Redis flushed (or failed over to an empty replica) under a running worker: the job schedulers
// (periodic reconcile, retention) must come back by themselves, and the periodic reconcile must
// keep re-queuing pending deadlines, without restarting the worker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import { RECONCILE_SCHEDULER_ID } from "../../../src/infrastructure/queue/job-schedulers.js";
import { RETENTION_SCHEDULER_ID } from "../../../src/infrastructure/queue/oversight-jobs.js";
import { deletePrefixKeys, TEST_TIMINGS, waitFor, WorkerWorld } from "./support/harness.js";

const RECONCILE_EVERY_MS = 1_500;
let w: WorkerWorld;
let lead: Practitioner;
let c: Case;

beforeAll(async () => {
  w = await WorkerWorld.create("heal", { start: "2026-11-23T10:00:00Z", timings: { ...TEST_TIMINGS, reconcileEveryMs: RECONCILE_EVERY_MS } });
  lead = await w.practitioner("Lead Heal", ["slack"]);
  c = await w.ledCase(lead, { channels: { slack: `C-CASE-${w.token}` } });
  await w.startWorker();
}, 60_000);

afterAll(async () => {
  await w?.close();
});

const schedulers = async () => {
  const [reconcile, retention] = await Promise.all([
    w.queues.maintenance.getJobScheduler(RECONCILE_SCHEDULER_ID),
    w.queues.maintenance.getJobScheduler(RETENTION_SCHEDULER_ID),
  ]);
  return reconcile && retention ? { reconcile, retention } : null;
};

const pendingKeys = async () =>
  (await w.prisma.deadline.findMany({ where: { caseId: c.id, state: "pending" }, select: { key: true } })).map((d) => d.key).sort();

const queuedKeys = async (keys: string[]) => {
  const jobs = await Promise.all(keys.map((k) => w.queues.nudges.getJob(k)));
  return jobs.every((j) => j !== undefined);
};

describe("a Redis flush under a running worker", () => {
  it("heals the job schedulers and the periodic reconcile re-queues pending deadlines, with no restart", async () => {
    expect(await schedulers()).not.toBeNull();
    await w.as(lead, { name: "review-set", ref: c.reference, date: { kind: "iso", date: "2026-12-07" } });
    const keys = await pendingKeys();
    expect(keys).toHaveLength(4);
    expect(await queuedKeys(keys)).toBe(true);
    const worker = w.worker;

    // Everything of ours goes; the worker keeps running.
    expect(await deletePrefixKeys(w.prefix)).toBeGreaterThan(0);

    const back = await waitFor("the job schedulers to come back", schedulers, 10_000);
    expect(back.reconcile.every).toBe(RECONCILE_EVERY_MS);
    expect(back.retention.pattern).toBe("0 2 * * *");
    await waitFor("the pending deadlines to be queued again", () => queuedKeys(keys), 10_000);

    // And the recreated scheduler's reconcile keeps running: jobs lost again come back again.
    for (const k of keys) await w.queues.nudges.remove(k);
    expect(await queuedKeys(keys)).toBe(false);
    await waitFor("the periodic reconcile to re-queue them", () => queuedKeys(keys), 10_000);
    expect(w.worker).toBe(worker);
  });
});
