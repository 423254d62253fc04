// Teams mentions → the shared parser's `<@id>` form, by AAD object id only.
import { describe, expect, it } from "vitest";
import { parseCommandText } from "../../../src/grammar/parse-command-text.js";
import { commandTextOf, type MentionResolver } from "../../../src/adapters/teams/mentions.js";

const BOT = { id: "28:bot", name: "leadbot" };
const SAM_AAD = "6a1b2c3d-0000-4000-8000-000000000001";
const ALEX_AAD = "6a1b2c3d-0000-4000-8000-000000000002";

const mention = (id: string, name: string, aadObjectId?: string) => ({
  type: "mention",
  text: `<at>${name}</at>`,
  mentioned: aadObjectId ? { id, name, aadObjectId } : { id, name },
});

/** Knows one person by Teams id only, as a member look-up would. */
const lookup: MentionResolver = async (target) => target.aadObjectId ?? (target.teamsUserId === "29:alex" ? ALEX_AAD : null);

describe("commandTextOf", () => {
  it("drops the bot's mention and rewrites people to <@aadObjectId>", async () => {
    const result = await commandTextOf(
      {
        text: "<at>leadbot</at> propose EH-2026-0042 <at>Sam Patel</at> --family prefers <at>Alex Morgan</at>",
        recipient: BOT,
        entities: [mention(BOT.id, BOT.name), mention("29:sam", "Sam Patel", SAM_AAD), mention("29:alex", "Alex Morgan")],
      },
      lookup,
    );
    expect(result).toEqual({
      text: `propose EH-2026-0042 <@${SAM_AAD}> --family prefers <@${ALEX_AAD}>`,
      unresolved: [],
      mentionedBot: true,
    });
    const parsed = parseCommandText(result.text);
    expect(parsed.ok && parsed.command).toMatchObject({
      name: "propose",
      nominee: { by: "chat-id", id: SAM_AAD },
      family: { kind: "prefers", person: { by: "chat-id", id: ALEX_AAD } },
    });
  });

  it("keeps two people with the same display name apart by their ids", async () => {
    const result = await commandTextOf(
      {
        text: "taf add EH-1-2 <at>Sam</at> and <at>Sam</at>",
        recipient: BOT,
        entities: [mention("29:a", "Sam", SAM_AAD), mention("29:b", "Sam", ALEX_AAD)],
      },
      lookup,
    );
    expect(result.text).toBe(`taf add EH-1-2 <@${SAM_AAD}> and <@${ALEX_AAD}>`);
  });

  it("reports mentions it cannot identify, and <at> tags without an entity", async () => {
    const result = await commandTextOf(
      { text: "taf add EH-1-2 <at>Nobody</at> <at>Ghost</at>", recipient: BOT, entities: [mention("29:nobody", "Nobody")] },
      lookup,
    );
    expect(result.unresolved).toEqual(["Nobody", "Ghost"]);
    expect(result.text).toBe("taf add EH-1-2");
  });

  it("reads simple HTML and entities as plain text, and survives missing fields", async () => {
    const result = await commandTextOf({ text: "<p>vote EH-1-2 object &quot;too far&nbsp;away&quot;</p>", recipient: BOT, entities: undefined }, lookup);
    expect(result.text).toBe('vote EH-1-2 object "too far away"');
    expect(await commandTextOf({}, lookup)).toEqual({ text: "", unresolved: [], mentionedBot: false });
    // A pasted file keeps its lines, from paragraphs, <br> or plain line ends; spaces within a line collapse.
    const pasted = await commandTextOf({ text: "<p>practitioner import</p><p>handle,name<br>sam.patel,&quot;Patel,  Sam&quot;</p>", recipient: BOT }, lookup);
    expect(pasted.text).toBe('practitioner import\nhandle,name\nsam.patel,"Patel, Sam"');
    expect((await commandTextOf({ text: "practitioner import\r\nhandle,name\r\n\r\nsam.patel,Sam Patel\n" }, lookup)).text).toBe("practitioner import\nhandle,name\nsam.patel,Sam Patel");
    const odd = await commandTextOf({ text: "whoami", entities: [{ type: "mention" }, { type: "mention", mentioned: {}, text: 3 } as never] }, lookup);
    expect(odd.text).toBe("whoami");
  });
});
