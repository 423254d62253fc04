// Teams gives a bot 10–15 seconds to answer an invoke. A vote that closes a proposal fans out to
// the shared card, the case channel, the access team channel and the new lead's chat; with a slow
// connector (3 s a post here) sending all that before answering would take longer than the answer
// may. The invoke answers as soon as the vote is committed, with the voter's own card; every
// message still arrives afterwards, each once.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Practitioner } from "../../../src/domain/types.js";
import { cardOf, cardText, cardVerbs } from "../../support/fake-teams-connector.js";
import { makePractitioner, uniqueReference } from "../../support/database.js";
import {
  ActivityFactory,
  BOT,
  cardsSentTo,
  invokeCardOf,
  personalChat,
  settle,
  startHarness,
  teamChannel,
  teamsUser,
  type Conversation,
  type Harness,
  type TeamsUser,
} from "./teams-harness.js";

const POST_DELAY_MS = 3_000;

let h: Harness;
let make: ActivityFactory;
const t = randomBytes(3).toString("hex");
const ada = teamsUser("Ada Access");
const hana = teamsUser("Hana Health");
const tom = teamsUser("Tom Teacher");
const chats = new Map<TeamsUser, Conversation>([ada, hana, tom].map((u) => [u, personalChat()]));
const people = {} as Record<"ada" | "hana" | "tom", Practitioner>;

async function say(user: TeamsUser, conversation: Conversation, text: string): Promise<string> {
  const mark = h.connector.mark();
  expect((await h.post(make.message(user, conversation, text))).status).toBe(200);
  await h.delivered();
  const reply = h.connector.since(mark).find((c) => c.kind === "reply" && c.conversationId.startsWith(conversation.id));
  return cardText(cardOf(reply!.activity));
}

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  people.ada = makePractitioner({ handle: `ada.${t}`, name: "Ada Access", role: "manager", duties: { accessTeam: true, coordinator: false, executive: false }, chat: { teams: ada.aad } });
  people.hana = makePractitioner({ handle: `hana.${t}`, name: "Hana Health", role: "health-visitor", chat: { teams: hana.aad } });
  people.tom = makePractitioner({ handle: `tom.${t}`, name: "Tom Teacher", role: "teacher", agency: "Oak Primary School", chat: { teams: tom.aad } });
  for (const p of Object.values(people)) await h.services.uow.run((r) => r.practitioners.create(p));
  for (const u of [ada, hana, tom]) await h.post(make.membersAdded(u, chats.get(u)!, [{ id: BOT.id, name: BOT.name }]));
  await h.delivered();
});

afterAll(async () => {
  h.connector.delayPostsMs = 0;
  await h?.close();
});

describe("Teams: a slow connector does not hold an invoke's answer", () => {
  const ref = uniqueReference();
  const caseChannel = teamChannel();
  const accessChannel = teamChannel();

  it("answers the closing vote's invoke at once, then delivers the whole fan-out", { timeout: 90_000 }, async () => {
    expect(await say(ada, accessChannel, "access channel")).toContain("access team channel on teams");
    expect(await say(hana, caseChannel, `case open ${ref} --status early-help`)).toContain(ref);
    expect(await say(hana, caseChannel, `taf add ${ref} @tom.${t}`)).toContain("Tom Teacher");
    let mark = h.connector.mark();
    expect(await say(hana, caseChannel, `propose ${ref} @tom.${t} sees the family every day --family agrees`)).toContain("Proposal posted: Tom Teacher");
    const proposalCall = h.connector.since(mark).find((c) => c.kind === "send" && c.conversationId === caseChannel.id && cardOf(c.activity)?.refresh !== undefined)!;
    const proposalId = (cardOf(proposalCall.activity)!.refresh as { action: { data: { proposalId: string } } }).action.data.proposalId;
    const accepted = invokeCardOf(await h.post(make.invoke(tom, caseChannel, "vote-accept", { verb: "vote-accept", ref, proposalId })));
    expect(cardText(accepted.card)).toContain(`You accepted the nomination for ${ref}.`);
    await h.delivered();

    // From here on every post, reply and card update takes the connector 3 seconds.
    h.connector.delayPostsMs = POST_DELAY_MS;
    mark = h.connector.mark();
    const started = Date.now();
    const res = await h.post(make.invoke(hana, caseChannel, "vote-agree", { verb: "vote-agree", ref, proposalId }));
    const answeredInMs = Date.now() - started;
    const answer = invokeCardOf(res);

    // Well inside one connector post, let alone Teams' limit; nothing had reached the connector yet.
    expect(answeredInMs).toBeLessThan(POST_DELAY_MS / 2);
    expect(h.connector.since(mark)).toEqual([]);
    expect(cardText(answer.card)).toContain("Vote closed: agreed");
    expect(cardText(answer.card)).toContain(`Your vote (agree) is recorded for ${ref}.`);
    expect(cardVerbs(answer.card)).toEqual([]);
    // The decision itself is committed before the answer.
    const c = await h.services.uow.run((r) => r.cases.getByReference(ref));
    expect(c?.leadId).toBe(people.tom.id);

    // The fan-out arrives afterwards: the shared card closed in place, the decision in the case
    // channel and the access team channel, and the new lead told in their chat, each once.
    await settle(h.services, 80_000);
    const calls = h.connector.since(mark);
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const call of calls) expect(call.at!).toBeGreaterThanOrEqual(started + answeredInMs);
    const closed = calls.filter((call) => call.kind === "update" && call.activityId === proposalCall.resultId);
    expect(closed).toHaveLength(1);
    expect(cardText(cardOf(closed[0]!.activity))).toContain("Vote closed: agreed");
    const headline = `Tom Teacher is the lead professional for ${ref}`;
    expect(cardsSentTo(h, caseChannel.id, mark).filter((card) => cardText(card).includes(headline))).toHaveLength(1);
    expect(cardsSentTo(h, accessChannel.id, mark).filter((card) => cardText(card).includes(headline))).toHaveLength(1);
    expect(cardsSentTo(h, chats.get(tom)!.id, mark).filter((card) => cardText(card).includes(`You are now the lead professional for ${ref}.`))).toHaveLength(1);
    // Every entry is marked delivered in the outbox: the worker has nothing left to send, and nothing failed.
    expect(await h.services.prisma.outboxEntry.count({ where: { deliveredAt: null } })).toBe(0);
  });
});
