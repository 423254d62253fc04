// Who still has to vote, over signed HTTP: the proposal card names them and says a vote can be
// changed until it closes; the proposer's Remind button DMs just those members, once, and a second
// press within the interval is refused kindly; someone else's press changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueReference } from "../../support/database.js";
import type { RecordedCall } from "../../support/fake-slack-api.js";
import { allText, findButton, SlackHarness, slackChannelId } from "./slack-harness.js";
import { register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

/** Shared by every Slack test file that needs it: the setting is one row for the whole database. */
const ACCESS_CHANNEL = "C0ACCESSTEAM";

const h = new SlackHarness();
let admin: StaffMember;

const firstBlockId = (c: RecordedCall) => (c.body.blocks as Array<{ block_id?: string }> | undefined)?.[0]?.block_id;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
});

afterAll(async () => {
  await h.stop();
});

describe("Slack: who still has to vote, and Remind", () => {
  it("names those still to vote, and the proposer's Remind nudges just them, once", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker");
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor");
    const tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher");
    const ola = await register(h, admin, ACCESS_CHANNEL, "Ola Youth", "youth-worker");
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    for (const m of [hana, tom, ola]) await h.ok(fay, channel, `taf add ${ref} <@${m.id}|${m.handle}>`);
    await h.ok(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> already visits weekly --family agrees`);
    const card = await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === channel && firstBlockId(c) === "lead.proposal" && allText(c.body).includes(ref)));
    const posted = allText(card.body).replace(/\*/g, "");
    expect(posted).toContain("Still to vote: Fay Family, Hana Health, Tom Teacher, Ola Youth");
    expect(posted).toContain("A vote can be changed until the vote closes.");
    const remind = findButton(card.body.blocks, "lead.vote.remind");

    // Tom votes: the card stops naming him.
    await h.ok(tom, channel, `vote ${ref} agree`);
    const updated = await h.fake.waitFor(() =>
      h.fake.callsTo("chat.update").find((u) => u.body.ts === card.response?.ts && allText(u.body).replace(/\*/g, "").includes("Still to vote: Fay Family, Hana Health, Ola Youth")),
    );
    expect(allText(updated.body)).not.toMatch(/Still to vote:[^\n"]*Tom Teacher/);

    // Tom is not the proposer or the lead: his press is refused and nobody is nudged.
    const where = { channel, messageTs: card.response?.ts as string };
    const byTom = await h.click(tom, remind, where);
    const refused = await h.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && c.path.endsWith(`/${byTom.responseId}`)));
    expect(String(refused.body.text)).toContain("Only the person who proposed it or the lead professional");

    const dms = () =>
      h.fake.callsTo("chat.postMessage").filter((c) => [fay.id, hana.id, tom.id, ola.id].includes(String(c.body.channel)) && allText(c.body).includes(`you have not voted yet`) && allText(c.body).includes(ref));
    expect(dms()).toHaveLength(0);

    const byFay = await h.click(fay, remind, where);
    const reminded = await h.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && c.path.endsWith(`/${byFay.responseId}`)));
    expect(String(reminded.body.text)).toContain(`Reminded the 2 members still to vote on ${ref}: Hana Health, Ola Youth.`);
    await h.fake.waitFor(() => dms().length >= 2 || null);
    await sleep(500);
    // Just those still to vote (not Tom, who voted, nor Fay, who pressed), once each.
    expect(dms().map((c) => c.body.channel).sort()).toEqual([hana.id, ola.id].sort());
    expect(allText(dms().find((c) => c.body.channel === hana.id)!.body)).toContain("You are the nominee: please accept or decline");

    // Again at once: refused kindly, saying when it can be sent; nobody is nudged twice.
    const again = await h.click(fay, remind, where);
    const tooSoon = await h.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && c.path.endsWith(`/${again.responseId}`)));
    expect(String(tooSoon.body.text)).toContain("were reminded at");
    expect(String(tooSoon.body.text)).toContain("You can send another reminder from");
    await sleep(500);
    expect(dms()).toHaveLength(2);
  });
});
