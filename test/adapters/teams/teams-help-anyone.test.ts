// `help` answers anyone in Teams, even someone leadbot cannot identify: no AAD object id at all
// (the Bot Framework Emulator), or one that is not a GUID (the Microsoft 365 Agents Playground's
// default users). Everything else still needs to know who is asking.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardOf, cardText } from "../../support/fake-teams-connector.js";
import { ActivityFactory, personalChat, startHarness, teamChannel, teamsUser, type Conversation, type Harness, type TeamsUser } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
});
afterAll(async () => h?.close());

/** The text of the one card the bot replied with. */
async function reply(activity: Record<string, unknown>, conversation: Conversation): Promise<string> {
  const mark = h.connector.mark();
  expect((await h.post(activity)).status).toBe(200);
  const replies = h.connector.since(mark).filter((c) => c.kind === "reply" && c.conversationId.startsWith(conversation.id));
  expect(replies).toHaveLength(1);
  return cardText(cardOf(replies[0]!.activity));
}

const playgroundDefault = (): TeamsUser => ({ ...teamsUser("Alex Wilber"), aad: "user-id-0" });

describe("help for anyone", () => {
  it.each([
    ["no AAD object id", null],
    ["an AAD object id that is not a GUID", playgroundDefault()],
    ["an unregistered person", teamsUser("Una Registered")],
  ])("answers help from %s, in a personal chat and in a channel", async (_name, user) => {
    const chat = personalChat();
    const channel = teamChannel();
    expect(await reply(make.message(user, chat, "help"), chat)).toContain("propose <ref> @who");
    expect(await reply(make.message(user, chat, "help vote"), chat)).toContain("vote <ref> agree|object <reason>|abstain|accept|decline");
    expect(await reply(make.message(user, channel, ""), channel)).toContain("propose <ref> @who");
    expect(await reply(make.message(user, channel, "help"), channel)).toContain("propose <ref> @who");
  });

  it("still refuses anything else from someone it cannot identify", async () => {
    const chat = personalChat();
    for (const user of [null, playgroundDefault()]) {
      expect(await reply(make.message(user, chat, "whoami"), chat)).toContain("I can't tell who you are");
      expect(await reply(make.message(user, chat, "helpme EH-2026-0001"), chat)).toContain("I can't tell who you are");
    }
  });
});
