// The Monday digest in the real worker (Postgres + Redis, recording senders, a clock the test
// moves): its delayed job is due at 09:00 London time on the first working day of the week, on
// both sides of the clock changes (autumn: 09:00 GMT = 09:00Z; spring: 09:00 BST = 08:00Z), and
// running it sends each line manager their own digest and the access team channel its own. In
// 2027 the clocks go forward on Easter Sunday, so that week's digest waits for Tuesday.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import type { ReportView } from "../../../src/domain/views.js";
import { RETENTION_CRON, RETENTION_SCHEDULER_ID } from "../../../src/infrastructure/queue/oversight-jobs.js";
import { waitFor, WorkerWorld } from "./support/harness.js";

const AUTUMN = Date.parse("2026-10-26T09:00:00Z"); // Monday after the clocks go back
const NEXT_AUTUMN = Date.parse("2026-11-02T09:00:00Z");
// The clocks go forward on Sunday 28 March 2027, Easter Sunday: Monday is a bank holiday.
const SPRING = Date.parse("2027-03-30T08:00:00Z");

let w: WorkerWorld;
const access = { slack: "", teams: "" };
let mo: Practitioner;
let meg: Practitioner;
let fay: Practitioner;
let hana: Practitioner;
const refs: string[] = [];

beforeAll(async () => {
  // Saturday 24 October 2026, 13:00 BST: the clocks go back tomorrow.
  w = await WorkerWorld.create("wdigest", { start: "2026-10-24T12:00:00Z" });
  access.slack = `C-ACCESS-${w.token}`;
  access.teams = `19:access-${w.token}@thread.tacv2`;
  await w.settings({ accessTeamChannels: { slack: access.slack, teams: access.teams } });
  mo = await w.practitioner("Mo Manager", ["slack"], { role: "manager" });
  meg = await w.practitioner("Meg Manager", ["teams"], { role: "manager" });
  fay = await w.practitioner("Fay Family", ["slack"], { managerId: mo.id });
  hana = await w.practitioner("Hana Health", ["teams"], { role: "health-visitor", managerId: meg.id });
  // Two cases, each led by one manager's report; Fay's review is overdue.
  await w.services.uow.run(async (repos) => {
    for (const [lead, review] of [[fay, "2026-10-20"], [hana, "2026-12-01"]] as const) {
      const c: Case = {
        id: crypto.randomUUID(),
        reference: w.uniqueRef(),
        statuses: ["early-help"],
        open: true,
        leadId: lead.id,
        leadSince: new Date("2026-09-01T10:00:00Z"),
        noLeadSince: null,
        reviewDate: review,
        channels: {},
        openedAt: new Date("2026-09-01T10:00:00Z"),
        closedAt: null,
      };
      await repos.cases.create(c);
      await repos.taf.add(c.id, lead.id, c.openedAt);
      refs.push(c.reference);
    }
  });
}, 60_000);

afterAll(async () => {
  await w?.close();
});

const digests = (platform: "slack" | "teams", id: string | null | undefined) =>
  w.to(platform, id).filter((m) => m.view.type === "report" && m.view.title.startsWith("Weekly digest")).map((m) => m.view as ReportView);

async function digestJobs(): Promise<{ id: string; at: number; delayed: boolean }[]> {
  const jobs = await w.queues.maintenance.getJobs(["delayed", "waiting", "active", "prioritized"]);
  return Promise.all(
    jobs
      .filter((j) => j.name === "weekly-digest")
      .map(async (j) => ({ id: j.id!, at: (j.data as { at: number }).at, delayed: await j.isDelayed() })),
  );
}

describe("the weekly digest job", () => {
  it("is scheduled for 09:00 GMT on the Monday after the clocks go back, and the retention job daily at 02:00 local", async () => {
    const worker = await w.startWorker();
    const report = await worker.reconcile();
    expect(report.weeklyDigestAt).toBe(new Date(AUTUMN).toISOString());
    const jobs = await digestJobs();
    expect(jobs).toEqual([{ id: `weekly-digest-${AUTUMN}`, at: AUTUMN, delayed: true }]);
    const job = (await w.queues.maintenance.getJob(`weekly-digest-${AUTUMN}`))!;
    // The delay counts from the domain clock (Saturday 12:00Z) to Monday 09:00Z: 45 hours.
    expect(Math.abs(job.delay - (AUTUMN - w.clock.now().getTime()))).toBeLessThan(5_000);
    expect(Math.abs(job.delay - 45 * 3_600_000)).toBeLessThan(60_000);

    const retention = await w.queues.maintenance.getJobScheduler(RETENTION_SCHEDULER_ID);
    expect(retention).toMatchObject({ pattern: RETENTION_CRON, tz: "Europe/London", name: "retention" });
  });

  it("runs at that instant and sends each line manager their digest and the access team channel its own", async () => {
    // Nothing goes out before 09:00.
    await w.jump("2026-10-26T08:59:58Z");
    await waitFor("Mo's digest", () => digests("slack", mo.chat.slack).length === 1, 20_000);
    await waitFor("Meg's digest", () => digests("teams", meg.chat.teams).length === 1, 20_000);
    await waitFor("the access team's digests", () => digests("slack", access.slack).length === 1 && digests("teams", access.teams).length === 1, 20_000);

    const entries = await w.prisma.outboxEntry.findMany({ where: { key: { startsWith: `digest-weekly-${AUTUMN}-` } } });
    expect(entries).toHaveLength(3); // Mo, Meg, the access team
    for (const e of entries) {
      expect(e.createdAt.getTime()).toBeGreaterThanOrEqual(AUTUMN);
      expect(e.createdAt.getTime()).toBeLessThan(AUTUMN + 10_000);
      expect(e.deliveredAt).not.toBeNull();
    }

    const moDigest = digests("slack", mo.chat.slack)[0]!;
    expect(moDigest.title).toBe("Weekly digest for Mo Manager: Mon 19 Oct 2026 to Sun 25 Oct 2026");
    expect(moDigest.rows).toContainEqual({ label: "Open cases", value: "1" });
    expect(moDigest.rows).toContainEqual({ label: "Reviews overdue now", value: "1" });
    expect(moDigest.rows).toContainEqual({ label: refs[0]!, value: "review was due Tue 20 Oct 2026 (4 working days overdue); lead professional Fay Family" });
    const megDigest = digests("teams", meg.chat.teams)[0]!;
    expect(megDigest.title).toBe("Weekly digest for Meg Manager: Mon 19 Oct 2026 to Sun 25 Oct 2026");
    expect(megDigest.rows).toContainEqual({ label: "Open cases", value: "1" });
    expect(megDigest.rows).toContainEqual({ label: "Reviews overdue now", value: "0" });
    for (const view of [digests("slack", access.slack)[0]!, digests("teams", access.teams)[0]!]) {
      expect(view.title).toBe("Weekly digest: Mon 19 Oct 2026 to Sun 25 Oct 2026");
      expect(view.rows).toContainEqual({ label: "Open cases", value: "2" });
    }
    // Reports are not managers: they get nothing.
    expect(digests("slack", fay.chat.slack)).toEqual([]);
    expect(digests("teams", hana.chat.teams)).toEqual([]);

    // The next one is queued for the following Monday.
    await waitFor("next week's job", async () => (await digestJobs()).some((j) => j.at === NEXT_AUTUMN && j.delayed), 10_000);
    expect(await w.prisma.auditEvent.count({ where: { action: "digest.weekly" } })).toBe(1);
  });

  it("after the clocks go forward is due at 09:00 BST (08:00Z) on the first working day, and runs then", async () => {
    // Friday 26 March 2027, still GMT: the reconcile replaces November's job with the coming Monday's.
    await w.jump("2027-03-26T12:00:00Z");
    expect(await digestJobs()).toEqual([{ id: `weekly-digest-${SPRING}`, at: SPRING, delayed: true }]);

    await w.jump("2027-03-30T07:59:58Z");
    await waitFor("Mo's second digest", () => digests("slack", mo.chat.slack).length === 2, 20_000);
    await waitFor("the access team's second digest", () => digests("slack", access.slack).length === 2, 20_000);
    const entries = await w.prisma.outboxEntry.findMany({ where: { key: { startsWith: `digest-weekly-${SPRING}-` } } });
    expect(entries).toHaveLength(3);
    for (const e of entries) {
      expect(e.createdAt.getTime()).toBeGreaterThanOrEqual(SPRING);
      expect(e.createdAt.getTime()).toBeLessThan(SPRING + 10_000);
    }
    expect(digests("slack", mo.chat.slack)[1]!.title).toBe("Weekly digest for Mo Manager: Tue 23 Mar 2027 to Mon 29 Mar 2027");
  });
});
