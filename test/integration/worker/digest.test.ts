// Monday morning: 200 reviews are overdue at once. Each lead professional gets their own alert,
// but the access team channel gets a digest (at most 100 cases per message) instead of 200 posts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDeadline } from "../../../src/domain/deadlines/deadline-keys.js";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import { about, TEST_TIMINGS, waitFor, WorkerWorld } from "./support/harness.js";

const CASES = 200;
let w: WorkerWorld;
const access = { slack: "", teams: "" };
const leads: Practitioner[] = [];
const cases: Case[] = [];

beforeAll(async () => {
  // The window opens with the first alert and must outlast the burst (production: 60 s).
  w = await WorkerWorld.create("digest", { start: "2026-12-08T10:00:00Z", timings: { ...TEST_TIMINGS, digestWindowMs: 10_000 } });
  access.slack = `C-ACCESS-${w.token}`;
  access.teams = `19:access-${w.token}@thread.tacv2`;
  await w.settings({ accessTeamChannels: { slack: access.slack, teams: access.teams } });
  for (let i = 0; i < CASES; i++) leads.push(await w.practitioner(`Lead ${i}`, ["slack"]));
  const due = new Date("2026-12-08T09:00:00Z");
  await w.services.uow.run(async (repos) => {
    for (const lead of leads) {
      const c: Case = {
        id: crypto.randomUUID(),
        reference: w.uniqueRef(),
        statuses: ["early-help"],
        open: true,
        leadId: lead.id,
        leadSince: new Date("2026-09-01T10:00:00Z"),
        noLeadSince: null,
        reviewDate: "2026-12-07",
        channels: {},
        openedAt: new Date("2026-09-01T10:00:00Z"),
        closedAt: null,
      };
      await repos.cases.create(c);
      cases.push(c);
    }
    await repos.deadlines.schedule(cases.map((c) => makeDeadline("review-overdue", c.id, c.id, due)));
  });
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe("a burst of access-team alerts", () => {
  it("reaches each lead on their own and the access team as a digest", async () => {
    const started = Date.now();
    // The worker's start-up reconcile finds 200 due deadlines in Postgres and runs them.
    await w.startWorker();
    await waitFor(
      "every lead's alert",
      () => leads.every((lead, i) => about(w.to("slack", lead.chat.slack), cases[i]!.reference).length === 1),
      40_000,
    );
    await waitFor("the digests", () => w.to("slack", access.slack).length >= 2 && w.to("teams", access.teams).length >= 2, 20_000);
    await new Promise((r) => setTimeout(r, 1_500)); // anything more would have arrived by now

    for (const [platform, id] of [["slack", access.slack], ["teams", access.teams]] as const) {
      const posts = w.to(platform, id);
      expect(posts).toHaveLength(2);
      const texts = posts.map((p) => (p.view.type === "text" ? p.view.text : ""));
      for (const text of texts) expect(text).toMatch(/^100 reviews are overdue:\n/);
      // Every case appears in exactly one digest line, once.
      const lines = texts.flatMap((t) => t.split("\n").slice(1));
      expect(lines).toHaveLength(CASES);
      for (const c of cases) expect(lines.filter((l) => l.startsWith(`• ${c.reference}:`))).toHaveLength(1);
      expect(lines[0]).toMatch(/^• EH-2026-[0-9A-F]{8}: review date Mon 7 Dec 2026; lead professional Lead \d+$/);
    }

    const entries = await w.prisma.outboxEntry.findMany({ where: { digestGroup: "review-overdue" } });
    expect(entries).toHaveLength(CASES);
    expect(entries.every((e) => e.deliveredAt !== null && e.digestKey?.startsWith("digest-review-overdue-"))).toBe(true);
    expect(new Set(entries.map((e) => e.digestKey)).size).toBe(2);
    expect(await w.prisma.outboxEntry.count({ where: { deliveredAt: null } })).toBe(0);
    expect(await w.prisma.nudgeDelivery.count({})).toBe(w.sendCalls);
    expect(Date.now() - started).toBeLessThan(40_000);
  });
});
