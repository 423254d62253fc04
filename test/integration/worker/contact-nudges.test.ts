// A missed check-in with the family [DOMAIN §11], fired by the real worker on the real Postgres and
// Redis and delivered through the REAL senders: Block Kit to a local fake Slack Web API, an
// Adaptive Card to a local fake Teams connector. The lead on each platform is nudged once per
// missed check-in, with Record contact and Snooze; it repeats weekly while contact stays missed;
// recording a contact moves the next one on; and a Redis flush loses none and repeats none.
// Starts Monday 23 November 2026, 10:00 London (GMT); the test moves the clock.
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

const SECRET = "contact-nudges-signing-secret";
const TOKEN = "xoxb-contact-nudges-not-real";
const slackApi = new FakeSlackApi();
const connector = new FakeTeamsConnector();
const TEAMS_APP = { appId: "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", appPassword: "contact-nudges-app-secret", tenantId: null, appType: "MultiTenant" as const };
const entra = new FakeEntraId({ [TEAMS_APP.appId]: TEAMS_APP.appPassword });
let w: WorkerWorld;
let teams: TeamsSender;
let sam: Practitioner; // leads case S: Slack only, every 2 weeks
let tia: Practitioner; // leads case T: Teams only, every week
let caseS: Case;
let caseT: Case;

const MISSED = "No contact with the family of";

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

const slackNudges = (ref: string) =>
  slackApi
    .callsTo("chat.postMessage")
    .filter((c) => c.body.channel === sam.chat.slack)
    .filter((c) => slackText(c).includes(ref) && slackText(c).includes(MISSED));

const personalChat = (p: Practitioner) => `a:personal-${p.id}`;

const teamsNudges = (ref: string): ConnectorCall[] =>
  connector
    .to(personalChat(tia))
    .filter((c) => c.kind === "send" || c.kind === "update")
    .filter((c) => cardText(cardOf(c.activity)).includes(ref) && cardText(cardOf(c.activity)).includes(MISSED));

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
  w = await WorkerWorld.create("contact", {
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
  await conversationReference("user", tia.chat.teams!, { id: personalChat(tia), conversationType: "personal", tenantId: "tenant-contact" }, { id: `29:${tia.id}`, aadObjectId: tia.chat.teams! });
  caseS = await w.ledCase(sam, { channels: { slack: `C-CONTACT-S-${w.token}`.toUpperCase() } });
  const teamsChannel = `19:contact-t-${w.token}@thread.tacv2`;
  caseT = await w.ledCase(tia, { channels: { teams: teamsChannel } });
  await conversationReference("channel", teamsChannel, { id: teamsChannel, conversationType: "channel", isGroup: true, tenantId: "tenant-contact" });
  await w.startWorker();

  await w.as(sam, { name: "contact-every", ref: caseS.reference, everyWeeks: 2 });
  await w.as(tia, { name: "contact-every", ref: caseT.reference, everyWeeks: 1 });
}, 90_000);

afterAll(async () => {
  await w?.close();
  await slackApi.stop();
  await connector.stop();
  await entra.stop();
});

describe("a missed check-in reaches the lead through the real senders", { timeout: 120_000 }, () => {
  it("nudges the Teams lead a week on, once, with Record contact and Snooze; the Slack lead's is not due yet", async () => {
    await w.jump("2026-11-30T08:59:00Z");
    await new Promise((r) => setTimeout(r, 500));
    expect(teamsNudges(caseT.reference)).toHaveLength(0);

    await w.jump("2026-11-30T09:00:05Z");
    await patient("Tia's nudge", () => teamsNudges(caseT.reference).length === 1);
    await settled();
    const [card] = teamsNudges(caseT.reference);
    expect(cardText(cardOf(card!.activity))).toContain(`${MISSED} ${caseT.reference} recorded since the cadence was set on Mon 23 Nov 2026 (every week)`);
    expect(cardVerbs(cardOf(card!.activity))).toEqual(expect.arrayContaining(["record-contact", "snooze"]));
    expect(teamsNudges(caseT.reference)).toHaveLength(1);
    expect(slackNudges(caseS.reference)).toHaveLength(0);
  });

  it("nudges the Slack lead two weeks on, once, and repeats the Teams lead's weekly while contact stays missed", async () => {
    await w.jump("2026-12-07T09:00:05Z");
    await patient("Sam's nudge and Tia's repeat", () => slackNudges(caseS.reference).length === 1 && teamsNudges(caseT.reference).length === 2);
    await settled();
    const [dm] = slackNudges(caseS.reference);
    expect(slackText(dm!)).toContain("Mon 23 Nov 2026");
    expect(slackText(dm!)).toContain("every 2 weeks");
    expect(slackActionIds(dm!)).toEqual([ACTION.recordContact, ACTION.snooze]);
    expect([slackNudges(caseS.reference).length, teamsNudges(caseT.reference).length]).toEqual([1, 2]);
    expect(await w.prisma.nudgeDelivery.count({ where: { attempts: { not: 1 } } })).toBe(0);
  });

  it("after a Redis flush, rebuilds the schedule from Postgres: a recorded contact moves the check-in, and nothing is lost or sent twice", async () => {
    // Tuesday 8 December: Tia checks in, so her next is due Tuesday 15 December; Sam's repeat stays Monday 14th.
    await w.jump("2026-12-08T11:00:00Z");
    await w.as(tia, { name: "contact", ref: caseT.reference, note: "" });
    const pending = await w.prisma.deadline.findMany({ where: { kind: "contact_missed", state: "pending" }, orderBy: { dueAt: "asc" } });
    expect(pending.map((d) => [d.caseId, d.dueAt.toISOString()])).toEqual([
      [caseS.id, "2026-12-14T09:00:00.000Z"],
      [caseT.id, "2026-12-15T09:00:00.000Z"],
    ]);
    await settled();

    await w.stopWorker();
    expect(await countPrefixKeys(w.prefix)).toBeGreaterThan(0);
    await deletePrefixKeys(w.prefix);
    expect(await countPrefixKeys(w.prefix)).toBe(0);
    await w.jump("2026-12-14T09:00:05Z");
    await (await w.startWorker()).reconcile();
    await patient("Sam's weekly repeat", () => slackNudges(caseS.reference).length === 2);
    await settled();
    expect(teamsNudges(caseT.reference)).toHaveLength(2);

    await w.jump("2026-12-15T09:00:05Z");
    await patient("Tia's nudge a week after her contact", () => teamsNudges(caseT.reference).length === 3);
    await settled();
    expect(cardText(cardOf(teamsNudges(caseT.reference)[2]!.activity))).toContain("recorded since Tue 8 Dec 2026 (every week)");
    expect([slackNudges(caseS.reference).length, teamsNudges(caseT.reference).length]).toEqual([2, 3]);
    expect(await w.prisma.nudgeDelivery.count({ where: { status: "sent" } })).toBe(w.sendCalls);
  });
});
