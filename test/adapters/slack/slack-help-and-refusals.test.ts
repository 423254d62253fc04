// Help that teaches, over signed Slack HTTP [issue 16 item 8]: `help` groups the everyday
// commands and keeps the admin ones under `help admin`; `help <command>` gives an example and
// explains the options; a refusal for who may act or the case's state ends without a usage
// block (an input mistake keeps it); `caseload` names the cases; opening a second case in a
// channel that already serves one asks for confirmation and opens nothing until given.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueReference } from "../../support/database.js";
import { allText, replyKind, SlackHarness, slackChannelId } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
const ACCESS_CHANNEL = slackChannelId();
let admin: StaffMember;
let lee: StaffMember;

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  lee = await register(h, admin, ACCESS_CHANNEL, "Lee Lead", "family-support-worker");
});

afterAll(async () => {
  await h.stop();
});

const say = async (user: StaffMember, channel: string, text: string) => h.replyTo(await h.command(user, channel, text));

describe("Slack: help that teaches", () => {
  it("groups the everyday commands and keeps admin commands under help admin", async () => {
    const help = allText(await say(lee, slackChannelId(), "help"));
    for (const heading of ["Choosing a lead professional", "Reviews", "Handover", "Escalation"]) expect(help).toContain(`*${heading}*`);
    expect(help).toContain("/lead propose &lt;ref&gt; @who");
    expect(help).not.toContain("practitioner add");
    expect(help).toContain("/lead help admin");
    const adminHelp = allText(await say(lee, slackChannelId(), "help admin"));
    expect(adminHelp).toContain("practitioner add");
    expect(adminHelp).toContain("/lead audit &lt;ref&gt;");
  });

  it("explains one command with an example and what its options mean", async () => {
    const propose = allText(await say(lee, slackChannelId(), "help propose"));
    expect(propose).toContain("*Examples*");
    expect(propose).toContain("/lead propose EH-2026-0042 @sam.patel");
    expect(propose).toContain("*Options*");
    expect(propose).toContain("*--family prefers @who*: the family would rather have someone else");
  });
});

describe("Slack: refusals", () => {
  it("ends a permission refusal without a usage block", async () => {
    const refused = await say(lee, slackChannelId(), "report");
    expect(replyKind(refused)).toBe("error");
    expect(allText(refused)).toContain("Only the access team and the early help co-ordinator can run the compliance report.");
    expect(allText(refused)).not.toContain("*Usage*");
  });

  it("keeps the usage block after a mistake in what was typed", async () => {
    const refused = await say(admin, ACCESS_CHANNEL, "report from 2026-12-01 to 2026-11-02");
    expect(replyKind(refused)).toBe("error");
    expect(allText(refused)).toContain("The period starts on Tue 1 Dec 2026, after it ends on Mon 2 Nov 2026.");
    expect(allText(refused)).toContain("*Usage*");
  });
});

describe("Slack: caseload", () => {
  it("lists the references of the cases someone leads, not just the count", async () => {
    const leeId = await practitionerId(h, lee);
    const refs = [uniqueReference(), uniqueReference()];
    for (const ref of refs) {
      await h.ok(lee, slackChannelId(), `case open ${ref} --status early-help`);
      await h.services.uow.run(async (r) => {
        const c = (await r.cases.getByReference(ref))!;
        await r.cases.update({ ...c, leadId: leeId, leadSince: new Date(), noLeadSince: null });
      });
    }
    const caseload = allText(await say(lee, slackChannelId(), "caseload"));
    for (const ref of refs) expect(caseload).toContain(`*${ref}*`);
  });
});

describe("Slack: a second case in a channel already serving one", () => {
  it("asks for confirmation and opens nothing until --no-channel confirms it", async () => {
    const first = uniqueReference();
    const second = uniqueReference();
    const channel = slackChannelId();
    await h.ok(lee, channel, `case open ${first} --status early-help`);

    const asked = await say(lee, channel, `case open ${second} --status early-help`);
    expect(replyKind(asked)).toBe("error");
    const text = allText(asked);
    expect(text).toContain(`This channel is already the channel for ${first}.`);
    expect(text).toContain(`case open ${second} --status early-help --no-channel`);
    expect(text).not.toContain("*Usage*");
    expect(await h.services.uow.run((r) => r.cases.getByReference(second))).toBeFalsy();

    const opened = await say(lee, channel, `case open ${second} --status early-help --no-channel`);
    expect(replyKind(opened)).toBe("case");
    const cases = await h.services.uow.run(async (r) => [await r.cases.getByReference(first), await r.cases.getByReference(second)]);
    expect(cases.map((c) => c?.channels.slack)).toEqual([channel, undefined]);
  });
});
