// The notes voters must see on a posted proposal card in Teams: an advisory statutory rule
// (child in need), and the nominee's eligibility warnings: over their LP capacity, and qualified
// between 18 and 30 months ago so leading with a named mentor.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Practitioner } from "../../../src/domain/types.js";
import { cardOf, cardText, cardVerbs } from "../../support/fake-teams-connector.js";
import { makeCase, makePractitioner, uniqueReference } from "../../support/database.js";
import { ActivityFactory, BOT, personalChat, startHarness, teamChannel, teamsUser, type Conversation, type Harness, type TeamsUser } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
const t = randomBytes(3).toString("hex");
const hana = teamsUser("Hana Health");
const nell = teamsUser("Nell Newer");
const mia = teamsUser("Mia Mentor");
const people = {} as Record<"hana" | "nell" | "mia", Practitioner>;

function monthsAgo(months: number): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

async function say(user: TeamsUser, conversation: Conversation, text: string): Promise<string> {
  const mark = h.connector.mark();
  expect((await h.post(make.message(user, conversation, text))).status).toBe(200);
  await h.delivered(); // the card in the case channel follows the reply
  const replies = h.connector.since(mark).filter((c) => c.kind === "reply" && c.conversationId.startsWith(conversation.id));
  expect(replies, `a reply to "${text}"`).toHaveLength(1);
  return cardText(cardOf(replies[0]!.activity));
}

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  people.hana = makePractitioner({ handle: `hana.${t}`, name: "Hana Health", role: "health-visitor", chat: { teams: hana.aad } });
  people.mia = makePractitioner({ handle: `mia.${t}`, name: "Mia Mentor", role: "social-worker", chat: { teams: mia.aad } });
  // Newly qualified (24 months) with an experienced mentor, and a capacity of one case.
  people.nell = makePractitioner({
    handle: `nell.${t}`,
    name: "Nell Newer",
    role: "teacher",
    qualifiedOn: monthsAgo(24),
    mentorId: people.mia.id,
    lpCapacity: 1,
    chat: { teams: nell.aad },
  });
  for (const p of [people.hana, people.mia, people.nell]) await h.services.uow.run((r) => r.practitioners.create(p));
  // Nell already leads one open case, so leading another puts her over capacity.
  await h.services.uow.run((r) => r.cases.create(makeCase({ leadId: people.nell.id, leadSince: new Date() })));
  for (const u of [hana, nell, mia]) await h.post(make.membersAdded(u, personalChat(), [{ id: BOT.id, name: BOT.name }]));
});

afterAll(async () => {
  await h?.close();
});

describe("Teams: a proposal card carries the statutory, advisory and eligibility notes", () => {
  it("shows the child-in-need advisory note, the capacity warning and the mentor note on the card posted in the case channel", async () => {
    const ref = uniqueReference();
    const channel = teamChannel();
    expect(await say(hana, channel, `case open ${ref} --status child-in-need`)).toContain(ref);
    expect(await say(hana, channel, `taf add ${ref} @${people.nell.handle}`)).toContain("Nell Newer");
    const mark = h.connector.mark();
    expect(await say(hana, channel, `propose ${ref} @${people.nell.handle} she sees the child in class every day --family agrees`)).toContain("Proposal posted: Nell Newer");

    const posted = h.connector.since(mark).find((c) => c.kind === "send" && c.conversationId === channel.id && cardOf(c.activity)?.refresh !== undefined);
    expect(posted).toBeDefined();
    const card = cardOf(posted!.activity)!;
    const text = cardText(card);
    expect(text).toContain("Lead professional proposal: Nell Newer");
    expect(text).toContain("Child in need: After the child in need assessment any relevant practitioner may lead");
    expect(text).toContain("Nell Newer would lead 2 open cases, over their capacity of 1");
    expect(text).toContain("Nell Newer qualified less than 30 months ago and will lead with Mia Mentor as their mentor");
    // Notes inform; they never block the vote.
    expect(cardVerbs(card)).toContain("vote-agree");
  });
});
