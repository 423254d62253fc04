// Fifty TAF members press their button on one proposal card at the same moment, through signed
// HTTP requests to /slack/events. The case lock serialises them: one tally with every vote, one
// decision, one message to the access team channel, and every voter told their vote counted.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePractitioner, uniqueReference } from "../support/database.js";
import type { RecordedCall } from "../support/fake-slack-api.js";
import { allText, findButton, SlackHarness, slackChannelId, type SlackUser } from "../adapters/slack/slack-harness.js";
import { seedAccessTeam, type StaffMember } from "../adapters/slack/slack-staff.js";

const MEMBERS = 50;
const ACCESS_CHANNEL = "C0ACCESSRELIABLE";

const h = new SlackHarness();
let admin: StaffMember;

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
});

afterAll(async () => {
  await h.stop();
});

const postsTo = (channel: string, blockId: string) =>
  h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel && (c.body.blocks as Array<{ block_id?: string }> | undefined)?.[0]?.block_id === blockId);

describe("50 members voting on one proposal at once", () => {
  it("ends in one tally, one decision and one access-team message", async () => {
    const ref = uniqueReference();
    const channel = slackChannelId();
    // Fictional members, written straight to the database: this test is about the votes.
    const members = Array.from({ length: MEMBERS }, (_, i) => makePractitioner({ name: `Member ${i}`, lpCapacity: 20 }));
    await h.services.uow.run(async (repos) => {
      for (const m of members) await repos.practitioners.create(m);
    });
    const users: SlackUser[] = members.map((m) => ({ id: m.chat.slack!, name: m.handle }));
    const [opener, nominee] = users as [SlackUser, SlackUser];
    await h.ok(opener, channel, `case open ${ref} --status early-help`);
    const c = await h.services.uow.run((r) => r.cases.getByReference(ref));
    await h.services.uow.run(async (repos) => {
      for (const m of members.slice(1)) await repos.taf.add(c!.id, m.id, new Date());
    });
    await h.ok(opener, channel, `propose ${ref} <@${nominee.id}|${nominee.name}> knows the family best --family agrees`);
    const card: RecordedCall = await h.fake.waitFor(() => postsTo(channel, "lead.proposal").find((p) => allText(p.body).includes(ref)));

    const agree = findButton(card.body.blocks, "lead.vote.agree");
    const accept = findButton(card.body.blocks, "lead.vote.accept");
    const where = { channel, messageTs: card.response?.ts as string };
    const clicks = await Promise.all(users.map((u) => h.click(u, u === nominee ? accept : agree, where)));
    expect(clicks.map((k) => k.status)).toEqual(users.map(() => 200));

    // Every voter hears that their vote counted (the nominee, that they accepted).
    const replies = await Promise.all(
      clicks.map((k) => h.fake.waitFor((calls) => calls.find((call) => call.method === "response_url" && call.path.endsWith(`/${k.responseId}`)), 30_000)),
    );
    const texts = replies.map((r) => String(r.body.text));
    expect(texts.filter((t) => t.includes("Your vote (agree) is recorded"))).toHaveLength(MEMBERS - 1);
    expect(texts.filter((t) => t.includes("You accepted the nomination"))).toHaveLength(1);

    // One decision, in the case channel and the access team channel, once each.
    const decided = (where: string) => postsTo(where, "lead.decision").filter((p) => allText(p.body).includes(ref));
    await h.fake.waitFor(() => (decided(ACCESS_CHANNEL).length >= 1 && decided(channel).length >= 1 ? true : null), 30_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(decided(ACCESS_CHANNEL)).toHaveLength(1);
    expect(decided(channel)).toHaveLength(1);
    // And the new lead hears it once, in their DM.
    const toLead = () => h.fake.callsTo("chat.postMessage").filter((p) => p.body.channel === nominee.id && allText(p.body).includes(`You are now the lead professional for ${ref}.`));
    await h.fake.waitFor(() => toLead().length >= 1 || null, 30_000);
    expect(toLead()).toHaveLength(1);

    // In the database: one vote per member, one agreed proposal, the nominee leads.
    const proposals = await h.prisma.proposal.findMany({ where: { caseId: c!.id }, include: { votes: true } });
    expect(proposals).toHaveLength(1);
    expect(proposals[0]!.state).toBe("agreed");
    expect(proposals[0]!.votes).toHaveLength(MEMBERS);
    expect(new Set(proposals[0]!.votes.map((v) => v.voterId)).size).toBe(MEMBERS);
    expect((await h.services.uow.run((r) => r.cases.getByReference(ref)))!.leadId).toBe(members[1]!.id);
    expect(await h.prisma.auditEvent.count({ where: { caseId: c!.id, action: "vote.cast", outcome: "ok" } })).toBe(MEMBERS);

    // The card ends closed, with the full tally (the nominee's acceptance counts as agreement).
    const updates = h.fake.callsTo("chat.update").filter((u) => u.body.ts === card.response?.ts);
    const closed = updates.filter((u) => allText(u.body).includes("Vote closed"));
    expect(closed.length).toBeGreaterThanOrEqual(1);
    expect(allText(closed.at(-1)!.body)).toContain(`${MEMBERS} agree · :x: 0 object · :heavy_minus_sign: 0 abstain · 0 still to vote`);
  }, 90_000);
});
