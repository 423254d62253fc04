// A worker process killed mid-batch (SIGKILL, in-flight sends never answered) or stopped with
// SIGTERM (finishes what it is sending, then exits): in both cases a worker started afterwards
// completes the batch and every nudge reaches every destination exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDeadline } from "../../../src/domain/deadlines/deadline-keys.js";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import type { ChatDestination } from "../../../src/infrastructure/notify/chat-sender.js";
import { REDIS_URL, TEST_TIMINGS, waitFor, WorkerWorld } from "./support/harness.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../../..");
const CHILD = path.join(HERE, "support/worker-child.ts");

interface Record {
  platform: string;
  destination: ChatDestination;
  view: View;
}

let w: WorkerWorld;
let dir: string;
const access = { slack: "", teams: "" };

beforeAll(async () => {
  w = await WorkerWorld.create("crash", { start: "2026-12-08T10:00:00Z" });
  dir = mkdtempSync(path.join(tmpdir(), "leadbot-worker-crash-"));
  access.slack = `C-ACCESS-${w.token}`;
  access.teams = `19:access-${w.token}@thread.tacv2`;
  await w.settings({ accessTeamChannels: { slack: access.slack, teams: access.teams } });
}, 60_000);

afterAll(async () => {
  await w?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** `count` cases whose review was yesterday, each with its own lead on Slack and Teams. */
async function overdueBatch(count: number): Promise<{ leads: Practitioner[]; cases: Case[] }> {
  const leads: Practitioner[] = [];
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) leads.push(await w.practitioner(`Lead ${i}`, ["slack", "teams"]));
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
    await repos.deadlines.schedule(cases.map((c) => makeDeadline("review-overdue", c.id, c.id, new Date("2026-12-08T09:00:00Z"))));
  });
  return { leads, cases };
}

function spawnWorker(recordFile: string, hangAfter: number, slowMs: number): ChildProcess {
  const timings = { ...TEST_TIMINGS, digestWindowMs: 3_000 };
  const child = spawn(
    process.execPath,
    ["--import", "tsx", CHILD, String(w.clock.offsetMs), recordFile, JSON.stringify(timings), String(hangAfter), String(slowMs)],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: w.db.url, REDIS_URL, REDIS_PREFIX: w.prefix, LOG_LEVEL: "silent", NODE_ENV: "test" },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(`[worker-child] ${chunk.toString()}`));
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once("exit", (code, signal) => resolve({ code, signal }));
  });

function records(file: string): Record[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record);
}

/** Every message the batch produced, from the killed worker's file and the new worker's senders. */
function everything(file: string): { platform: string; id: string; view: View }[] {
  return [
    ...records(file).map((r) => ({ platform: r.platform, id: r.destination.id, view: r.view })),
    ...w.slack.messages.map((m) => ({ platform: "slack", id: m.destination.id, view: m.view })),
    ...w.teams.messages.map((m) => ({ platform: "teams", id: m.destination.id, view: m.view })),
  ];
}

async function settled(cases: Case[]): Promise<boolean> {
  const pendingDeadlines = await w.prisma.deadline.count({ where: { caseId: { in: cases.map((c) => c.id) }, state: "pending" } });
  const pendingOutbox = await w.prisma.outboxEntry.count({ where: { deliveredAt: null, failedAt: null } });
  return pendingDeadlines === 0 && pendingOutbox === 0;
}

function expectExactlyOnce(file: string, leads: Practitioner[], cases: Case[]): void {
  const all = everything(file);
  for (const [i, lead] of leads.entries()) {
    for (const platform of ["slack", "teams"] as const) {
      const mine = all.filter((m) => m.platform === platform && m.id === lead.chat[platform] && m.view.type === "review");
      expect(mine.map((m) => (m.view as { caseRef: string }).caseRef), `${lead.name} on ${platform}`).toEqual([cases[i]!.reference]);
    }
  }
  for (const [platform, id] of [["slack", access.slack], ["teams", access.teams]] as const) {
    const lines = all
      .filter((m) => m.platform === platform && m.id === id)
      .flatMap((m) => (m.view.type === "text" ? m.view.text.split("\n").slice(1) : [`• ${(m.view as { caseRef: string }).caseRef}:`]));
    for (const c of cases) expect(lines.filter((l) => l.startsWith(`• ${c.reference}:`)), `${c.reference} for the access team on ${platform}`).toHaveLength(1);
  }
}

describe("a worker that dies or stops mid-batch", () => {
  it("SIGKILL with sends in flight: the next worker finishes the batch, each nudge delivered exactly once", async () => {
    const { leads, cases } = await overdueBatch(30);
    const file = path.join(dir, "killed.jsonl");
    const child = spawnWorker(file, 20, 20);
    await waitFor("the child to hang mid-batch", () => existsSync(`${file}.hung`), 30_000);
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGKILL");
    expect((await exited(child)).signal).toBe("SIGKILL");

    // Killed mid-batch: 20 messages out, the sends that started after them hanging (recorded as
    // "sending"), entries undelivered.
    expect(records(file).length).toBe(20);
    expect(await w.prisma.nudgeDelivery.count({ where: { status: "sending" } })).toBeGreaterThan(0);
    expect(await w.prisma.outboxEntry.count({ where: { deliveredAt: null } })).toBeGreaterThan(0);

    await w.startWorker();
    await waitFor("the batch to finish", () => settled(cases), 40_000);
    await waitFor("the access team's digest", () => w.to("slack", access.slack).length > 0 && w.to("teams", access.teams).length > 0, 10_000);
    expectExactlyOnce(file, leads, cases);
    expect(await w.prisma.nudgeDelivery.count({ where: { status: { not: "sent" } } })).toBe(0);
    await w.stopWorker();
  }, 60_000);

  it("SIGTERM: finishes the sends in flight, exits 0, and the next worker does the rest", async () => {
    w.slack.messages.length = 0;
    w.teams.messages.length = 0;
    const { leads, cases } = await overdueBatch(10);
    const file = path.join(dir, "stopped.jsonl");
    const child = spawnWorker(file, -1, 1_500);
    await waitFor("a send in flight", () => existsSync(`${file}.sending`), 30_000);
    const recipients = leads.flatMap((l) => [`user:${l.chat.slack}`, `user:${l.chat.teams}`]);
    const inFlight = await w.prisma.nudgeDelivery.count({ where: { status: "sending", recipient: { in: recipients } } });
    expect(inFlight).toBeGreaterThan(0);
    child.kill("SIGTERM");
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(existsSync(`${file}.stopped`)).toBe(true);
    // What was being sent went out and was recorded as sent: nothing left half-done.
    expect(records(file).length).toBeGreaterThanOrEqual(inFlight);
    expect(await w.prisma.nudgeDelivery.count({ where: { status: "sending" } })).toBe(0);

    await w.startWorker();
    await waitFor("the batch to finish", () => settled(cases), 40_000);
    await waitFor("the access team's digest", () => w.to("slack", access.slack).length > 0 && w.to("teams", access.teams).length > 0, 10_000);
    expectExactlyOnce(file, leads, cases);
  }, 60_000);
});
