// GET /metrics moves when the lead-professional process runs: a proposal agreed and one disputed,
// driven through services.runner on the real Postgres and Redis (the worker harness's world, no
// worker running: deliveries happen in-process), scraped over HTTP the way main.ts serves it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpObserver, mountOperatorRoutes } from "../../../src/composition/operator.js";
import type { Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import { createHttpServer, listen, type RunningServer } from "../../../src/http/server.js";
import type { ChatDestination, ChatSender } from "../../../src/infrastructure/notify/chat-sender.js";
import { handleOf, testLogger, waitFor, WorkerWorld } from "../worker/support/harness.js";
import { sample } from "./support.js";

/** Slack, except that channels named C-BROKEN-… refuse every message for good (an archived channel). */
class BrokenChannels implements ChatSender {
  constructor(private readonly inner: ChatSender) {}
  get platform() {
    return this.inner.platform;
  }
  async send(destination: ChatDestination, view: View, messageKey?: string): Promise<void> {
    if (destination.id.startsWith("C-BROKEN-")) throw Object.assign(new Error("is_archived"), { permanent: true });
    await this.inner.send(destination, view, messageKey);
  }
}

let w: WorkerWorld;
let http: RunningServer;
let base = "";
let max: Practitioner;
let meg: Practitioner;
let lee: Practitioner;
let mia: Practitioner;
let ola: Practitioner;

const scrape = async (): Promise<string> => {
  const res = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5_000) });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

/** A series' value, 0 when the series does not exist yet (a counter never incremented). */
const at = (text: string, name: string, labels: Record<string, string> = {}) => sample(text, name, labels) ?? 0;

beforeAll(async () => {
  w = await WorkerWorld.create("metrics", { start: "2026-11-23T10:00:00Z", senders: (slack, teams) => [new BrokenChannels(slack), teams] });
  await w.settings({ accessTeamChannels: { slack: `C-ACCESS-${w.token}` } });
  max = await w.practitioner("Max Manager", ["slack"], { role: "manager" });
  meg = await w.practitioner("Meg Manager", ["slack"], { role: "manager" });
  await w.practitioner("Cory Coordinator", ["slack"], { role: "manager", duties: { accessTeam: false, coordinator: true, executive: false } });
  lee = await w.practitioner("Lee Lead", ["slack"], { managerId: max.id });
  mia = await w.practitioner("Mia Member", ["slack"], { managerId: meg.id });
  ola = await w.practitioner("Ola Other", ["slack", "teams"], { managerId: meg.id });
  const metrics = w.services.metrics;
  const app = createHttpServer({
    logger: testLogger(),
    onResponse: httpObserver(metrics),
    mount: (express) => mountOperatorRoutes(express, { metrics, queues: w.queues, admin: null }),
  });
  http = await listen(app, 0, "127.0.0.1");
  base = `http://127.0.0.1:${http.port}`;
}, 60_000);

afterAll(async () => {
  await http?.close(1_000);
  await w?.close();
});

describe("GET /metrics", () => {
  it("counts commands by name and outcome, votes by choice, and the decision of an agreed proposal", async () => {
    const before = await scrape();
    const ref = w.uniqueRef();
    await w.as(mia, { name: "case-open", ref, statuses: ["early-help"] }, { channelId: `C-AGREED-${w.token}` });
    await w.as(mia, { name: "taf-add", ref, person: handleOf(lee) });
    await w.as(mia, { name: "propose", ref, nominee: handleOf(lee), reason: "", family: { kind: "agrees" } });
    await w.as(lee, { name: "vote", ref, choice: "accept", reason: "" });
    await w.as(mia, { name: "vote", ref, choice: "agree", reason: "" });
    const after = await scrape();

    const delta = (name: string, labels: Record<string, string> = {}) => at(after, name, labels) - at(before, name, labels);
    expect(delta("leadbot_commands_total", { command: "propose", outcome: "ok" })).toBe(1);
    expect(delta("leadbot_commands_total", { command: "vote", outcome: "ok" })).toBe(2);
    expect(delta("leadbot_command_duration_seconds_count", { command: "vote" })).toBe(2);
    expect(delta("leadbot_votes_total", { choice: "accept" })).toBe(1);
    expect(delta("leadbot_votes_total", { choice: "agree" })).toBe(1);
    expect(delta("leadbot_decisions_total", { outcome: "agreed", kind: "appoint" })).toBe(1);
    expect(delta("leadbot_decisions_total", { outcome: "disagreed", kind: "appoint" })).toBe(0);
    // Cards and the decision went to the case channel, the access team and Lee.
    expect(delta("leadbot_nudges_total", { result: "sent", platform: "slack" })).toBeGreaterThanOrEqual(3);
  });

  it("counts refusals (a DomainError, text that does not parse) apart from successes", async () => {
    const before = await scrape();
    const ref = w.uniqueRef();
    await w.as(mia, { name: "case-open", ref, statuses: ["early-help"] });
    const refused = await w.services.runner.run(w.actor(mia), { name: "vote", ref, choice: "agree", reason: "" });
    expect(refused.type).toBe("error");
    const unparsed = await w.services.runner.runText(w.actor(mia), "frobnicate everything");
    expect(unparsed.type).toBe("error");
    const after = await scrape();
    const delta = (labels: Record<string, string>) => at(after, "leadbot_commands_total", labels) - at(before, "leadbot_commands_total", labels);
    expect(delta({ command: "vote", outcome: "refused" })).toBe(1);
    expect(delta({ command: "vote", outcome: "ok" })).toBe(0);
    expect(delta({ command: "unparsed", outcome: "refused" })).toBe(1);
    expect(delta({ command: "case-open", outcome: "ok" })).toBe(1);
  });

  it("counts a disagreement, the escalation it opens and a decider passing it up a level", async () => {
    const before = await scrape();
    const ref = w.uniqueRef();
    await w.as(mia, { name: "case-open", ref, statuses: ["early-help"] }, { channelId: `C-DISPUTE-${w.token}` });
    await w.as(mia, { name: "taf-add", ref, person: handleOf(ola) });
    await w.as(mia, { name: "taf-add", ref, person: handleOf(lee) });
    await w.as(mia, { name: "propose", ref, nominee: handleOf(ola), reason: "", family: { kind: "not-asked" } });
    await w.as(ola, { name: "vote", ref, choice: "accept", reason: "" });
    await w.as(mia, { name: "vote", ref, choice: "agree", reason: "" });
    await w.as(lee, { name: "vote", ref, choice: "object", reason: "Ola is new to the family" });
    const disputed = await scrape();
    const delta = (text: string, from: string, name: string, labels: Record<string, string>) => at(text, name, labels) - at(from, name, labels);
    expect(delta(disputed, before, "leadbot_decisions_total", { outcome: "disagreed", kind: "appoint" })).toBe(1);
    expect(delta(disputed, before, "leadbot_escalations_total", { event: "opened" })).toBe(1);
    expect(delta(disputed, before, "leadbot_escalations_total", { event: "climbed" })).toBe(0);
    expect(delta(disputed, before, "leadbot_votes_total", { choice: "object" })).toBe(1);

    // Max is a level-1 decider (Lee's manager): escalating again moves it to the co-ordinator.
    const view = await w.as(max, { name: "escalate", ref, reason: "needs the co-ordinator" });
    expect(view).toMatchObject({ type: "escalation", level: 2 });
    const climbed = await scrape();
    expect(delta(climbed, disputed, "leadbot_escalations_total", { event: "climbed" })).toBe(1);
    expect(delta(climbed, disputed, "leadbot_escalations_total", { event: "opened" })).toBe(0);
  });

  it("counts deliveries that failed for good, and destinations not sent twice (deduplicated)", async () => {
    const before = await scrape();
    const ref = w.uniqueRef();
    await w.as(mia, { name: "case-open", ref, statuses: ["early-help"] }, { channelId: `C-BROKEN-${w.token}` });
    await w.as(mia, { name: "taf-add", ref, person: handleOf(lee) });
    const failed = await scrape();
    expect(at(failed, "leadbot_nudges_total", { result: "failed", platform: "slack" }) - at(before, "leadbot_nudges_total", { result: "failed", platform: "slack" })).toBeGreaterThanOrEqual(1);

    // A dispatcher that crashed after sending and before marking the entry delivered: the retry
    // finds every destination recorded as sent and sends nothing again.
    const entry = await w.prisma.outboxEntry.findFirstOrThrow({ where: { deliveredAt: { not: null } }, orderBy: { createdAt: "desc" } });
    const destinations = await w.prisma.nudgeDelivery.count({ where: { deadlineKey: entry.key, status: "sent" } });
    expect(destinations).toBeGreaterThan(0);
    await w.prisma.$executeRaw`UPDATE outbox SET delivered_at = NULL WHERE key = ${entry.key}`;
    const sendsBefore = w.sendCalls;
    await expect(w.services.dispatcher.dispatch(entry.key)).resolves.toEqual({ status: "delivered" });
    expect(w.sendCalls).toBe(sendsBefore);
    const deduplicated = await scrape();
    const dedup = (text: string) => ["slack", "teams"].reduce((n, platform) => n + at(text, "leadbot_nudges_total", { result: "deduplicated", platform }), 0);
    expect(dedup(deduplicated) - dedup(failed)).toBe(destinations);
  });

  it("reports queue depth and the oldest waiting job's age per queue, read on scrape", async () => {
    const probe = `metrics-probe-${w.token}`;
    await w.queues.enqueueDeliveries([probe]); // no worker runs in this file: it waits
    try {
      await new Promise((r) => setTimeout(r, 1_100));
      const text = await scrape();
      expect(at(text, "leadbot_queue_stats_up")).toBe(1);
      expect(at(text, "leadbot_queue_jobs", { queue: "outbox", state: "waiting" })).toBeGreaterThanOrEqual(1);
      expect(at(text, "leadbot_queue_oldest_waiting_seconds", { queue: "outbox" })).toBeGreaterThanOrEqual(1);
      // The escalation above has its timeout and its morning alert scheduled.
      expect(at(text, "leadbot_queue_jobs", { queue: "timeouts", state: "delayed" })).toBeGreaterThanOrEqual(1);
      expect(at(text, "leadbot_queue_jobs", { queue: "nudges", state: "delayed" })).toBeGreaterThanOrEqual(1);
      for (const queue of ["timeouts", "nudges", "outbox", "maintenance"]) {
        expect(sample(text, "leadbot_queue_oldest_waiting_seconds", { queue }), queue).toBeDefined();
      }
    } finally {
      await w.queues.outbox.remove(probe);
    }
  });

  it("times HTTP requests by route template and status, never by raw path, next to the process metrics", async () => {
    await fetch(`${base}/healthz`);
    await fetch(`${base}/no/such/page/EH-2026-0042`);
    const text = await scrape();
    expect(at(text, "leadbot_http_request_duration_seconds_count", { method: "GET", route: "/healthz", status: "200" })).toBeGreaterThanOrEqual(1);
    expect(at(text, "leadbot_http_request_duration_seconds_count", { method: "GET", route: "unmatched", status: "404" })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain("EH-2026-0042");
    expect(text).not.toContain("/no/such");
    expect(sample(text, "process_cpu_user_seconds_total")).toBeDefined();
    expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeDefined();
  });

  it("counts the decision of a vote closed by its deadline in the worker", async () => {
    const ref = w.uniqueRef();
    await w.as(mia, { name: "case-open", ref, statuses: ["early-help"] }, { channelId: `C-DEADLINE-${w.token}` });
    await w.as(mia, { name: "taf-add", ref, person: handleOf(lee) });
    await w.as(mia, { name: "taf-add", ref, person: handleOf(ola) });
    await w.as(mia, { name: "propose", ref, nominee: handleOf(lee), reason: "", family: { kind: "agrees" } });
    await w.as(lee, { name: "vote", ref, choice: "accept", reason: "" });
    await w.as(mia, { name: "vote", ref, choice: "agree", reason: "" }); // Ola never votes
    const proposal = await w.prisma.proposal.findFirstOrThrow({ where: { case: { reference: ref } } });
    const decisions = (text: string) => ["agreed", "disagreed"].reduce((n, outcome) => n + at(text, "leadbot_decisions_total", { outcome, kind: "appoint" }), 0);
    const before = decisions(await scrape());

    await w.startWorker();
    await w.jump(new Date(proposal.deadline.getTime() + 5_000).toISOString());
    await waitFor("the vote to close", async () => (await w.prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } })).state !== "open");
    expect(decisions(await scrape()) - before).toBe(1);
  }, 30_000);
});
