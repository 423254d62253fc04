// One case, two platforms, one HTTP server: Slack (/slack/events, signed requests, a fake Slack
// Web API) and Teams (/api/messages, Bot Framework activities, a fake connector) mounted side by
// side on the same Express app, with one set of services delivering through both senders.
// Teams runs with credentials, as it must beside Slack: activities are signed by a local stand-in
// for the Bot Framework and the bot's tokens come from a local stand-in for Entra ID.
// The case has a Slack channel and a Teams channel; one Slack member votes by clicking the Block
// Kit button, two Teams members vote with Action.Execute invokes, and the nominee accepts from
// Slack. The decision reaches both case channels and both access team channels exactly once.
import { randomBytes, randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTeamsSender, mountTeams } from "../../src/adapters/teams/mount-teams.js";
import { loadConfig } from "../../src/config/env.js";
import type { Practitioner } from "../../src/domain/types.js";
import { makePractitioner, testDatabaseUrl, uniqueReference } from "../support/database.js";
import { FakeBotFrameworkIdentity } from "../support/fake-bot-framework-identity.js";
import { FakeEntraId } from "../support/fake-entra-id.js";
import type { RecordedCall } from "../support/fake-slack-api.js";
import { cardOf, cardText, cardVerbs, FakeTeamsConnector } from "../support/fake-teams-connector.js";
import { allText, findButton, SlackHarness, slackChannelId } from "./slack/slack-harness.js";
import { register, seedAccessTeam, type StaffMember } from "./slack/slack-staff.js";
import {
  ActivityFactory,
  BOT,
  cardsSentTo,
  invokeCardOf,
  personalChat,
  settle,
  teamChannel,
  teamsUser,
  type Conversation,
  type Harness,
  type TeamsUser,
} from "./teams/teams-harness.js";

const t = randomBytes(3).toString("hex");
const slack = new SlackHarness();
const connector = new FakeTeamsConnector();
const APP_ID = randomUUID();
const APP_SECRET = `secret-${t}`;
const identity = new FakeBotFrameworkIdentity(APP_ID);
const entra = new FakeEntraId({ [APP_ID]: APP_SECRET });
let make: ActivityFactory;
/** The Teams half of the one server, shaped like the Teams harness so its helpers apply. */
let teams: Harness;

const SLACK_ACCESS = slackChannelId();
const slackCase = slackChannelId();
const teamsAccess = teamChannel();
const teamsCase = teamChannel();
const ada = teamsUser("Ada Access");
const hana = teamsUser("Hana Health");
const tom = teamsUser("Tom Teacher");
const chats = new Map<TeamsUser, Conversation>([ada, hana, tom].map((u) => [u, personalChat()]));
const people = {} as Record<"ada" | "hana" | "tom", Practitioner>;
let slackAdmin: StaffMember;
let sam: StaffMember;
let nia: StaffMember;

async function postActivity(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${slack.base}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: identity.authorization(activity) },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // a plain-text body stays as it is
  }
  return { status: res.status, body };
}

/** A Teams message; returns the text of the one card the bot replied with. */
async function say(user: TeamsUser, conversation: Conversation, text: string): Promise<string> {
  const mark = connector.mark();
  const res = await postActivity(make.message(user, conversation, text));
  expect(res.status).toBe(200);
  // The reply is sent within the turn; the command's other messages follow it.
  await settle(slack.services);
  const replies = connector.since(mark).filter((c) => c.kind === "reply" && c.conversationId.startsWith(conversation.id));
  expect(replies, `a reply to "${text}"`).toHaveLength(1);
  return cardText(cardOf(replies[0]!.activity));
}

const postsTo = (channel: string, blockId: string) =>
  slack.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel && (c.body.blocks as Array<{ block_id?: string }> | undefined)?.[0]?.block_id === blockId);
const updatesOf = (card: RecordedCall) => slack.fake.callsTo("chat.update").filter((c) => c.body.ts === card.response?.ts);

beforeAll(async () => {
  const serviceUrl = await connector.start();
  await identity.start();
  await entra.start();
  entra.routeLogin();
  make = new ActivityFactory(serviceUrl);
  const teamsLogs: string[] = [];
  const teamsLogger = pino(
    { level: "info" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        teamsLogs.push(chunk.toString("utf8"));
        done();
      },
    }),
  );
  // Beside Slack, Teams needs credentials: there is no unauthenticated emulator mode next to it.
  const teamsEnv = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: APP_SECRET, ...identity.env() };
  const teamsConfig = loadConfig({ DATABASE_URL: testDatabaseUrl(), ...teamsEnv }).teams;
  const teamsSender = createTeamsSender(teamsConfig, teamsLogger);
  await slack.start({
    env: { NODE_ENV: "test", ...teamsEnv },
    senders: [teamsSender],
    mount: (express, services, logger) => void mountTeams(express, services, teamsConfig, logger, teamsSender),
  });
  teams = {
    connector,
    services: slack.services,
    logs: teamsLogs,
    base: slack.base,
    serviceUrl,
    post: (activity) => postActivity(activity),
    delivered: () => settle(slack.services),
    close: async () => undefined,
  };

  // Slack staff: the access team member is seeded, everyone else registered over signed HTTP.
  slackAdmin = await seedAccessTeam(slack);
  await slack.ok(slackAdmin, SLACK_ACCESS, "access channel");
  sam = await register(slack, slackAdmin, SLACK_ACCESS, "Sam Social", "social-worker");
  nia = await register(slack, slackAdmin, SLACK_ACCESS, "Nia Nurse", "school-nurse");

  // Teams staff: registered in the database, with the bot installed in their personal chats.
  people.ada = makePractitioner({ handle: `ada.${t}`, name: "Ada Access", role: "manager", duties: { accessTeam: true, coordinator: false, executive: false }, chat: { teams: ada.aad } });
  people.hana = makePractitioner({ handle: `hana.${t}`, name: "Hana Health", role: "health-visitor", agency: "Health Visiting", chat: { teams: hana.aad } });
  people.tom = makePractitioner({ handle: `tom.${t}`, name: "Tom Teacher", role: "teacher", agency: "Oak Primary School", chat: { teams: tom.aad } });
  for (const p of Object.values(people)) await slack.services.uow.run((r) => r.practitioners.create(p));
  for (const u of [ada, hana, tom]) {
    expect((await postActivity(make.membersAdded(u, chats.get(u)!, [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
  }
  expect(await say(ada, teamsAccess, "access channel")).toContain("access team channel on teams");
});

afterAll(async () => {
  await slack.stop();
  await connector.stop();
  await entra.stop();
  await identity.stop();
});

describe("one server, both platforms: propose → vote → decision", () => {
  const ref = uniqueReference();
  let slackCard: RecordedCall;
  let teamsCardId = "";
  let proposalId = "";

  it("opens the case from Teams, builds a TAF across platforms, and links a Slack channel too", async () => {
    expect(await say(hana, teamsCase, `case open ${ref} --status early-help`)).toContain(ref);
    for (const handle of [people.tom.handle, sam.handle, nia.handle]) {
      expect(await say(hana, teamsCase, `taf add ${ref} @${handle}`)).not.toMatch(/couldn't|not registered/);
    }
    const linked = await slack.ok(sam, slackCase, `case link ${ref}`);
    expect(String(linked.text)).toContain(`This channel is now the slack channel for ${ref}`);
    const c = await slack.services.uow.run((r) => r.cases.getByReference(ref));
    expect(c?.channels).toEqual({ teams: teamsCase.id, slack: slackCase });
    expect(await slack.services.uow.run((r) => r.taf.members(c!.id))).toHaveLength(4);
  });

  it("posts the proposal card in both case channels", async () => {
    const mark = connector.mark();
    expect(await say(hana, teamsCase, `propose ${ref} @${nia.handle} she sees the child at school every day --family agrees`)).toContain("Proposal posted: Nia Nurse");

    const teamsPosted = connector.since(mark).find((c) => c.kind === "send" && c.conversationId === teamsCase.id && cardOf(c.activity)?.refresh !== undefined);
    expect(teamsPosted).toBeDefined();
    const card = cardOf(teamsPosted!.activity)!;
    const refresh = card.refresh as { action: { data: { proposalId: string } }; userIds: string[] };
    expect(refresh.userIds.sort()).toEqual([hana.mri, tom.mri].sort());
    expect(cardText(card)).toContain("Lead professional proposal: Nia Nurse");
    proposalId = refresh.action.data.proposalId;
    teamsCardId = teamsPosted!.resultId!;

    slackCard = await slack.fake.waitFor(() => postsTo(slackCase, "lead.proposal").find((c) => allText(c.body).includes(ref)));
    expect(allText(slackCard.body)).toContain("Nia Nurse");
    expect(() => findButton(slackCard.body.blocks, "lead.vote.agree")).not.toThrow();
  });

  it("counts a Slack click and two Teams invokes in one tally, shown on both cards", async () => {
    // Sam clicks Agree on the Slack card, over signed HTTP.
    const mark = connector.mark();
    const clicked = await slack.click(sam, findButton(slackCard.body.blocks, "lead.vote.agree"), { channel: slackCase, messageTs: slackCard.response?.ts as string });
    expect(clicked.status).toBe(200);
    const reply = await slack.fake.waitFor(() => slack.fake.responses(clicked.responseId)[0]);
    expect(String(reply.body.text)).toContain("Your vote (agree) is recorded");
    const slackUpdate = await slack.fake.waitFor(() => updatesOf(slackCard).at(-1));
    expect(slackUpdate.body.channel).toBe(slackCase);
    expect(allText(slackUpdate.body)).toContain(":white_check_mark: 1 agree");
    const teamsUpdate = await waitForConnector(() => connector.since(mark).find((c) => c.kind === "update" && c.activityId === teamsCardId));
    expect(cardText(cardOf(teamsUpdate.activity))).toContain("Agree 1 · Object 0 · Abstain 0 · Not voted 3");

    // Hana and Tom press Agree on the Teams card (Action.Execute).
    let agreed = 1;
    for (const voter of [hana, tom]) {
      const before = connector.mark();
      const updatesBefore = updatesOf(slackCard).length;
      const answer = invokeCardOf(await postActivity(make.invoke(voter, teamsCase, "vote-agree", { verb: "vote-agree", ref, proposalId })));
      // The invoke answers first; the shared cards on both platforms are updated after it.
      await settle(slack.services);
      agreed++;
      expect(cardText(answer.card)).toContain(`Your vote (agree) is recorded for ${ref}.`);
      expect(cardText(answer.card)).toContain(`Agree ${agreed} · Object 0 · Abstain 0 · Not voted ${4 - agreed}`);
      const refreshed = connector.since(before).filter((c) => c.kind === "update" && c.activityId === teamsCardId);
      expect(refreshed).toHaveLength(1);
      expect(cardText(cardOf(refreshed[0]!.activity))).toContain(`Agree ${agreed} ·`);
      const slackUpdated = await slack.fake.waitFor(() => (updatesOf(slackCard).length > updatesBefore ? updatesOf(slackCard).at(-1) : null));
      expect(allText(slackUpdated.body)).toContain(`:white_check_mark: ${agreed} agree`);
    }
  });

  it("the nominee accepts from Slack: one decision in each case channel and each access team channel", async () => {
    const mark = connector.mark();
    const slackSeq = slack.fake.calls.at(-1)!.seq;
    const clicked = await slack.click(nia, findButton(slackCard.body.blocks, "lead.vote.accept"), { channel: slackCase, messageTs: slackCard.response?.ts as string });
    expect(clicked.status).toBe(200);
    const reply = await slack.fake.waitFor(() => slack.fake.responses(clicked.responseId)[0]);
    expect(String(reply.body.text)).toContain(`You accepted the nomination for ${ref}`);

    // The Slack card is closed in place, without buttons; the Teams card too.
    const closed = await slack.fake.waitFor(() => updatesOf(slackCard).find((u) => allText(u.body).includes("Vote closed")));
    expect(allText(closed.body)).toContain("Agreed");
    expect((closed.body.blocks as Array<{ type: string }>).some((b) => b.type === "actions")).toBe(false);
    const teamsClosed = await waitForConnector(() =>
      connector.since(mark).filter((c) => c.kind === "update" && c.activityId === teamsCardId).find((c) => /closed|agreed/i.test(cardText(cardOf(c.activity)))),
    );
    expect(cardVerbs(cardOf(teamsClosed.activity))).toEqual([]);

    // One decision per destination, each naming the new lead.
    for (const where of [slackCase, SLACK_ACCESS]) {
      const decision = await slack.fake.waitFor(() => postsTo(where, "lead.decision").find((c) => c.seq > slackSeq && allText(c.body).includes(ref)));
      expect(allText(decision.body)).toContain("Nia Nurse");
    }
    for (const where of [teamsCase, teamsAccess]) {
      await waitForConnector(() => cardsSentTo(teams, where.id, mark).find((c) => cardText(c).includes(`Nia Nurse is the lead professional for ${ref}`)));
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const where of [slackCase, SLACK_ACCESS]) {
      expect(postsTo(where, "lead.decision").filter((c) => c.seq > slackSeq && allText(c.body).includes(ref))).toHaveLength(1);
    }
    for (const where of [teamsCase, teamsAccess]) {
      expect(cardsSentTo(teams, where.id, mark).filter((c) => cardText(c).includes(`Nia Nurse is the lead professional for ${ref}`))).toHaveLength(1);
    }

    // The database: one proposal, agreed, with three agree votes (one Slack, two Teams) and the
    // acceptance, which is stored as the nominee's own agree vote.
    const proposals = await slack.prisma.proposal.findMany({ where: { case: { reference: ref } }, include: { votes: { include: { voter: true } } } });
    expect(proposals).toHaveLength(1);
    expect(proposals[0]!.state).toBe("agreed");
    const votes = proposals[0]!.votes.map((v) => [v.voter.handle, v.choice, v.platform]).sort();
    expect(votes).toEqual(
      [
        [sam.handle, "agree", "slack"],
        [people.hana.handle, "agree", "teams"],
        [people.tom.handle, "agree", "teams"],
        [nia.handle, "agree", "slack"],
      ].sort(),
    );
    const c = await slack.services.uow.run((r) => r.cases.getByReference(ref));
    const niaRow = await slack.services.uow.run((r) => r.practitioners.findByChatId("slack", nia.id));
    expect(proposals[0]!.nomineeId).toBe(niaRow!.id);
    expect(c?.leadId).toBe(niaRow!.id);
  });
});

async function waitForConnector<T>(find: () => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error("the fake connector never received the expected call");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("Teams beside Slack is authenticated both ways", () => {
  it("every call the bot made to the Teams connector carried a token the fake Entra ID issued", () => {
    expect(connector.calls.length).toBeGreaterThan(0);
    const issued = new Set(entra.issued);
    for (const call of connector.calls) expect(issued.has((call.authorization ?? "").replace(/^Bearer /, ""))).toBe(true);
  });

  it("refuses an unsigned activity with 401, and audits it", async () => {
    const refused = () => slack.prisma.auditEvent.count({ where: { action: "request.rejected", platform: "teams" } });
    const before = await refused();
    const res = await fetch(`${slack.base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(make.message(ada, chats.get(ada)!, "whoami")) });
    expect(res.status).toBe(401);
    // The audit row is written after the answer: wait for it (and so before the database closes).
    for (let i = 0; i < 100 && (await refused()) === before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await refused()).toBe(before + 1);
  });
});
