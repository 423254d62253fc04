// The window the outbox cannot close alone: a worker killed after the chat platform accepted a
// message and before the row said so. On Slack the next worker finds the message in the channel's
// history by the delivery key in its metadata and records it, so it appears once; Teams cannot be
// asked, so the message is sent again and every such re-send is counted in
// leadbot_possible_duplicates_total{platform="teams"}.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackSender } from "../../../src/adapters/slack/slack-app.js";
import { makeDeadline } from "../../../src/domain/deadlines/deadline-keys.js";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import type { ChatDestination } from "../../../src/infrastructure/notify/chat-sender.js";
import { FakeSlackApi } from "../../support/fake-slack-api.js";
import { REDIS_URL, TEST_TIMINGS, testLogger, waitFor, WorkerWorld } from "./support/harness.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../../..");
const CHILD = path.join(HERE, "support/worker-child-accepted.ts");
const LEADS = 3;

const fake = new FakeSlackApi();
let w: WorkerWorld;
let dir: string;
const access = { slack: "", teams: "" };

beforeAll(async () => {
  await fake.start();
  w = await WorkerWorld.create("crash-sent", {
    start: "2026-12-08T10:00:00Z",
    senders: (_slack, teams) => [createSlackSender({ signingSecret: "unused", botToken: "xoxb-crash-test", apiUrl: fake.apiUrl }, () => w.prisma, testLogger(), "Europe/London"), teams],
  });
  dir = mkdtempSync(path.join(tmpdir(), "leadbot-crash-sent-"));
  access.slack = `C-ACCESS-${w.token}`;
  access.teams = `19:access-${w.token}@thread.tacv2`;
  await w.settings({ accessTeamChannels: { slack: access.slack, teams: access.teams } });
}, 60_000);

afterAll(async () => {
  await w?.close();
  await fake.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

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

function spawnWorker(recordFile: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, String(w.clock.offsetMs), recordFile, JSON.stringify({ ...TEST_TIMINGS, digestWindowMs: 1_000 }), fake.apiUrl], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: w.db.url, REDIS_URL, REDIS_PREFIX: w.prefix, LOG_LEVEL: "silent", NODE_ENV: "test" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(`[worker-child] ${chunk.toString()}`));
  return child;
}

const exited = (child: ChildProcess) =>
  new Promise<NodeJS.Signals | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode);
    else child.once("exit", (_code, signal) => resolve(signal));
  });

const accepted = (file: string): { platform: string; destination: ChatDestination }[] =>
  existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { platform: string; destination: ChatDestination }) : [];

async function possibleDuplicates(platform: string): Promise<number> {
  const metric = await w.services.metrics.registry.getSingleMetric("leadbot_possible_duplicates_total")?.get();
  return metric?.values.find((v) => v.labels.platform === platform)?.value ?? 0;
}

const settled = async () => (await w.prisma.outboxEntry.count({ where: { deliveredAt: null, failedAt: null } })) === 0;

describe("a worker killed after the platform accepted its sends", () => {
  it("Slack shows each message once (found in the history, recorded with its ts); Teams' re-sends are counted", async () => {
    const { leads, cases } = await overdueBatch(LEADS);
    const file = path.join(dir, "accepted.jsonl");
    const before = { slack: await possibleDuplicates("slack"), teams: await possibleDuplicates("teams") };
    const child = spawnWorker(file);
    // Every lead's reminder accepted on both platforms, none recorded as sent.
    await waitFor("the platforms to accept the batch", () => accepted(file).length >= 2 * LEADS, 30_000);
    child.kill("SIGKILL");
    expect(await exited(child)).toBe("SIGKILL");
    const byChild = accepted(file);
    expect(await w.prisma.nudgeDelivery.count({ where: { status: "sending" } })).toBeGreaterThanOrEqual(2 * LEADS);
    expect(await w.prisma.nudgeDelivery.count({ where: { status: "sent" } })).toBe(0);

    await w.startWorker();
    await waitFor("the batch to settle", settled, 40_000);
    await waitFor("the access team's digest", () => fake.callsTo("chat.postMessage").some((c) => c.body.channel === access.slack) && w.to("teams", access.teams).length > 0, 15_000);
    await waitFor("the digest to settle", settled, 15_000);

    // Slack: one post per destination, the ts Slack gave it recorded, whoever posted it.
    for (const lead of leads) {
      const posts = fake.callsTo("chat.postMessage").filter((c) => c.body.channel === lead.chat.slack);
      expect(posts, `${lead.name} on Slack`).toHaveLength(1);
      expect(fake.channelHistory(`D${lead.chat.slack!.slice(1)}`)).toHaveLength(1);
      const row = await w.prisma.nudgeDelivery.findFirst({ where: { platform: "slack", recipient: `user:${lead.chat.slack}` } });
      expect(row).toMatchObject({ status: "sent", messageId: posts[0]!.response!.ts });
    }
    const accessText = fake.callsTo("chat.postMessage").filter((c) => c.body.channel === access.slack).map((c) => String(c.body.text)).join("\n");
    for (const c of cases) expect(accessText.split(c.reference).length - 1, `${c.reference} for the access team on Slack`).toBe(1);
    expect(fake.callsTo("conversations.history").length).toBeGreaterThanOrEqual(LEADS);
    expect(await possibleDuplicates("slack")).toBe(before.slack);

    // Teams: what the killed worker had sent went again; each re-send is counted, none hidden.
    const teamsSends = [...byChild.filter((r) => r.platform === "teams").map((r) => r.destination.id), ...w.teams.messages.map((m) => m.destination.id)];
    const duplicates = [...new Set(teamsSends)].reduce((n, id) => n + teamsSends.filter((x) => x === id).length - 1, 0);
    for (const lead of leads) expect(teamsSends.filter((id) => id === lead.chat.teams), `${lead.name} on Teams`).toHaveLength(2);
    expect(duplicates).toBeGreaterThanOrEqual(LEADS);
    expect((await possibleDuplicates("teams")) - before.teams).toBe(duplicates);
    const teamsRows = await w.prisma.nudgeDelivery.findMany({ where: { platform: "teams", recipient: { in: leads.map((l) => `user:${l.chat.teams}`) } } });
    expect(teamsRows.map((r) => [r.status, r.messageId?.startsWith("recorded-")])).toEqual(leads.map(() => ["sent", true]));
    await w.stopWorker();
  }, 90_000);
});
