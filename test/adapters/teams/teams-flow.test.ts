// The Teams adapter end to end: real Bot Framework activities POSTed to /api/messages (local
// emulator mode), the real services on the run's Postgres, and a fake connector recording what
// Teams would have received. Fictional staff only; cases are known by reference alone.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Practitioner } from "../../../src/domain/types.js";
import { cardOf, cardText, cardVerbs } from "../../support/fake-teams-connector.js";
import { createTestRepos, makeCase, makePractitioner, uniqueReference, type TestDatabase } from "../../support/database.js";
import {
  ActivityFactory,
  BOT,
  cardsSentTo,
  invokeCardOf,
  personalChat,
  startHarness,
  teamChannel,
  teamsUser,
  type Conversation,
  type Harness,
  type TeamsUser,
} from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;

const t = randomBytes(3).toString("hex");
const ada = teamsUser("Ada Access");
const meg = teamsUser("Meg Manager");
const hana = teamsUser("Hana Health");
const tom = teamsUser("Tom Teacher");
const chats = new Map<TeamsUser, Conversation>([ada, meg, hana, tom].map((u) => [u, personalChat()]));
const chat = (u: TeamsUser) => chats.get(u)!;
const samSlackId = `U${randomBytes(4).toString("hex").toUpperCase()}`;
const accessChannel = teamChannel();
const people: Record<"ada" | "meg" | "hana" | "sam", Practitioner> = {} as never;
let tomId = "";

/** Sends a message and returns the text of the card the bot answered with. */
async function say(user: TeamsUser | null, conversation: Conversation, text: string, mentions: TeamsUser[] = [], options: { withAad?: boolean } = {}) {
  const mark = h.connector.mark();
  const res = await h.post(make.message(user, conversation, text, mentions, options));
  expect(res.status).toBe(200);
  // The reply is sent within the turn; the command's other messages follow it.
  await h.delivered();
  const replies = h.connector.since(mark).filter((c) => c.kind === "reply" && c.conversationId.startsWith(conversation.id));
  expect(replies, `a reply to "${text}"`).toHaveLength(1);
  return cardText(cardOf(replies[0]!.activity));
}

/** Presses a card button; returns the invoke's answer once the command's other messages are delivered too. */
async function press(user: TeamsUser | null, conversation: Conversation, verb: string, data: Record<string, unknown>) {
  const answer = invokeCardOf(await h.post(make.invoke(user, conversation, verb, { verb, ...data })));
  await h.delivered();
  return answer;
}

async function votesOn(proposalId: string) {
  return db.prisma.vote.findMany({ where: { proposalId }, orderBy: { at: "asc" } });
}

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  people.ada = makePractitioner({ handle: `ada.${t}`, name: "Ada Access", role: "manager", duties: { accessTeam: true, coordinator: false, executive: false }, chat: { teams: ada.aad } });
  people.meg = makePractitioner({ handle: `meg.${t}`, name: "Meg Manager", role: "manager", chat: { teams: meg.aad } });
  people.hana = makePractitioner({ handle: `hana.${t}`, name: "Hana Health", role: "health-visitor", agency: "Health Visiting", managerId: people.meg.id, chat: { teams: hana.aad } });
  people.sam = makePractitioner({ handle: `sam.${t}`, name: "Sam Social", role: "social-worker", agency: "Children's Social Care", managerId: people.meg.id, chat: { slack: samSlackId } });
  for (const p of [people.ada, people.meg, people.hana, people.sam]) await db.repos.practitioners.create(p);
  // Everyone on Teams installs the bot in personal scope.
  for (const u of [ada, meg, hana, tom]) {
    const res = await h.post(make.membersAdded(u, chat(u), [{ id: BOT.id, name: BOT.name }]));
    expect(res.status).toBe(200);
  }
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

describe("Teams: start-up, installation and conversation references", () => {
  it("says at start-up that it runs in local emulator mode", () => {
    expect(h.logs.some((line) => line.includes("local emulator mode"))).toBe(true);
  });

  it("saves the personal-chat reference and the Teams id of whoever installs the bot, and says hello", async () => {
    const row = await db.prisma.conversationReference.findUnique({
      where: { platform_scope_scopeId: { platform: "teams", scope: "user", scopeId: tom.aad } },
    });
    const reference = row?.reference as { conversation: { id: string }; serviceUrl: string; user: { id: string } };
    expect(reference.conversation.id).toBe(chat(tom).id);
    expect(reference.serviceUrl).toBe(h.serviceUrl);
    expect(reference.user.id).toBe(tom.mri);
    const member = await db.prisma.conversationReference.findUnique({
      where: { platform_scope_scopeId: { platform: "teams", scope: "member", scopeId: tom.aad } },
    });
    expect(member?.reference).toEqual({ id: tom.mri, aadObjectId: tom.aad });
    expect(cardsSentTo(h, chat(tom).id).map(cardText).join("\n")).toContain("Hello, I'm leadbot");
  });

  it("saves the channel reference when the bot is added to a team, and the people who join", async () => {
    const channel = teamChannel();
    const newcomer = teamsUser("Nia Newcomer");
    await h.post(make.membersAdded(hana, channel, [{ id: BOT.id, name: BOT.name }]));
    await h.post(make.membersAdded(hana, channel, [{ id: newcomer.mri, aadObjectId: newcomer.aad, name: newcomer.name }]));
    const rows = await db.prisma.conversationReference.findMany({
      where: { platform: "teams", OR: [{ scope: "channel", scopeId: channel.id }, { scope: "member", scopeId: newcomer.aad }] },
    });
    expect(rows.map((r) => r.scope).sort()).toEqual(["channel", "member"]);
    const reference = rows.find((r) => r.scope === "channel")!.reference as { conversation: { id: string }; user?: unknown };
    expect(reference.conversation.id).toBe(channel.id);
    expect(reference.user).toBeUndefined();
    expect(cardsSentTo(h, channel.id).map(cardText).join("\n")).toContain("Mention me with a command");
  });

  it("delivers alerts proactively to a person's personal chat, and says when someone has not installed the bot", async () => {
    const mark = h.connector.mark();
    await h.services.notifier.send({ to: { kind: "practitioner", practitionerId: people.meg.id }, view: { type: "text", tone: "warning", caseRef: null, text: "A test alert." } });
    expect(cardsSentTo(h, chat(meg).id, mark).map(cardText).join("\n")).toContain("A test alert.");

    const stranger = makePractitioner({ handle: `stranger.${t}`, chat: { teams: randomUUID() } });
    await db.repos.practitioners.create(stranger);
    const failure = await h.services.notifier
      .send({ to: { kind: "practitioner", practitionerId: stranger.id }, view: { type: "text", tone: "info", caseRef: null, text: "Hello?" } })
      .then(() => null, (error: unknown) => error);
    expect(failure).toBeInstanceOf(AggregateError);
    expect(String((failure as AggregateError).errors[0])).toMatch(/must install the bot/);
  });

  it("updates a keyed message in place instead of posting it twice", async () => {
    const channel = teamChannel();
    const key = `test-key-${t}`;
    const c = makeCase({ channels: { teams: channel.id } });
    await db.repos.cases.create(c);
    await h.post(make.message(hana, channel, "whoami")); // the bot learns the channel's reference
    const mark = h.connector.mark();
    const to = { kind: "case-channel" as const, caseId: c.id };
    await h.services.notifier.send({ to, view: { type: "text", tone: "info", caseRef: c.reference, text: "first" }, messageKey: key });
    await h.services.notifier.send({ to, view: { type: "text", tone: "info", caseRef: c.reference, text: "second" }, messageKey: key });
    const calls = h.connector.since(mark).filter((call) => call.conversationId === channel.id);
    expect(calls.map((call) => call.kind)).toEqual(["send", "update"]);
    expect(calls[1]!.activityId).toBe(calls[0]!.resultId);
    expect(cardText(cardOf(calls[1]!.activity))).toContain("second");
  });
});

describe("Teams: the same commands as Slack", () => {
  it("whoami tells an unregistered person their AAD id; the access team registers them by @mention", async () => {
    expect(await say(tom, chat(tom), "whoami")).toContain(`not registered yet (teams id ${tom.aad})`);

    // Teams often sends a mention without the AAD id: the bot knows tom's from his installation.
    const registered = await say(
      ada,
      chat(ada),
      `practitioner add <at>${tom.name}</at> --handle tom.${t} --name "Tom Teacher" --role teacher --agency "Oak Primary School" --manager @meg.${t} --dbs 2024-01-10 --qualified 2015-07-01`,
      [tom],
      { withAad: false },
    );
    expect(registered).toContain("Registered Tom Teacher");
    const found = await db.repos.practitioners.findByChatId("teams", tom.aad);
    expect(found?.handle).toBe(`tom.${t}`);
    expect(found?.managerId).toBe(people.meg.id);
    tomId = found!.id;

    const me = await say(tom, chat(tom), "lead whoami");
    expect(me).toContain(`Tom Teacher (@tom.${t}), teacher, Oak Primary School.`);
    expect(me).toContain("Line manager: Meg Manager");
  });

  it("runs a message Teams delivers twice only once", async () => {
    const channel = teamChannel();
    const ref = uniqueReference();
    const activity = make.message(hana, channel, `case open ${ref} --status early-help`);
    const mark = h.connector.mark();
    const [first, second] = await Promise.all([h.post(activity), h.post(activity)]);
    await h.delivered();
    expect([first.status, second.status]).toEqual([200, 200]);
    const replies = h.connector.since(mark).filter((c) => c.kind === "reply" && c.conversationId === channel.id);
    expect(replies).toHaveLength(1);
    expect(cardText(cardOf(replies[0]!.activity))).toContain(ref);
    expect(await db.prisma.case.count({ where: { reference: ref } })).toBe(1);
  });

  it("answers help, and an empty mention, with the command list; a typo with the usage", async () => {
    const channel = teamChannel();
    expect(await say(hana, channel, "")).toContain("propose <ref> @who");
    expect(await say(hana, chat(hana), "help vote")).toContain("vote <ref> agree|object <reason>|abstain|accept|decline");
    const typo = await say(hana, chat(hana), "case stauts EH-2026-0001");
    expect(typo).toMatch(/case status <ref>/);
  });
});

describe("Teams: propose → vote → decision, with one Slack voter and two Teams voters", () => {
  const ref = uniqueReference();
  const caseChannel = teamChannel();
  let proposalId = "";
  let proposalMessageId = "";

  it("opens the case in a channel, builds the TAF across platforms and binds the access team channel", async () => {
    expect(await say(hana, caseChannel, `case open ${ref} --status early-help`)).toContain(ref);
    const c = await db.repos.cases.getByReference(ref);
    expect(c?.channels.teams).toBe(caseChannel.id);
    expect(await say(hana, caseChannel, `taf add ${ref} <at>${tom.name}</at>`, [tom])).toContain("Tom Teacher");
    expect(await say(hana, caseChannel, `taf add ${ref} @sam.${t}`)).toContain("Sam Social");
    expect(await say(ada, accessChannel, "access channel")).toContain("access team channel on teams");
    expect(await db.repos.taf.members(c!.id)).toEqual(expect.arrayContaining([people.hana.id, people.sam.id, tomId]));
  });

  it("posts the proposal card in the case channel with a refresh for the TAF's Teams users, and tells the nominee", async () => {
    const mark = h.connector.mark();
    const reply = await say(hana, caseChannel, `propose ${ref} <at>${tom.name}</at> sees the family every day --family agrees`, [tom]);
    expect(reply).toContain("Proposal posted: Tom Teacher");

    const posted = h.connector.since(mark).filter((c) => c.kind === "send" && c.conversationId === caseChannel.id);
    const proposalCall = posted.find((c) => (cardOf(c.activity)?.refresh as { action?: { verb?: string } } | undefined)?.action?.verb === "refresh");
    expect(proposalCall).toBeDefined();
    const card = cardOf(proposalCall!.activity)!;
    const refresh = card.refresh as { action: { data: { proposalId: string } }; userIds: string[] };
    expect(refresh.userIds.sort()).toEqual([hana.mri, tom.mri].sort()); // sam votes on Slack
    expect(cardVerbs(card).sort()).toEqual(["vote-abstain", "vote-agree", "vote-object"]);
    expect(cardText(card)).toContain("Lead professional proposal: Tom Teacher");
    proposalId = refresh.action.data.proposalId;
    proposalMessageId = proposalCall!.resultId!;

    const stored = await db.prisma.chatMessage.findUnique({ where: { messageKey_platform: { messageKey: `proposal-${proposalId}@${caseChannel.id}`, platform: "teams" } } });
    expect(stored).toMatchObject({ channelId: caseChannel.id, messageId: proposalMessageId });
    expect(cardsSentTo(h, chat(tom).id, mark).map(cardText).join("\n")).toContain("has proposed you as lead professional");
  });

  it("refreshes the card into each person's own view: the nominee accepts or declines, members vote, others watch", async () => {
    const data = { view: "proposal", ref, proposalId };
    expect(cardVerbs((await press(tom, caseChannel, "refresh", data)).card).sort()).toEqual(["vote-accept", "vote-decline"]);
    // Hana proposed it, so her view also has Remind for those still to vote [issue 16 item 4].
    expect(cardVerbs((await press(hana, caseChannel, "refresh", data)).card).sort()).toEqual(["remind", "vote-abstain", "vote-agree", "vote-object"]);
    const outsider = await press(meg, caseChannel, "refresh", data);
    expect(cardVerbs(outsider.card)).toEqual([]);
    expect(cardText(outsider.card)).toContain(`Only the TAF for ${ref} votes`);
  });

  it("counts the nominee's acceptance from Teams and updates the shared card in place", async () => {
    const mark = h.connector.mark();
    const answer = await press(tom, caseChannel, "vote-accept", { ref, proposalId });
    expect(cardText(answer.card)).toContain(`You accepted the nomination for ${ref}.`);
    expect(cardText(answer.card)).toContain("Agree 1 · Object 0 · Abstain 0 · Not voted 2");
    // Answered: Accept and Decline are gone from the nominee's view (typed `vote … decline` still changes it).
    expect(cardVerbs(answer.card)).toEqual([]);
    const updates = h.connector.since(mark).filter((c) => c.kind === "update" && c.conversationId === caseChannel.id);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.activityId).toBe(proposalMessageId);
    expect(cardText(cardOf(updates[0]!.activity))).toContain("Agree 1");
  });

  it("counts a Slack vote in the same tally", async () => {
    const mark = h.connector.mark();
    const view = await h.services.runner.run(
      { platform: "slack", userId: samSlackId, channelId: "C0SLACKCASE", requestId: null },
      { name: "vote", ref, choice: "agree", reason: "" },
    );
    expect(view).toMatchObject({ type: "text", tone: "success" });
    const update = h.connector.since(mark).find((c) => c.kind === "update" && c.activityId === proposalMessageId);
    expect(cardText(cardOf(update!.activity))).toContain("Agree 2 · Object 0 · Abstain 0 · Not voted 1");
  });

  it("asks for a reason to object and changes nothing without one", async () => {
    const answer = await press(hana, caseChannel, "vote-object", { ref, proposalId, objectReason: "  " });
    expect(cardText(answer.card)).toContain("An objection needs a reason");
    expect(cardVerbs(answer.card).sort()).toEqual(["remind", "vote-abstain", "vote-agree", "vote-object"]);
    expect(await votesOn(proposalId)).toHaveLength(2);
  });

  it("closes the vote with the last Teams vote: the nominee becomes lead and everyone is told", async () => {
    // The settings row is shared by every test file of the run: bind the channel again right before.
    expect(await say(ada, accessChannel, "access channel")).toContain("access team channel on teams");
    const mark = h.connector.mark();
    const answer = await press(hana, caseChannel, "vote-agree", { ref, proposalId });
    expect(cardText(answer.card)).toContain("Vote closed: agreed");
    expect(cardText(answer.card)).toContain(`Your vote (agree) is recorded for ${ref}.`);
    expect(cardVerbs(answer.card)).toEqual([]);
    expect(answer.card.refresh).toBeUndefined();

    const calls = h.connector.since(mark);
    const closed = calls.find((c) => c.kind === "update" && c.activityId === proposalMessageId);
    expect(cardText(cardOf(closed!.activity))).toContain("Vote closed: agreed");
    const headline = `Tom Teacher is the lead professional for ${ref}`;
    expect(cardsSentTo(h, caseChannel.id, mark).map(cardText).join("\n")).toContain(headline);
    expect(cardsSentTo(h, accessChannel.id, mark).map(cardText).join("\n")).toContain(headline);
    expect(cardsSentTo(h, chat(tom).id, mark).map(cardText).join("\n")).toContain(`You are now the lead professional for ${ref}.`);

    const c = await db.repos.cases.getByReference(ref);
    expect(c?.leadId).toBe(tomId);
    const votes = await votesOn(proposalId);
    expect(votes.map((v) => [v.voterId, v.choice, v.platform]).sort()).toEqual(
      [
        [tomId, "agree", "teams"],
        [people.sam.id, "agree", "slack"],
        [people.hana.id, "agree", "teams"],
      ].sort(),
    );
  });
});

describe("Teams: disagreement, escalation and a decision from the card", () => {
  const ref = uniqueReference();
  const caseChannel = teamChannel();
  let proposalId = "";
  let escalationId = "";

  it("escalates to the line manager when the nominee declines on the card", async () => {
    await say(hana, caseChannel, `case open ${ref} --status early-help`);
    await say(hana, caseChannel, `taf add ${ref} <at>${tom.name}</at>`, [tom]);
    const mark = h.connector.mark();
    await say(hana, caseChannel, `propose ${ref} @tom.${t} knows the school`);
    const proposalCard = cardsSentTo(h, caseChannel.id, mark).find((c) => c.refresh !== undefined)!;
    proposalId = (proposalCard.refresh as { action: { data: { proposalId: string } } }).action.data.proposalId;

    const declined = await press(tom, caseChannel, "vote-decline", { ref, proposalId, declineReason: "I am leaving at Christmas." });
    expect(cardText(declined.card)).toContain(`You declined the nomination for ${ref}.`);
    expect(cardText(declined.card)).toContain("Tom Teacher: declined — I am leaving at Christmas.");

    const beforeLast = h.connector.mark();
    await press(hana, caseChannel, "vote-agree", { ref, proposalId });
    const toMeg = cardsSentTo(h, chat(meg).id, beforeLast).find((c) => cardText(c).includes("Escalation: level 1"));
    expect(toMeg).toBeDefined();
    expect(cardVerbs(toMeg).sort()).toEqual(["ack", "resolve-appoint", "resolve-return"]);
    escalationId = (toMeg!.refresh as { action: { data: { escalationId: string } } }).action.data.escalationId;
    const inChannel = cardsSentTo(h, caseChannel.id, beforeLast).find((c) => cardText(c).includes("Escalation: level 1"))!;
    expect(cardVerbs(inChannel)).toEqual([]);
    expect((inChannel.refresh as { userIds: string[] }).userIds).toEqual([meg.mri]);
  });

  it("shows the decider's buttons on refresh and refuses them to anyone else", async () => {
    const data = { view: "escalation", ref, escalationId };
    expect(cardVerbs((await press(meg, caseChannel, "refresh", data)).card).sort()).toEqual(["ack", "resolve-appoint", "resolve-return"]);
    expect(cardVerbs((await press(hana, caseChannel, "refresh", data)).card)).toEqual([]);
    const refused = await press(hana, caseChannel, "ack", { ref, escalationId });
    expect(cardText(refused.card)).toContain("You are not a decider");
    const esc = await db.repos.escalations.get(escalationId);
    expect(esc?.acknowledgedBy).toEqual([]);
  });

  it("acknowledges, checks the appointment's person and reason, then appoints from the card", async () => {
    const acked = await press(meg, chat(meg), "ack", { ref, escalationId });
    expect(cardText(acked.card)).toContain(`Acknowledged: no more reminders to you about ${ref}.`);
    expect((await db.repos.escalations.get(escalationId))?.acknowledgedBy).toEqual([people.meg.id]);

    const stranger = await press(meg, chat(meg), "resolve-appoint", { ref, escalationId, person: randomUUID(), appointReason: "Someone else." });
    expect(cardText(stranger.card)).toContain("not on the TAF");
    const noReason = await press(meg, chat(meg), "resolve-appoint", { ref, escalationId, person: people.hana.id, appointReason: "" });
    expect(cardText(noReason.card)).toContain("A decision needs a reason.");
    expect((await db.repos.cases.getByReference(ref))?.leadId).toBeNull();

    const mark = h.connector.mark();
    const decided = await press(meg, chat(meg), "resolve-appoint", { ref, escalationId, person: people.hana.id, appointReason: "Hana sees the family weekly." });
    expect(cardText(decided.card)).toContain("Resolved by Meg Manager for the line managers");
    expect(cardText(decided.card)).toContain("Appointed Hana Health: Hana sees the family weekly.");
    expect(cardVerbs(decided.card)).toEqual([]);
    expect((await db.repos.cases.getByReference(ref))?.leadId).toBe(people.hana.id);
    expect(cardsSentTo(h, caseChannel.id, mark).map(cardText).join("\n")).toContain(`Hana Health is the lead professional for ${ref}`);
  });
});

describe("Teams: bad activities, unknown verbs and forged card data change nothing", () => {
  const ref = uniqueReference();
  const otherRef = uniqueReference();
  const caseChannel = teamChannel();
  let proposalId = "";

  beforeAll(async () => {
    await say(hana, caseChannel, `case open ${ref} --status early-help`);
    await say(hana, caseChannel, `taf add ${ref} @tom.${t}`);
    await say(hana, caseChannel, `case open ${otherRef} --status early-help`);
    const mark = h.connector.mark();
    await say(hana, caseChannel, `propose ${ref} @tom.${t}`);
    const card = cardsSentTo(h, caseChannel.id, mark).find((c) => c.refresh !== undefined)!;
    proposalId = (card.refresh as { action: { data: { proposalId: string } } }).action.data.proposalId;
  });

  const expectErrorCard = (card: Record<string, unknown>, text: RegExp) => {
    const body = card.body as { style?: string }[];
    expect(body[0]?.style).toBe("attention");
    expect(cardText(card)).toMatch(text);
    expect(cardVerbs(card)).toEqual([]);
  };

  it("answers malformed invokes and unknown verbs with an error card", async () => {
    const noValue = make.invoke(hana, caseChannel, "vote-agree", {});
    delete (noValue as Record<string, unknown>).value;
    expectErrorCard(invokeCardOf(await h.post(noValue)).card, /not one I understand/);

    const submitType = make.invoke(hana, caseChannel, "vote-agree", { verb: "vote-agree", ref, proposalId });
    (submitType.value.action as Record<string, unknown>).type = "Action.Submit";
    expectErrorCard(invokeCardOf(await h.post(submitType)).card, /not one I understand/);

    expectErrorCard((await press(hana, caseChannel, "vote-maybe", { ref, proposalId })).card, /I don't know "vote-maybe" card action/);
    expectErrorCard((await press(hana, caseChannel, "vote-agree", { ref, proposalId: "not-a-uuid" })).card, /missing something or has been changed/);
    expectErrorCard((await press(hana, caseChannel, "vote-agree", { ref: "not a ref", proposalId })).card, /missing something or has been changed/);
    expectErrorCard((await press(null, caseChannel, "vote-agree", { ref, proposalId })).card, /can't tell who you are/);
    expect(await votesOn(proposalId)).toHaveLength(0);
  });

  it("refuses a proposal id that does not exist, or one that belongs to another case", async () => {
    expectErrorCard((await press(hana, caseChannel, "vote-agree", { ref, proposalId: randomUUID() })).card, /does not match anything/);
    expectErrorCard((await press(hana, caseChannel, "vote-agree", { ref: otherRef, proposalId })).card, /does not match anything/);
    expectErrorCard((await press(meg, chat(meg), "ack", { ref, escalationId: randomUUID() })).card, /does not match anything/);
    expect(await votesOn(proposalId)).toHaveLength(0);
  });

  it("gives a non-member the card back unchanged with a message", async () => {
    const answer = await press(meg, caseChannel, "vote-agree", { ref, proposalId });
    expect(cardText(answer.card)).toContain(`You are not on the Team Around the Family for ${ref}`);
    expect(cardText(answer.card)).toContain("Agree 0 · Object 0 · Abstain 0 · Not voted 2");
    expect(cardVerbs(answer.card)).toEqual([]);
    expect(await votesOn(proposalId)).toHaveLength(0);
  });

  it("takes the Action.Submit fallback as a message carrying the button's data", async () => {
    const unknown = await h.post(make.submit(hana, caseChannel, { verb: "vote-maybe", ref, proposalId }));
    expect(unknown.status).toBe(200);
    const mark = h.connector.mark();
    await h.post(make.submit(hana, caseChannel, { verb: "vote-abstain", ref, proposalId }, "fake-activity-card"));
    await h.delivered();
    const reply = h.connector.since(mark).find((c) => c.kind === "reply")!;
    expect(cardText(cardOf(reply.activity))).toContain(`Your vote (abstain) is recorded for ${ref}.`);
    const votes = await votesOn(proposalId);
    expect(votes.map((v) => [v.voterId, v.choice, v.platform])).toEqual([[people.hana.id, "abstain", "teams"]]);
  });

  it("refuses messages without an AAD id, and mentions of people it cannot identify", async () => {
    expect(await say(null, caseChannel, `case status ${ref}`)).toContain("can't tell who you are");

    const unknownPerson = teamsUser("Quinn Unknown");
    const mark = h.connector.mark();
    const text = await say(hana, caseChannel, `taf add ${ref} <at>${unknownPerson.name}</at>`, [unknownPerson], { withAad: false });
    expect(text).toContain(`I couldn't tell who "Quinn Unknown" is in Teams`);
    expect(h.connector.since(mark).some((c) => c.kind === "member")).toBe(true);
    const c = await db.repos.cases.getByReference(ref);
    expect(await db.repos.taf.members(c!.id)).toHaveLength(2);
  });

  it("asks the connector who a mention is when Teams did not say, and resolves them by AAD id", async () => {
    const fay = teamsUser("Fay Family");
    await db.repos.practitioners.create(makePractitioner({ handle: `fay.${t}`, name: "Fay Family", chat: { teams: fay.aad } }));
    h.connector.members.set(fay.mri, { id: fay.mri, aadObjectId: fay.aad, name: fay.name });
    // A namesake with another AAD id changes nothing: display names are never used.
    await db.repos.practitioners.create(makePractitioner({ handle: `fay2.${t}`, name: "Fay Family", chat: { teams: randomUUID() } }));
    const mark = h.connector.mark();
    expect(await say(hana, caseChannel, `taf add ${ref} <at>${fay.name}</at>`, [fay], { withAad: false })).toContain("Fay Family (family support worker");
    expect(h.connector.since(mark).some((c) => c.kind === "member")).toBe(true);
    const c = await db.repos.cases.getByReference(ref);
    const found = await db.repos.practitioners.findByChatId("teams", fay.aad);
    expect(await db.repos.taf.members(c!.id)).toContain(found!.id);
  });

  it("answers HTTP-level garbage with 400", async () => {
    const broken = await fetch(`${h.base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
    expect(broken.status).toBe(400);
    expect((await h.post({ text: "no type" })).status).toBe(400);
    expect((await h.post([make.message(hana, caseChannel, "whoami")] as unknown as Record<string, unknown>)).status).toBe(400);
  });
});
