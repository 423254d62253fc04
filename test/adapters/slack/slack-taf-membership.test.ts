// TAF membership and channel rules over signed Slack HTTP: only the member, their line manager,
// the lead professional or the access team may take someone off a TAF; the person is told by DM;
// the last member stays; a channel serving one case can't be claimed by another.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueReference } from "../../support/database.js";
import { allText, replyKind, SlackHarness, slackChannelId } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const ACCESS_CHANNEL = "C0ACCESSTEAM";
const h = new SlackHarness();
let admin: StaffMember;
let meg: StaffMember;

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  meg = await register(h, admin, ACCESS_CHANNEL, "Meg Manager", "manager");
});

afterAll(async () => {
  await h.stop();
});

async function reply(user: StaffMember, channel: string, text: string) {
  return h.replyTo(await h.command(user, channel, text));
}

async function members(ref: string): Promise<string[]> {
  const c = await h.services.uow.run((r) => r.cases.getByReference(ref));
  return h.services.uow.run((r) => r.taf.members(c!.id));
}

describe("Slack: taking someone off the TAF", () => {
  it("refuses a fellow member, lets the person's line manager, and DMs the person removed", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker");
    const tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher", { manager: meg, agency: "Oak Primary School" });
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    await h.ok(fay, channel, `taf add ${ref} <@${tom.id}|${tom.handle}>`);
    const tomId = await practitionerId(h, tom);

    const refused = await reply(fay, channel, `taf remove ${ref} <@${tom.id}|${tom.handle}>`);
    expect(replyKind(refused)).toBe("error");
    expect(allText(refused)).toContain(`Only Tom Teacher, their line manager, the lead professional or the access team can take them off the TAF for ${ref}.`);
    expect(await members(ref)).toContain(tomId);

    await h.ok(meg, channel, `taf remove ${ref} <@${tom.id}|${tom.handle}>`);
    expect(await members(ref)).not.toContain(tomId);
    const dm = await h.fake.waitFor(() =>
      h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === tom.id && allText(c.body).includes(`took you off the Team Around the Family for ${ref}`)),
    );
    expect(allText(dm.body)).toContain("Meg Manager");
  });

  it("never takes the last member off", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker");
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    const refused = await reply(fay, channel, `taf remove ${ref} <@${fay.id}|${fay.handle}>`);
    expect(replyKind(refused)).toBe("error");
    expect(allText(refused)).toContain("is the only member of the TAF");
    expect(await members(ref)).toHaveLength(1);
  });
});

describe("Slack: one channel, one open case", () => {
  it("refuses to link another case's channel or the access team channel, and changes nothing", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker");
    const first = uniqueReference();
    const second = uniqueReference();
    const one = slackChannelId();
    const two = slackChannelId();
    await h.ok(fay, one, `case open ${first} --status early-help`);
    await h.ok(fay, two, `case open ${second} --status early-help`);

    const taken = await reply(fay, one, `case link ${second}`);
    expect(replyKind(taken)).toBe("error");
    expect(allText(taken)).toContain(`This channel is already the channel for ${first}.`);
    const access = await reply(fay, ACCESS_CHANNEL, `case link ${second}`);
    expect(replyKind(access)).toBe("error");
    expect(allText(access)).toContain("This is the access team channel");

    const cases = await h.services.uow.run(async (r) => [await r.cases.getByReference(first), await r.cases.getByReference(second)]);
    expect(cases.map((c) => c?.channels.slack)).toEqual([one, two]);
  });
});
