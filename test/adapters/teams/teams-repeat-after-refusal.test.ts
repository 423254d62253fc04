// A Teams message that was refused changed nothing, so sending it again (a new message, or
// Teams redelivering the same activity) runs it again once the situation has changed. Only a
// redelivery of a message that succeeded is ignored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardText } from "../../support/fake-teams-connector.js";
import { createTestRepos, makeCase, makePractitioner, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, cardsSentTo, personalChat, startHarness, teamsUser, type Harness } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;
const lee = teamsUser("Lee Lead");
const chat = personalChat();
const c = makeCase({ channels: {} });
let leeId: string;

/** A day some six weeks ahead. */
const reviewDay = () => new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  const lead = makePractitioner({ name: "Lee Lead", chat: { teams: lee.aad } });
  leeId = lead.id;
  await db.repos.practitioners.create(lead);
  // Lee is on the TAF but not (yet) the lead professional.
  await db.repos.cases.create(c);
  await db.repos.taf.add(c.id, lead.id, new Date());
  expect((await h.post(make.membersAdded(lee, chat, [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
  await h.delivered();
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

async function send(activity: Record<string, unknown>): Promise<string[]> {
  const mark = h.connector.mark();
  expect((await h.post(activity)).status).toBe(200);
  await h.delivered();
  return cardsSentTo(h, chat.id, mark).map((card) => cardText(card));
}

describe("Teams: a message sent again after a refusal", () => {
  it("runs when Teams redelivers it after the situation changed; a redelivered success is ignored", async () => {
    const message = make.message(lee, chat, `review set ${c.reference} ${reviewDay()}`);
    const refused = await send(message);
    expect(refused.join("\n")).toContain(`Only the lead professional for ${c.reference}`);

    // Lee is appointed meanwhile; the very same activity (same id) comes again.
    const current = (await db.repos.cases.get(c.id))!;
    await db.repos.cases.update({ ...current, leadId: leeId, leadSince: new Date(), noLeadSince: null });
    const ran = await send(message);
    expect(ran.join("\n")).not.toContain("Only the lead professional");
    expect((await db.repos.cases.get(c.id))!.reviewDate).toBe(reviewDay());

    // It succeeded: another redelivery of it is ignored.
    expect(await send(message)).toEqual([]);
  });
});
