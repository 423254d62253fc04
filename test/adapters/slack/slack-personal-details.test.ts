// No child's personal details in chat [DOMAIN §1, §10], over signed Slack HTTP: a reason that
// looks like a date of birth, a postcode, an NHS number, a phone number or an email is held (the
// person is asked to take it out; nothing is posted or written but the refusal's audit row, and
// no log line holds the text), and runs once the person says it is not a child's details.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPersonalDetails } from "../../../src/domain/rules/personal-details.js";
import { uniqueReference } from "../../support/database.js";
import { allText, replyKind, SlackHarness, slackChannelId } from "./slack-harness.js";
import { register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const ACCESS_CHANNEL = "C0ACCESSTEAM";
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

const proposals = async (ref: string) => {
  const c = await h.services.uow.run((r) => r.cases.getByReference(ref));
  return h.prisma.proposal.count({ where: { caseId: c!.id } });
};

describe("Slack: free text that looks like a child's details", () => {
  it.each([
    ["a date of birth", "Jamie DOB 14/02/2015 knows her best"],
    ["a postcode", "lives near WN1 1AB, closest to the family"],
    ["an NHS number", "linked to NHS 999 000 0018"],
    ["a phone number", "mum prefers her, call 07700 900123"],
    ["an email address", "contact parent.name@example.org first"],
  ])("holds a proposal whose reason holds %s, and posts nothing", async (kind, reason) => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker");
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { agency: "Health Visiting" });
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    await h.ok(fay, channel, `taf add ${ref} <@${hana.id}|${hana.handle}>`);
    await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === channel && allText(c.body).includes("to the TAF")));
    const postsBefore = h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel).length;

    const held = await h.replyTo(await h.command(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> ${reason}`));
    expect(replyKind(held)).toBe("error");
    expect(allText(held)).toContain(`looks like it holds ${kind}`);
    expect(allText(held)).toContain("--not-child-details");
    expect(await proposals(ref)).toBe(0);
    // A moment for anything that would have been posted.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel)).toHaveLength(postsBefore);
    const details = findPersonalDetails(reason, "2026-12-03").map((f) => f.match);
    expect(details.length).toBeGreaterThan(0);
    for (const line of h.logLines) {
      expect(line).not.toContain(reason);
      for (const detail of details) expect(line).not.toContain(detail);
    }
  });

  it("runs the command when the person says the text is not a child's details", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker");
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { agency: "Health Visiting" });
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    await h.ok(fay, channel, `taf add ${ref} <@${hana.id}|${hana.handle}>`);
    // The school office's number, not the family's.
    await h.ok(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> school office is 0161 496 0321 --not-child-details`);
    expect(await proposals(ref)).toBe(1);
    const card = await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === channel && allText(c.body).includes("school office is 0161 496 0321")));
    expect(allText(card.body)).not.toContain("--not-child-details");
  });
});

describe("Slack: a child's name as a case reference", () => {
  it("refuses `case open Jamie-Smith` with the reason, and opens nothing", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker");
    const refused = await h.replyTo(await h.command(fay, slackChannelId(), "case open Jamie-Smith --status early-help"));
    expect(replyKind(refused)).toBe("error");
    expect(allText(refused)).toContain("letters, digits and hyphens with at least one digit");
    expect(await h.services.uow.run((r) => r.cases.getByReference("JAMIE-SMITH"))).toBeNull();
  });
});
