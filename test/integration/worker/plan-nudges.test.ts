// A plan action's reminders and overdue alerts [DOMAIN §11], fired by the real worker on the real
// Postgres and Redis and delivered through the REAL senders: Block Kit to a local fake Slack Web
// API, an Adaptive Card to a local fake Teams connector. Tia (Teams) owns action 1 on a case Sam
// (Slack) leads: she is reminded two working days before and on the day, each once, with Done and
// Snooze; the morning after, she and Sam are each told once that it is overdue, and again a week
// later. Sam's own action 2, done before its reminder, is never reminded. A Redis flush between
// the alerts loses none and repeats none. Starts Monday 23 November 2026, 10:00 London (GMT).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../../src/adapters/slack/action-values.js";
import { createSlackSender } from "../../../src/adapters/slack/slack-app.js";
import { attachTeamsSender, createTeamsSender } from "../../../src/adapters/teams/mount-teams.js";
import type { Case, Practitioner } from "../../../src/domain/types.js";
import type { TeamsSender } from "../../../src/infrastructure/notify/teams-sender.js";
import { FakeEntraId } from "../../support/fake-entra-id.js";
import { FakeSlackApi, type RecordedCall } from "../../support/fake-slack-api.js";
import { FakeTeamsConnector, cardOf, cardText, cardVerbs, type ConnectorCall } from "../../support/fake-teams-connector.js";
import { countPrefixKeys, deletePrefixKeys, testLogger, waitFor, WorkerWorld } from "./support/harness.js";

const SECRET = "plan-nudges-signing-secret";
const TOKEN = "xoxb-plan-nudges-not-real";
const slackApi = new FakeSlackApi();
const connector = new FakeTeamsConnector();
const TEAMS_APP = { appId: "5d2e3f4a-6b7c-4d8e-9f0a-1b2c3d4e5f60", appPassword: "plan-nudges-app-secret", tenantId: null, appType: "MultiTenant" as const };
const entra = new FakeEntraId({ [TEAMS_APP.appId]: TEAMS_APP.appPassword });
let w: WorkerWorld;
let teams: TeamsSender;
let sam: Practitioner; // the lead, on Slack; owns action 2
let tia: Practitioner; // on the TAF, on Teams; owns action 1
let c: Case;

function slackText(call: RecordedCall): string {
  const strings: string[] = [String(call.body.text ?? "")];
  const walk = (v: unknown) => {
    if (typeof v === "string") strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === "object" && v !== null) for (const [k, x] of Object.entries(v)) if (k !== "value" && k !== "action_id" && k !== "block_id") walk(x);
  };
  walk(call.body.blocks);
  return strings.join("\n");
}

function slackActionIds(call: RecordedCall): string[] {
  const blocks = (call.body.blocks ?? []) as { type?: string; elements?: { action_id?: string }[] }[];
  return blocks.filter((b) => b.type === "actions").flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ""));
}

const slackNudges = (n: number) =>
  slackApi
    .callsTo("chat.postMessage")
    .filter((call) => call.body.channel === sam.chat.slack)
    .filter((call) => slackText(call).includes(`Action ${n} of ${c.reference}`) || slackText(call).includes(`Action *${n}* of *${c.reference}*`));

const personalChat = (p: Practitioner) => `a:personal-${p.id}`;

const teamsNudges = (n: number): ConnectorCall[] =>
  connector
    .to(personalChat(tia))
    .filter((call) => call.kind === "send")
    .filter((call) => cardText(cardOf(call.activity)).includes(`Action ${n} of ${c.reference}`));

const patient = <T>(what: string, probe: () => Promise<T | false | null | undefined> | T | false | null | undefined) => waitFor(what, probe, 45_000);

async function conversationReference(scope: "user" | "channel", scopeId: string, conversation: Record<string, string | boolean>, user?: Record<string, string>) {
  await w.prisma.conversationReference.create({
    data: {
      platform: "teams",
      scope,
      scopeId,
      reference: { channelId: "msteams", serviceUrl: connector.url, conversation, bot: { id: "28:leadbot", name: "leadbot" }, ...(user ? { user } : {}) },
    },
  });
}

/** Every outbox entry delivered and nothing mid-send, so counts are final. */
async function settled() {
  await patient("the outbox to settle", async () =>
    (await w.prisma.outboxEntry.count({ where: { deliveredAt: null } })) === 0 && (await w.prisma.nudgeDelivery.count({ where: { status: "sending" } })) === 0,
  );
  await new Promise((r) => setTimeout(r, 500));
}

beforeAll(async () => {
  await slackApi.start();
  await connector.start();
  await entra.start();
  entra.routeLogin();
  w = await WorkerWorld.create("plannudge", {
    start: "2026-11-23T10:00:00Z",
    env: { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slackApi.apiUrl },
    senders: () => {
      const log = testLogger();
      teams = createTeamsSender(TEAMS_APP, log);
      return [createSlackSender({ signingSecret: SECRET, botToken: TOKEN, apiUrl: slackApi.apiUrl }, () => w.prisma, log, "Europe/London"), teams];
    },
  });
  attachTeamsSender(teams, w.services);
  sam = await w.practitioner("Sam Slack", ["slack"]);
  tia = await w.practitioner("Tia Teams", ["teams"]);
  await conversationReference("user", tia.chat.teams!, { id: personalChat(tia), conversationType: "personal", tenantId: "tenant-plan" }, { id: `29:${tia.id}`, aadObjectId: tia.chat.teams! });
  c = await w.ledCase(sam, { members: [tia], channels: { slack: `C-PLAN-${w.token}`.toUpperCase() } });
  await w.startWorker();

  await w.as(sam, { name: "plan-add", ref: c.reference, owner: { kind: "person", person: { by: "handle", handle: tia.handle } }, text: "Arrange a meeting with the school", by: { kind: "iso", date: "2026-12-02" } });
  await w.as(sam, { name: "plan-add", ref: c.reference, owner: { kind: "person", person: { by: "handle", handle: sam.handle } }, text: "Book the family's review meeting", by: { kind: "iso", date: "2026-12-01" } });
}, 90_000);

afterAll(async () => {
  await w?.close();
  await slackApi.stop();
  await connector.stop();
  await entra.stop();
});

describe("an action's nudges reach its owner and the lead through the real senders", { timeout: 120_000 }, () => {
  it("an action done before its reminder is never reminded", async () => {
    await w.jump("2026-11-25T11:00:00Z");
    await w.as(sam, { name: "plan-done", ref: c.reference, n: 2, note: "" });
    await w.jump("2026-11-26T09:00:05Z");
    await new Promise((r) => setTimeout(r, 1_500));
    await settled();
    expect(slackNudges(2)).toHaveLength(0);
    const action2 = await w.prisma.planAction.findFirstOrThrow({ where: { caseId: c.id, n: 2 } });
    expect(await w.prisma.deadline.count({ where: { subjectId: action2.id, state: "pending" } })).toBe(0);
  });

  it("reminds Tia two working days before and on the day, once each, with Done and Snooze", async () => {
    await w.jump("2026-11-30T08:59:00Z");
    await new Promise((r) => setTimeout(r, 500));
    expect(teamsNudges(1)).toHaveLength(0);

    await w.jump("2026-11-30T09:00:05Z");
    await patient("Tia's first reminder", () => teamsNudges(1).length === 1);
    await settled();
    const first = cardOf(teamsNudges(1)[0]!.activity);
    expect(cardText(first)).toContain(`Action 1 of ${c.reference} is due in 2 working days, on Wed 2 Dec 2026.`);
    expect(cardText(first)).toContain("Arrange a meeting with the school");
    expect(cardVerbs(first)).toEqual(expect.arrayContaining(["plan-done", "snooze"]));

    await w.jump("2026-12-02T09:00:05Z");
    await patient("Tia's reminder on the day", () => teamsNudges(1).length === 2);
    await settled();
    expect(cardText(cardOf(teamsNudges(1)[1]!.activity))).toContain(`Action 1 of ${c.reference} is due today.`);
    expect(slackNudges(1)).toHaveLength(0);
  });

  it("the morning after, tells Tia and Sam once each that it is overdue; a Redis flush then loses and repeats nothing of the weekly repeat", async () => {
    await w.jump("2026-12-03T09:00:05Z");
    await patient("the overdue alert to both", () => teamsNudges(1).length === 3 && slackNudges(1).length === 1);
    await settled();
    const alert = cardOf(teamsNudges(1)[2]!.activity);
    expect(cardText(alert)).toContain("was due on Wed 2 Dec 2026 and is 1 working day overdue.");
    expect(cardVerbs(alert)).toContain("plan-done");
    expect(cardVerbs(alert)).not.toContain("snooze");
    const dm = slackNudges(1)[0]!;
    expect(slackText(dm)).toContain("Tia Teams");
    expect(slackActionIds(dm)).toEqual([`${ACTION.planDone}.1`]);

    await w.stopWorker();
    expect(await countPrefixKeys(w.prefix)).toBeGreaterThan(0);
    await deletePrefixKeys(w.prefix);
    expect(await countPrefixKeys(w.prefix)).toBe(0);
    await w.jump("2026-12-10T09:00:05Z");
    await (await w.startWorker()).reconcile();
    await patient("the weekly repeat to both", () => teamsNudges(1).length === 4 && slackNudges(1).length === 2);
    await settled();
    expect(cardText(cardOf(teamsNudges(1)[3]!.activity))).toContain("is 6 working days overdue.");
    expect([teamsNudges(1).length, slackNudges(1).length, slackNudges(2).length]).toEqual([4, 2, 0]);
    expect(await w.prisma.nudgeDelivery.count({ where: { status: "sent" } })).toBe(w.sendCalls);
    expect(await w.prisma.nudgeDelivery.count({ where: { attempts: { not: 1 } } })).toBe(0);
  });
});
