// A manager decides from the escalation alert alone, with real Bot Framework activities: the card
// in their personal chat carries the nominee, the proposer's reason, each objection with who made
// it, the family's view, the tally, the statutory and advisory notes and the level's deadline;
// appointing from it answers with what was decided, not "Done.".
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
  const mark = h.connector.mark();
  const res = await h.post(make.message(user, conversation, text));
  expect(res.status).toBe(200);
  await h.delivered();
  const replies = h.connector.since(mark).filter((c) => c.kind === "reply" && c.conversationId.startsWith(conversation.id));
  return replies.map((r) => cardText(cardOf(r.activity))).join("\n");
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
  people.meg = makePractitioner({ handle: `meg.${t}`, name: "Meg Manager", role: "manager", chat: { teams: meg.aad } });
  people.fay = makePractitioner({ handle: `fay.${t}`, name: "Fay Family", role: "family-support-worker", managerId: people.meg.id, chat: { teams: fay.aad } });
  people.hana = makePractitioner({ handle: `hana.${t}`, name: "Hana Health", role: "health-visitor", agency: "Health Visiting", managerId: people.meg.id, chat: { teams: hana.aad } });
  people.tom = makePractitioner({ handle: `tom.${t}`, name: "Tom Teacher", role: "teacher", agency: "Oak Primary School", managerId: people.meg.id, chat: { teams: tom.aad } });
  for (const p of Object.values(people)) await db.repos.practitioners.create(p);
  for (const u of [meg, fay, hana, tom]) expect((await h.post(make.membersAdded(u, chat(u), [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

describe("Teams: an escalation alert a manager can decide from", () => {
  it("the line manager's card shows the whole dispute, and appointing from it says who was appointed", async () => {
    const ref = uniqueReference();
    const channel = teamChannel();
    await say(fay, channel, `case open ${ref} --status sen`);
    await say(fay, channel, `taf add ${ref} @hana.${t}`);
    await say(fay, channel, `taf add ${ref} @tom.${t}`);
    await say(fay, channel, `propose ${ref} @hana.${t} she already visits weekly --family prefers @tom.${t}`);
    await say(tom, channel, `vote ${ref} object the school sees the child every day`);
    await say(fay, channel, `vote ${ref} agree`);
    const mark = h.connector.mark();
    await say(hana, channel, `vote ${ref} accept`);

    const alert = cardsSentTo(h, chat(meg).id, mark).find((c) => cardText(c).includes("Escalation: level 1"));
    expect(alert).toBeDefined();
    const text = cardText(alert);
    for (const shown of [
      "Nominee",
      "Hana Health (health visitor, Health Visiting)",
      "Proposer's reason",
      "she already visits weekly",
      "Objections",
      "• Tom Teacher (teacher, Oak Primary School): the school sees the child every day",
      "Family's view",
      "The family prefers Tom Teacher.",
      "Agree 2 · Object 1 · Abstain 0 · Not voted 0 (quorum 2 of 3)",
      "Nominee's answer",
      "Notes (statutory, advisory and eligibility)",
      "Special educational needs",
      "Decide by",
    ]) {
      expect(text).toContain(shown);
    }
    expect(cardVerbs(alert).sort()).toEqual(["ack", "resolve-appoint", "resolve-return"]);

    const escalationId = (alert!.refresh as { action: { data: { escalationId: string } } }).action.data.escalationId;
    const decided = await press(meg, chat(meg), "resolve-appoint", { ref, escalationId, person: people.hana.id, appointReason: "Hana sees the family weekly." });
    expect(cardText(decided.card)).toContain(`You appointed Hana Health as lead professional for ${ref}.`);
    expect(cardText(decided.card)).not.toContain("Done.");
    expect((await db.repos.cases.getByReference(ref))?.leadId).toBe(people.hana.id);
  });
});
