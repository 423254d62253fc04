// Every kind of scheduled nudge and timeout, fired by the real worker on the real Postgres and
// Redis and delivered through the REAL senders: Block Kit through @slack/web-api to a local fake
// Slack Web API, Adaptive Cards through a CloudAdapter's continueConversationAsync to a local fake
// Teams connector (personal chats and channels found by the conversation references saved in
// Postgres). Each kind reaches people on Slack and people on Teams, and nobody else; assertions
// are on what the fakes received: the Slack channel id (a user id for a direct message), the
// Teams conversation id, and the rendered content (case reference, kind, buttons / verbs). The
// Teams sender has Microsoft app credentials, so every proactive post carries a bearer token from
// a local stand-in for Entra ID.
// Starts Monday 23 November 2026, 10:00 London (GMT); the test moves the clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../../src/adapters/slack/action-values.js";
import { createSlackSender } from "../../../src/adapters/slack/slack-app.js";
import { attachTeamsSender, createTeamsSender } from "../../../src/adapters/teams/mount-teams.js";
import type { Practitioner } from "../../../src/domain/types.js";
import type { TeamsSender } from "../../../src/infrastructure/notify/teams-sender.js";
import { FakeEntraId } from "../../support/fake-entra-id.js";
import { FakeSlackApi, type RecordedCall } from "../../support/fake-slack-api.js";
import { FakeTeamsConnector, cardOf, cardText, cardVerbs, type ConnectorCall } from "../../support/fake-teams-connector.js";
import { handleOf, testLogger, waitFor, WorkerWorld } from "./support/harness.js";

const SECRET = "nudges-to-chat-signing-secret";
const TOKEN = "xoxb-nudges-to-chat-not-real";
const slackApi = new FakeSlackApi();
const connector = new FakeTeamsConnector();
const TEAMS_APP = { appId: "5b0f2c1e-7d4a-4e8b-9f3c-2a6d8e1b4c70", appPassword: "nudges-to-chat-app-secret", tenantId: null, appType: "MultiTenant" as const };
const entra = new FakeEntraId({ [TEAMS_APP.appId]: TEAMS_APP.appPassword });
let w: WorkerWorld;
let teams: TeamsSender;

// Slack-only and Teams-only people, so each kind is seen arriving on each platform on its own.
let sam: Practitioner; // lead of case S: Slack only; manager Tess
let tess: Practitioner; // manager: Teams only
let tia: Practitioner; // lead of case T: Teams only; manager Sol
let sol: Practitioner; // manager: Slack only
let hal: Practitioner; // lead of case H who hands over: Teams only; manager Sol
let mia: Practitioner; // opens cases: Slack only; manager Meg
let meg: Practitioner; // manager: Teams only
let ola: Practitioner; // TAF member: Teams only; manager Meg
let cory: Practitioner; // co-ordinator on Slack
let cai: Practitioner; // co-ordinator on Teams
const everyone = () => [sam, tess, tia, sol, hal, mia, meg, ola, cory, cai];

const ACCESS = { slack: "", teams: "" };
interface CaseUnderTest {
  ref: string;
  slack: string;
  teams: string;
}
let caseS: CaseUnderTest; // vote to deadline, review date missing, review reminders, overdue: lead on Slack
let caseT: CaseUnderTest; // the same with the lead on Teams
let caseQ: CaseUnderTest; // nobody leads it: the "no lead professional" prompt
let caseH: CaseUnderTest; // handover
let caseE: CaseUnderTest; // escalation

// ---------------------------------------------------------------------------------------------
// What the fakes received

/** Everything a person reads in a Slack message: the fallback text and every string of its blocks. */
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

/** Slack messages posted to one channel id (a user id: that person's direct message) about `ref`, containing `words`. */
function slackTo(channel: string | null | undefined, ref: string, words: string | RegExp): RecordedCall[] {
  if (!channel) throw new Error("no Slack id");
  return slackApi
    .callsTo("chat.postMessage")
    .filter((c) => c.body.channel === channel)
    .filter((c) => {
      const text = slackText(c);
      return text.includes(ref) && (typeof words === "string" ? text.includes(words) : words.test(text));
    });
}

const personalChat = (p: Practitioner) => `a:personal-${p.id}`;

/** Teams cards sent to one conversation about `ref`, containing `words`. */
function teamsTo(conversationId: string, ref: string, words: string | RegExp): ConnectorCall[] {
  return connector
    .to(conversationId)
    .filter((c) => c.kind === "send" || c.kind === "update")
    .filter((c) => {
      const text = cardText(cardOf(c.activity));
      return text.includes(ref) && (typeof words === "string" ? text.includes(words) : words.test(text));
    });
}

const DECIDED = /is (now )?the lead professional for|appointed/;
const HANDOVER_REMINDER = /Handover reminder|Reminder: the handover of/;

/** waitFor with room for a loaded machine (the whole worker suite on two cores). */
const patient = <T>(what: string, probe: () => Promise<T | false | null | undefined> | T | false | null | undefined) => waitFor(what, probe, 45_000);

const counts = (...lists: readonly unknown[][]) => lists.map((l) => l.length);

// ---------------------------------------------------------------------------------------------

async function teamsChannel(id: string): Promise<void> {
  await w.prisma.conversationReference.create({
    data: {
      platform: "teams",
      scope: "channel",
      scopeId: id,
      reference: {
        channelId: "msteams",
        serviceUrl: connector.url,
        conversation: { id, conversationType: "channel", isGroup: true, tenantId: "tenant-nudges" },
        bot: { id: "28:leadbot", name: "leadbot" },
      },
    },
  });
}

async function teamsPerson(p: Practitioner): Promise<void> {
  await w.prisma.conversationReference.create({
    data: {
      platform: "teams",
      scope: "user",
      scopeId: p.chat.teams!,
      reference: {
        channelId: "msteams",
        serviceUrl: connector.url,
        conversation: { id: personalChat(p), conversationType: "personal", tenantId: "tenant-nudges" },
        bot: { id: "28:leadbot", name: "leadbot" },
        user: { id: `29:${p.id}`, aadObjectId: p.chat.teams! },
      },
    },
  });
}

async function openCase(tag: string): Promise<CaseUnderTest> {
  const c = { ref: w.uniqueRef(), slack: `C-${tag}-${w.token}`.toUpperCase(), teams: `19:${tag}-${w.token}@thread.tacv2` };
  await w.as(mia, { name: "case-open", ref: c.ref, statuses: ["early-help"] }, { channelId: c.slack });
  await w.as(mia, { name: "taf-add", ref: c.ref, person: handleOf(ola) });
  await w.as(ola, { name: "case-link", ref: c.ref }, { platform: "teams", channelId: c.teams });
  await teamsChannel(c.teams);
  return c;
}

beforeAll(async () => {
  await slackApi.start();
  await connector.start();
  await entra.start();
  entra.routeLogin();
  w = await WorkerWorld.create("tochat", {
    start: "2026-11-23T10:00:00Z",
    env: { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slackApi.apiUrl },
    senders: () => {
      const log = testLogger();
      teams = createTeamsSender(TEAMS_APP, log);
      return [createSlackSender({ signingSecret: SECRET, botToken: TOKEN, apiUrl: slackApi.apiUrl }, () => w.prisma, log, "Europe/London"), teams];
    },
  });
  attachTeamsSender(teams, w.services);
  ACCESS.slack = `C-ACCESS-${w.token}`.toUpperCase();
  ACCESS.teams = `19:access-${w.token}@thread.tacv2`;
  await w.settings({ accessTeamChannels: { slack: ACCESS.slack, teams: ACCESS.teams } });
  await teamsChannel(ACCESS.teams);

  tess = await w.practitioner("Tess Manager", ["teams"], { role: "manager" });
  sol = await w.practitioner("Sol Manager", ["slack"], { role: "manager" });
  meg = await w.practitioner("Meg Manager", ["teams"], { role: "manager" });
  cory = await w.practitioner("Cory Coordinator", ["slack"], { role: "manager", duties: { accessTeam: false, coordinator: true, executive: false } });
  cai = await w.practitioner("Cai Coordinator", ["teams"], { role: "manager", duties: { accessTeam: false, coordinator: true, executive: false } });
  sam = await w.practitioner("Sam Slack", ["slack"], { managerId: tess.id });
  tia = await w.practitioner("Tia Teams", ["teams"], { managerId: sol.id });
  hal = await w.practitioner("Hal Handover", ["teams"], { managerId: sol.id });
  mia = await w.practitioner("Mia Member", ["slack"], { managerId: meg.id });
  ola = await w.practitioner("Ola Other", ["teams"], { managerId: meg.id });
  for (const p of everyone()) if (p.chat.teams) await teamsPerson(p);
  await w.startWorker();

  // S and T: the nominee accepts and Mia agrees; Ola never votes, so the vote runs to its deadline.
  caseS = await openCase("case-s");
  caseT = await openCase("case-t");
  for (const [c, lead] of [[caseS, sam], [caseT, tia]] as const) {
    await w.as(mia, { name: "taf-add", ref: c.ref, person: handleOf(lead) });
    await w.as(mia, { name: "propose", ref: c.ref, nominee: handleOf(lead), reason: "Knows the family", family: { kind: "agrees" } });
    await w.as(lead, { name: "vote", ref: c.ref, choice: "accept", reason: "" });
    await w.as(mia, { name: "vote", ref: c.ref, choice: "agree", reason: "" });
  }

  // Q: nobody leads it.
  caseQ = await openCase("case-q");

  // H: Hal is agreed at once (everyone voted), then starts a handover (deadline 10 working days).
  caseH = await openCase("case-h");
  await w.as(mia, { name: "taf-add", ref: caseH.ref, person: handleOf(hal) });
  await w.as(mia, { name: "propose", ref: caseH.ref, nominee: handleOf(hal), reason: "", family: { kind: "agrees" } });
  await w.as(hal, { name: "vote", ref: caseH.ref, choice: "accept", reason: "" });
  await w.as(mia, { name: "vote", ref: caseH.ref, choice: "agree", reason: "" });
  await w.as(ola, { name: "vote", ref: caseH.ref, choice: "agree", reason: "" });
  await w.as(hal, { name: "handover-start", ref: caseH.ref, trigger: "leaving" });

  // E: Sam objects to Ola: level 1 goes to the managers (Meg, Tess), and times out after 5 working days.
  caseE = await openCase("case-e");
  await w.as(mia, { name: "taf-add", ref: caseE.ref, person: handleOf(sam) });
  await w.as(mia, { name: "propose", ref: caseE.ref, nominee: handleOf(ola), reason: "", family: { kind: "not-asked" } });
  await w.as(ola, { name: "vote", ref: caseE.ref, choice: "accept", reason: "" });
  await w.as(mia, { name: "vote", ref: caseE.ref, choice: "agree", reason: "" });
  await w.as(sam, { name: "vote", ref: caseE.ref, choice: "object", reason: "Ola is new to the family" });
}, 90_000);

afterAll(async () => {
  await w?.close();
  await slackApi.stop();
  await connector.stop();
  await entra.stop();
});

describe("scheduled nudges reach chat through the real senders", { timeout: 120_000 }, () => {
  it("closes the votes at their deadline: the decision goes to both case channels and both access team channels", async () => {
    await w.jump("2026-11-25T09:59:00Z");
    await new Promise((r) => setTimeout(r, 300));
    expect(slackTo(caseS.slack, caseS.ref, DECIDED)).toEqual([]);

    await w.jump("2026-11-25T10:00:05Z");
    for (const [c, lead] of [[caseS, sam], [caseT, tia]] as const) {
      const decided = new RegExp(`${lead.name}\\*? (is (now )?the lead professional|appointed)`);
      await patient(`the decision on ${c.ref} in both case channels`, () =>
        slackTo(c.slack, c.ref, decided).length === 1 && teamsTo(c.teams, c.ref, decided).length === 1,
      );
      // The access team's copies come through the digest window: one message may carry both cases.
      await patient(`the access team's decision on ${c.ref}`, () =>
        slackTo(ACCESS.slack, c.ref, decided).length === 1 && teamsTo(ACCESS.teams, c.ref, decided).length === 1,
      );
    }
    const decision = slackTo(caseS.slack, caseS.ref, DECIDED)[0]!;
    expect(slackText(decision)).toContain(`Lead professional agreed · ${caseS.ref}`);
    // Case channels see their own case's decision only.
    expect(slackTo(caseS.slack, caseT.ref, "")).toEqual([]);
    expect(teamsTo(caseT.teams, caseS.ref, "")).toEqual([]);
    const proposals = await w.prisma.proposal.findMany({ where: { case: { reference: { in: [caseS.ref, caseT.ref] } } } });
    expect(proposals.map((p) => p.state)).toEqual(["agreed", "agreed"]);
  });

  it("tells each new lead, on their platform only, and asks them for a review date each working morning", async () => {
    const dateMissing = /review date needed|needs a review date/i;
    await patient("Sam's first request for a review date, in his Slack DM", () => slackTo(sam.chat.slack, caseS.ref, dateMissing).length >= 1);
    await patient("Tia's first request for a review date, in her Teams chat", () => teamsTo(personalChat(tia), caseT.ref, dateMissing).length >= 1);
    expect(slackTo(sam.chat.slack, caseS.ref, "You are now the lead professional")).toHaveLength(1);
    expect(teamsTo(personalChat(tia), caseT.ref, "You are now the lead professional")).toHaveLength(1);
    const asked = () => [
      slackTo(sam.chat.slack, caseS.ref, dateMissing).filter((c) => !slackText(c).includes("You are now")).length,
      teamsTo(personalChat(tia), caseT.ref, dateMissing).filter((c) => !cardText(cardOf(c.activity)).includes("You are now")).length,
    ];
    const first = asked();

    await w.jump("2026-11-26T09:00:05Z");
    await patient("the second date-missing reminder on both platforms", () => {
      const now = asked();
      return now[0] === first[0]! + 1 && now[1] === first[1]! + 1;
    });
    // Nobody else is asked.
    for (const p of [tess, sol, mia, ola]) {
      if (p.chat.slack) expect(slackTo(p.chat.slack, caseS.ref, dateMissing)).toEqual([]);
      if (p.chat.teams) expect(teamsTo(personalChat(p), caseT.ref, dateMissing)).toEqual([]);
    }
  });

  it("prompts the TAF of a case without a lead professional for 5 working days, in both case channels", async () => {
    // Set the review dates now (Thursday 26 November) so the next test's reminders are scheduled.
    await w.as(sam, { name: "review-set", ref: caseS.ref, date: { kind: "iso", date: "2026-12-07" } });
    await w.as(tia, { name: "review-set", ref: caseT.ref, date: { kind: "iso", date: "2026-12-07" } }, { platform: "teams" });

    // Opened Monday 23 November: the prompt is due Monday 30 November at 09:00.
    await w.jump("2026-11-30T09:00:05Z");
    await patient("the prompt in both of Q's case channels", () =>
      slackTo(caseQ.slack, caseQ.ref, "has had no lead professional").length === 1 && teamsTo(caseQ.teams, caseQ.ref, "has had no lead professional").length === 1,
    );
    const prompt = slackTo(caseQ.slack, caseQ.ref, "has had no lead professional")[0]!;
    expect(slackText(prompt)).toContain(`propose ${caseQ.ref}`);
    // Not the cases that have a lead.
    for (const c of [caseS, caseT, caseH]) expect(slackTo(c.slack, c.ref, "has had no lead professional")).toEqual([]);
  });

  it("reminds each lead 5 and 1 working days before the review and on the day, with a Snooze button", async () => {
    const reminders = () => [slackTo(sam.chat.slack, caseS.ref, "Review reminder"), teamsTo(personalChat(tia), caseT.ref, /The review of \S+ is (in \d+ working days?|today)/)];
    // Monday 30 November (already reached): 5 working days before.
    await patient("5-day reminders", () => counts(...reminders()).every((n) => n === 1));
    const [slack5, teams5] = reminders().map((l) => l[0]!);
    expect(slackText(slack5 as RecordedCall)).toMatch(/in 5 working days/);
    expect(cardText(cardOf((teams5 as ConnectorCall).activity))).toContain(`The review of ${caseT.ref} is in 5 working days`);
    expect(slackActionIds(slack5 as RecordedCall)).toEqual([ACTION.snooze]);
    expect(cardVerbs(cardOf((teams5 as ConnectorCall).activity))).toContain("snooze");

    await w.jump("2026-12-04T09:00:05Z");
    await patient("1-day reminders", () => counts(...reminders()).every((n) => n === 2));
    expect(slackText(reminders()[0]![1] as RecordedCall)).toMatch(/in 1 working day\)/);

    await w.jump("2026-12-07T09:00:05Z");
    await patient("reminders on the day", () => counts(...reminders()).every((n) => n === 3));
    expect(cardText(cardOf((reminders()[1]![2] as ConnectorCall).activity))).toContain(`The review of ${caseT.ref} is today`);
    // The reminders are the lead's alone: not their manager, not the case channel.
    expect(teamsTo(personalChat(tess), caseS.ref, /review/i)).toEqual([]);
    expect(slackTo(sol.chat.slack, caseT.ref, /review/i)).toEqual([]);
    expect(slackTo(caseS.slack, caseS.ref, "Review reminder")).toEqual([]);
    expect(teamsTo(caseT.teams, caseT.ref, /The review of/)).toEqual([]);
  });

  it("alerts the lead, their manager and both access team channels when the review is overdue", async () => {
    await w.jump("2026-12-08T09:00:05Z");
    const overdue = /overdue/i;
    await patient("overdue alerts", () =>
      slackTo(sam.chat.slack, caseS.ref, overdue).length === 1 &&
      teamsTo(personalChat(tess), caseS.ref, overdue).length === 1 &&
      teamsTo(personalChat(tia), caseT.ref, overdue).length === 1 &&
      slackTo(sol.chat.slack, caseT.ref, overdue).length === 1 &&
      [caseS, caseT].every((c) => slackTo(ACCESS.slack, c.ref, /overdue/i).length === 1 && teamsTo(ACCESS.teams, c.ref, /overdue/i).length === 1),
    );
    // An overdue alert is not snoozable.
    expect(slackActionIds(slackTo(sam.chat.slack, caseS.ref, overdue)[0]!)).not.toContain(ACTION.snooze);
    // Nobody else hears about it: not the other manager, not the case channels.
    expect(teamsTo(personalChat(meg), caseS.ref, overdue)).toEqual([]);
    expect(slackTo(sol.chat.slack, caseS.ref, overdue)).toEqual([]);
    expect(slackTo(caseS.slack, caseS.ref, overdue)).toEqual([]);
    expect(teamsTo(caseT.teams, caseT.ref, overdue)).toEqual([]);
  });
});

describe("handover and escalation timing reaches chat through the real senders", { timeout: 120_000 }, () => {
  it("reminded the outgoing lead (Teams) and the case channels (Slack and Teams) 3 and 1 working days before the deadline", async () => {
    // Deadline Monday 7 December, 10:00: reminders Wednesday 2 and Friday 4 December (both passed).
    const toHal = () => teamsTo(personalChat(hal), caseH.ref, HANDOVER_REMINDER);
    const inSlack = () => slackTo(caseH.slack, caseH.ref, HANDOVER_REMINDER);
    const inTeams = () => teamsTo(caseH.teams, caseH.ref, HANDOVER_REMINDER);
    await patient("both handover reminders everywhere", () => counts(toHal(), inSlack(), inTeams()).every((n) => n === 2));
    const card = cardOf(toHal()[0]!.activity);
    expect(cardVerbs(card)).toContain("snooze");
    expect(cardText(card)).toContain("Hal Handover");
    expect(slackText(inSlack()[0]!)).toContain(`Handover reminder · ${caseH.ref}`);
    // The manager is not reminded, only alerted once it is missed.
    expect(slackTo(sol.chat.slack, caseH.ref, HANDOVER_REMINDER)).toEqual([]);
    const rows = await w.prisma.deadline.findMany({ where: { kind: "handover_reminder", case: { reference: caseH.ref } }, orderBy: { dueAt: "asc" } });
    expect(rows.map((r) => [r.dueAt.toISOString(), r.state])).toEqual([
      ["2026-12-02T09:00:00.000Z", "done"],
      ["2026-12-04T09:00:00.000Z", "done"],
    ]);
  });

  it("alerted the outgoing lead's manager (Slack) and both access team channels when the handover deadline was missed", async () => {
    const missed = /missed|has passed/i;
    await patient("missed-deadline alerts", () =>
      slackTo(sol.chat.slack, caseH.ref, missed).length === 1 &&
      slackTo(ACCESS.slack, caseH.ref, missed).length === 1 &&
      teamsTo(ACCESS.teams, caseH.ref, missed).length === 1,
    );
    expect(teamsTo(personalChat(hal), caseH.ref, missed)).toEqual([]);
    expect((await w.prisma.case.findUniqueOrThrow({ where: { reference: caseH.ref } })).leadId).toBe(hal.id);
  });

  it("moved the escalation to the co-ordinators after 5 working days, with decision buttons on Slack and Teams", async () => {
    // Level 1 started Monday 23 November about 10:00 and timed out Monday 30 November at 10:00 (passed).
    // The escalation itself, not the daily "Reminder: the escalation on … is waiting" texts.
    const level2 = /Escalation(: | on \S+ \()level 2, early help co-ordinator/;
    await patient("level 2 alerts", () =>
      slackTo(cory.chat.slack, caseE.ref, level2).length === 1 &&
      teamsTo(personalChat(cai), caseE.ref, level2).length === 1 &&
      slackTo(caseE.slack, caseE.ref, level2).length >= 1 &&
      slackTo(ACCESS.slack, caseE.ref, level2).length >= 1 &&
      teamsTo(ACCESS.teams, caseE.ref, level2).length >= 1,
    );
    const slackAlert = slackTo(cory.chat.slack, caseE.ref, level2)[0]!;
    expect(slackAlert.body.channel).toBe(cory.chat.slack);
    expect(slackActionIds(slackAlert)).toEqual(expect.arrayContaining([ACTION.appoint, ACTION.return, ACTION.acknowledge]));
    const card = cardOf(teamsTo(personalChat(cai), caseE.ref, level2)[0]!.activity)!;
    expect(card.version).toMatch(/^1\.[4-9]/);
    expect(cardVerbs(card)).toEqual(expect.arrayContaining(["resolve-appoint", "resolve-return", "ack"]));
    // The level 1 deciders (the managers of everyone involved) had theirs in their own chats.
    for (const manager of [meg, tess]) expect(teamsTo(personalChat(manager), caseE.ref, "Escalation: level 1, line managers")).toHaveLength(1);
    const e = await w.prisma.escalation.findFirstOrThrow({ where: { case: { reference: caseE.ref } } });
    expect(e.level).toBe(2);
  });

  it("delivered every outbox entry, each destination once", async () => {
    await patient("outbox drained", async () => (await w.prisma.outboxEntry.count({ where: { deliveredAt: null } })) === 0);
    expect(await w.prisma.outboxEntry.count({ where: { failedAt: { not: null } } })).toBe(0);
    expect(await w.prisma.nudgeDelivery.count({ where: { OR: [{ status: { not: "sent" } }, { attempts: { not: 1 } }] } })).toBe(0);
    const sends = slackApi.callsTo("chat.postMessage").length + slackApi.callsTo("chat.update").length + connector.calls.filter((c) => c.kind === "send" || c.kind === "update").length;
    expect(await w.prisma.nudgeDelivery.count({})).toBe(sends);
  });
});

describe("Teams nudges are sent with credentials", () => {
  it("every proactive post carried a bearer token the fake Entra ID issued for the bot", () => {
    const posts = connector.calls.filter((c) => c.kind === "send" || c.kind === "update");
    expect(posts.length).toBeGreaterThan(0);
    const issued = new Set(entra.issued);
    for (const call of posts) expect(issued.has((call.authorization ?? "").replace(/^Bearer /, "")), `${call.kind} to ${call.conversationId}`).toBe(true);
    expect(entra.requests.every((r) => r.tenant === "botframework.com" && r.clientId === TEAMS_APP.appId && r.secretOk)).toBe(true);
  });
});
