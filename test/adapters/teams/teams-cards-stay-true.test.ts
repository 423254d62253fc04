// Posted cards are kept true, with real Bot Framework activities: once an escalation is resolved
// every copy of its alert (the decider's personal chat, the case channel) is updated in place to
// say who resolved it and how, with no buttons left; the nominee's own card loses Accept and
// Decline once they answered, and the card answered to their press is that updated card too.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Practitioner } from "../../../src/domain/types.js";
import { cardOf, cardText, cardVerbs } from "../../support/fake-teams-connector.js";
import { createTestRepos, makePractitioner, uniqueReference, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, cardsSentTo, invokeCardOf, personalChat, startHarness, teamChannel, teamsUser, type Conversation, type Harness, type TeamsUser } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;

const t = randomBytes(3).toString("hex");
const meg = teamsUser("Meg Manager");
const fay = teamsUser("Fay Family");
const hana = teamsUser("Hana Health");
const tom = teamsUser("Tom Teacher");
const chats = new Map<TeamsUser, Conversation>([meg, fay, hana, tom].map((u) => [u, personalChat()]));
const chat = (u: TeamsUser) => chats.get(u)!;
const people: Record<"meg" | "fay" | "hana" | "tom", Practitioner> = {} as never;

async function say(user: TeamsUser, conversation: Conversation, text: string) {
  const res = await h.post(make.message(user, conversation, text));
  expect(res.status).toBe(200);
  await h.delivered();
}

async function press(user: TeamsUser, conversation: Conversation, verb: string, data: Record<string, unknown>) {
  const answer = invokeCardOf(await h.post(make.invoke(user, conversation, verb, { verb, ...data })));
  await h.delivered();
  return answer;
}

/** The cards Teams was asked to put in place of earlier ones in that conversation since `mark`. */
const updatesIn = (conversationId: string, mark: number) =>
  h.connector.since(mark).filter((c) => c.kind === "update" && c.conversationId.startsWith(conversationId)).map((c) => cardOf(c.activity));

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  people.meg = makePractitioner({ handle: `meg.${t}`, name: "Meg Manager", role: "manager", chat: { teams: meg.aad } });
  people.fay = makePractitioner({ handle: `fay.${t}`, name: "Fay Family", role: "family-support-worker", managerId: people.meg.id, chat: { teams: fay.aad } });
  people.hana = makePractitioner({ handle: `hana.${t}`, name: "Hana Health", role: "health-visitor", managerId: people.meg.id, chat: { teams: hana.aad } });
  people.tom = makePractitioner({ handle: `tom.${t}`, name: "Tom Teacher", role: "teacher", managerId: people.meg.id, chat: { teams: tom.aad } });
  for (const p of Object.values(people)) await db.repos.practitioners.create(p);
  for (const u of [meg, fay, hana, tom]) expect((await h.post(make.membersAdded(u, chat(u), [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

describe("Teams: cards stay true", () => {
  it("the nominee's card loses Accept and Decline once they answer, in the update and in the answer to the press", async () => {
    const ref = uniqueReference();
    const channel = teamChannel();
    await say(fay, channel, `case open ${ref} --status early-help`);
    await say(fay, channel, `taf add ${ref} @hana.${t}`);
    await say(fay, channel, `taf add ${ref} @tom.${t}`);
    const before = h.connector.mark();
    await say(fay, channel, `propose ${ref} @hana.${t} she already visits weekly --family agrees`);
    const nomination = cardsSentTo(h, chat(hana).id, before).find((c) => cardText(c).includes("has proposed you as lead professional"));
    expect(nomination).toBeDefined();
    expect(cardVerbs(nomination).sort()).toEqual(["vote-accept", "vote-decline"]);
    const proposalId = (await db.prisma.proposal.findFirstOrThrow({ where: { case: { reference: ref } } })).id;

    const mark = h.connector.mark();
    const answer = await press(hana, chat(hana), "vote-accept", { ref, proposalId });
    expect(cardText(answer.card)).toContain(`You accepted the nomination for ${ref}`);
    expect(cardVerbs(answer.card)).toEqual([]);
    const updated = updatesIn(chat(hana).id, mark);
    expect(updated.length).toBeGreaterThan(0);
    expect(cardText(updated.at(-1))).toContain(`You accepted the nomination for ${ref}`);
    expect(cardVerbs(updated.at(-1))).toEqual([]);
  });

  it("every copy of an escalation alert says it was resolved, by whom and how, and keeps no buttons", async () => {
    const ref = uniqueReference();
    const channel = teamChannel();
    await say(fay, channel, `case open ${ref} --status early-help`);
    await say(fay, channel, `taf add ${ref} @hana.${t}`);
    await say(fay, channel, `taf add ${ref} @tom.${t}`);
    await say(fay, channel, `propose ${ref} @hana.${t} she already visits weekly --family agrees`);
    await say(tom, channel, `vote ${ref} object the school sees the child every day`);
    await say(fay, channel, `vote ${ref} agree`);
    const before = h.connector.mark();
    await say(hana, channel, `vote ${ref} accept`);
    const alert = cardsSentTo(h, chat(meg).id, before).find((c) => cardText(c).includes("Escalation: level 1"));
    expect(cardVerbs(alert).sort()).toEqual(["ack", "resolve-appoint", "resolve-return"]);
    const escalationId = (alert!.refresh as { action: { data: { escalationId: string } } }).action.data.escalationId;

    const mark = h.connector.mark();
    const decided = await press(meg, chat(meg), "resolve-return", { ref, escalationId, returnReason: "Meet as a TAF first." });
    expect(cardText(decided.card)).toContain("Resolved by Meg Manager");
    expect(cardVerbs(decided.card)).toEqual([]);
    for (const where of [chat(meg).id, channel.id]) {
      const updated = updatesIn(where, mark).filter((c) => cardText(c).includes(ref));
      expect(updated.length, `an update in ${where}`).toBeGreaterThan(0);
      const text = cardText(updated.at(-1));
      expect(text).toContain("Resolved by Meg Manager");
      expect(text).toContain("Sent back to the TAF for a new proposal: Meet as a TAF first.");
      expect(cardVerbs(updated.at(-1))).toEqual([]);
    }
  });
});
