// Who still has to vote, with real Bot Framework activities: the proposal card names them and
// says a vote can be changed until it closes; the proposer's own view has Remind, which DMs just
// those members once, and a second press is refused kindly. Other members get no Remind.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Practitioner } from "../../../src/domain/types.js";
import { cardText, cardVerbs } from "../../support/fake-teams-connector.js";
import { createTestRepos, makePractitioner, uniqueReference, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, cardsSentTo, invokeCardOf, personalChat, startHarness, teamChannel, teamsUser, type Conversation, type Harness, type TeamsUser } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;

const t = randomBytes(3).toString("hex");
const fay = teamsUser("Fay Family");
const hana = teamsUser("Hana Health");
const tom = teamsUser("Tom Teacher");
const ola = teamsUser("Ola Youth");
const chats = new Map<TeamsUser, Conversation>([fay, hana, tom, ola].map((u) => [u, personalChat()]));
const chat = (u: TeamsUser) => chats.get(u)!;
const people: Record<"fay" | "hana" | "tom" | "ola", Practitioner> = {} as never;

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

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  people.fay = makePractitioner({ handle: `fay.${t}`, name: "Fay Family", role: "family-support-worker", chat: { teams: fay.aad } });
  people.hana = makePractitioner({ handle: `hana.${t}`, name: "Hana Health", role: "health-visitor", chat: { teams: hana.aad } });
  people.tom = makePractitioner({ handle: `tom.${t}`, name: "Tom Teacher", role: "teacher", chat: { teams: tom.aad } });
  people.ola = makePractitioner({ handle: `ola.${t}`, name: "Ola Youth", role: "youth-worker", chat: { teams: ola.aad } });
  for (const p of Object.values(people)) await db.repos.practitioners.create(p);
  for (const u of [fay, hana, tom, ola]) expect((await h.post(make.membersAdded(u, chat(u), [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

describe("Teams: who still has to vote, and Remind", () => {
  it("names those still to vote, and the proposer's Remind nudges just them, once", async () => {
    const ref = uniqueReference();
    const channel = teamChannel();
    await say(fay, channel, `case open ${ref} --status early-help`);
    for (const who of ["hana", "tom", "ola"]) await say(fay, channel, `taf add ${ref} @${who}.${t}`);
    const mark = h.connector.mark();
    await say(fay, channel, `propose ${ref} @hana.${t} already visits weekly --family agrees`);
    const shared = cardsSentTo(h, channel.id, mark).find((c) => c.refresh !== undefined)!;
    expect(cardText(shared)).toContain("Fay Family, Hana Health, Tom Teacher, Ola Youth");
    expect(cardText(shared)).toContain("Still to vote");
    expect(cardText(shared)).toContain("A vote can be changed until the vote closes.");
    const proposalId = (shared.refresh as { action: { data: { proposalId: string } } }).action.data.proposalId;

    await say(tom, channel, `vote ${ref} agree`);
    const refresh = { view: "proposal", ref, proposalId };
    const faysView = (await press(fay, channel, "refresh", refresh)).card;
    expect(cardVerbs(faysView)).toContain("remind");
    expect(cardText(faysView)).toContain("Fay Family, Hana Health, Ola Youth");
    expect(cardVerbs((await press(tom, channel, "refresh", refresh)).card)).not.toContain("remind");

    const before = h.connector.mark();
    const reminded = await press(fay, channel, "remind", { ref, proposalId });
    expect(cardText(reminded.card)).toContain(`Reminded the 2 members still to vote on ${ref}: Hana Health, Ola Youth.`);
    const nudges = (u: TeamsUser) => cardsSentTo(h, chat(u).id, before).filter((c) => cardText(c).includes("you have not voted yet"));
    expect(nudges(hana)).toHaveLength(1);
    expect(nudges(ola)).toHaveLength(1);
    expect(nudges(tom)).toHaveLength(0);
    expect(nudges(fay)).toHaveLength(0);

    const again = await press(fay, channel, "remind", { ref, proposalId });
    expect(cardText(again.card)).toContain("were reminded at");
    expect(nudges(hana)).toHaveLength(1);
    expect(nudges(ola)).toHaveLength(1);
  });
});
