// Help that teaches, with Bot Framework activities [issue 16 item 8]: grouped help, help admin,
// help <command> with examples and options; a permission refusal without a usage block; caseload
// naming the cases; a second case in a channel already serving one asks for confirmation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText } from "../../support/fake-teams-connector.js";
import { createTestRepos, makeCase, makePractitioner, uniqueReference, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, personalChat, startHarness, teamChannel, teamsUser, type Conversation, type Harness } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;
const lee = teamsUser("Lee Lead");
const chat = personalChat();
let leeId: string;

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  const lead = makePractitioner({ name: "Lee Lead", chat: { teams: lee.aad } });
  leeId = lead.id;
  await db.repos.practitioners.create(lead);
  expect((await h.post(make.membersAdded(lee, chat, [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

/** The text of what the bot replied with in the conversation. */
async function say(conversation: Conversation, text: string): Promise<string> {
  const mark = h.connector.mark();
  expect((await h.post(make.message(lee, conversation, text))).status).toBe(200);
  await h.delivered();
  return h.connector
    .since(mark)
    .filter((c) => c.kind === "reply" && c.conversationId.startsWith(conversation.id))
    .map((c) => cardText(cardOf(c.activity)) || String(c.activity.text ?? ""))
    .join("\n");
}

describe("Teams: help that teaches", () => {
  it("groups the everyday commands, keeps admin ones under help admin, and explains one command", async () => {
    const help = await say(chat, "help");
    for (const heading of ["Choosing a lead professional", "Reviews", "Handover", "Escalation"]) expect(help).toContain(heading);
    expect(help).not.toContain("practitioner add");
    expect(await say(chat, "help admin")).toContain("practitioner add");
    const propose = await say(chat, "help propose");
    expect(propose).toContain("propose EH-2026-0042 @sam.patel");
    expect(propose).toContain("--family prefers @who");
  });

  it("refuses for permission without a usage block", async () => {
    const refused = await say(chat, "audit EH-2026-0042");
    expect(refused).toContain("Only the access team can export a case's audit trail.");
    expect(refused).not.toContain("Usage");
  });

  it("lists the references of the cases someone leads", async () => {
    const c = makeCase({ channels: {} });
    await db.repos.cases.create({ ...c, leadId: leeId, leadSince: new Date(), noLeadSince: null });
    expect(await say(chat, "caseload")).toContain(c.reference);
  });

  it("asks for confirmation before opening a second case in a channel already serving one", async () => {
    const channel = teamChannel();
    const first = uniqueReference();
    const second = uniqueReference();
    expect(await say(channel, `case open ${first} --status early-help`)).toContain(first);
    const asked = await say(channel, `case open ${second} --status early-help`);
    expect(asked).toContain(`This channel is already the channel for ${first}.`);
    expect(asked).toContain(`case open ${second} --status early-help --no-channel`);
    expect(await db.repos.cases.getByReference(second)).toBeFalsy();
    await say(channel, `case open ${second} --status early-help --no-channel`);
    expect((await db.repos.cases.getByReference(second))?.channels).toEqual({});
  });
});
