// The notes voters must see on a posted proposal card, over signed HTTP: an advisory statutory
// rule (special educational needs), and the nominee's eligibility warnings: over their LP
// capacity, and qualified between 18 and 30 months ago so leading with a named mentor.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCase, uniqueReference } from "../../support/database.js";
import { allText, findButton, SlackHarness, slackChannelId, slackUserId } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
const ADMIN_CHANNEL = slackChannelId();
let admin: StaffMember;

/** The date `months` before today, as YYYY-MM-DD. */
function monthsAgo(months: number): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
}

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
});

afterAll(async () => {
  await h.stop();
});

describe("Slack: a proposal card carries the statutory, advisory and eligibility notes", () => {
  it("shows the SEN advisory note, the capacity warning and the mentor note on the card posted in the case channel", async () => {
    const fay = await register(h, admin, ADMIN_CHANNEL, "Fay Family", "family-support-worker");
    const mia = await register(h, admin, ADMIN_CHANNEL, "Mia Mentor", "social-worker");
    // Newly qualified (24 months), with an experienced mentor, and a capacity of one case.
    const handle = `nell.newer.${Date.now()}`;
    const nell: StaffMember = { id: slackUserId(), name: handle, handle, fullName: "Nell Newer" };
    await h.ok(
      admin,
      ADMIN_CHANNEL,
      `practitioner add <@${nell.id}|${nell.handle}> --handle ${nell.handle} --name "Nell Newer" --role teacher --agency "Oak Primary School" --dbs 2024-01-10 --qualified ${monthsAgo(24)} --mentor @${mia.handle} --capacity 1`,
    );
    // Nell already leads one open case, so leading another puts her over capacity.
    const nellId = await practitionerId(h, nell);
    await h.services.uow.run((r) => r.cases.create(makeCase({ leadId: nellId, leadSince: new Date() })));

    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status sen`);
    await h.ok(fay, channel, `taf add ${ref} <@${nell.id}|${nell.handle}>`);
    const proposed = await h.ok(fay, channel, `propose ${ref} <@${nell.id}|${nell.handle}> she sees the child in class every day --family agrees`);
    expect(String(proposed.text)).toContain("Proposal posted");

    const card = await h.fake.waitFor(() =>
      h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === channel && (c.body.blocks as Array<{ block_id?: string }>)[0]?.block_id === "lead.proposal"),
    );
    const text = allText(card.body);
    expect(text).toContain("Notes for voters");
    expect(text).toContain("Special educational needs: The SENCO may be the lead professional");
    expect(text).toContain("Nell Newer would lead 2 open cases, over their capacity of 1");
    expect(text).toContain("Nell Newer qualified less than 30 months ago and will lead with Mia Mentor as their mentor");
    // Notes inform; they never block the vote.
    expect(() => findButton(card.body.blocks, "lead.vote.agree")).not.toThrow();

    const stored = await h.prisma.proposal.findFirst({ where: { case: { reference: ref } } });
    expect(stored?.notes).toHaveLength(3);
  });
});
