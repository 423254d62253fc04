// A manager decides from the escalation alert alone, over signed HTTP: the DM carries the nominee,
// the proposer's reason, each objection with who made it, the family's view, the tally, the
// statutory and advisory notes and the level's deadline; the decision is confirmed in words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueReference } from "../../support/database.js";
import { allText, replyKind, SlackHarness, slackChannelId } from "./slack-harness.js";
import { register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

/** Shared by every Slack test file that needs it: the setting is one row for the whole database. */
const ACCESS_CHANNEL = "C0ACCESSTEAM";

const h = new SlackHarness();
let admin: StaffMember;
let mo: StaffMember;
let meg: StaffMember;

const firstBlockId = (c: { body: Record<string, unknown> }) => (c.body.blocks as Array<{ block_id?: string }> | undefined)?.[0]?.block_id;

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  mo = await register(h, admin, ACCESS_CHANNEL, "Mo Manager", "manager");
  meg = await register(h, admin, ACCESS_CHANNEL, "Meg Manager", "manager");
});

afterAll(async () => {
  await h.stop();
});

describe("Slack: an escalation alert a manager can decide from", () => {
  it("the line manager's DM shows the whole dispute, and appointing from it says who was appointed", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: mo });
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { manager: meg, agency: "Health Visiting" });
    const tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher", { manager: meg, agency: "Oak Primary School" });
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status sen`);
    for (const m of [hana, tom]) await h.ok(fay, channel, `taf add ${ref} <@${m.id}|${m.handle}>`);
    await h.ok(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> she already visits weekly --family prefers <@${tom.id}|${tom.handle}>`);
    await h.ok(tom, channel, `vote ${ref} object the school sees the child every day`);
    await h.ok(fay, channel, `vote ${ref} agree`);
    await h.ok(hana, channel, `vote ${ref} accept`);

    const dm = await h.fake.waitFor(() =>
      h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === mo.id && firstBlockId(c) === "lead.escalation" && allText(c.body).includes(ref)),
    );
    // Bold markers out, so a test reads the words.
    const text = allText(dm.body).replace(/\*/g, "");
    expect(text).toContain("Level 1: line managers");
    expect(text).toContain("Nominee");
    expect(text).toContain("Hana Health (health visitor, Health Visiting)");
    expect(text).toContain("Proposer's reason");
    expect(text).toContain("she already visits weekly");
    expect(text).toContain("Objections");
    expect(text).toContain("Tom Teacher (teacher, Oak Primary School)");
    expect(text).toContain("the school sees the child every day");
    expect(text).toContain("Family's view");
    expect(text).toContain("The family prefers Tom Teacher.");
    expect(text).toContain("Agree 2 · Object 1 · Abstain 0 · Not voted 0 (quorum 2 of 3)");
    expect(text).toContain("Nominee's answer");
    expect(text).toContain("Accepted");
    expect(text).toContain("Notes (statutory, advisory and eligibility)");
    expect(text).toContain("Special educational needs");
    expect(text).toContain("Decide by");
    expect(text).toMatch(/<!date\^\d+\^/);

    const decided = await h.ok(meg, channel, `resolve ${ref} appoint <@${hana.id}|${hana.handle}> Hana sees the family weekly`);
    expect(replyKind(decided)).toBe("escalation");
    expect(allText(decided)).toContain(`You appointed Hana Health as lead professional for ${ref}.`);
  });

  it("sending the case back says so in a sentence", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: mo });
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { manager: meg });
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    await h.ok(fay, channel, `taf add ${ref} <@${hana.id}|${hana.handle}>`);
    await h.ok(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> health needs lead --family agrees`);
    await h.ok(fay, channel, `vote ${ref} agree`);
    await h.ok(hana, channel, `vote ${ref} decline`);
    await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === mo.id && firstBlockId(c) === "lead.escalation" && allText(c.body).includes(ref)));
    const sent = await h.ok(mo, channel, `resolve ${ref} return meet as a TAF first`);
    expect(allText(sent)).toContain(`You sent ${ref} back to the TAF for a new proposal.`);
  });
});
