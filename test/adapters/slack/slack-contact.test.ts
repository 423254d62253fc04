// Contact with the family over signed Slack HTTP: the lead sets a cadence and records a contact
// by /lead, and again with the Record contact button of a missed check-in nudge; what lands in
// Postgres (the cadence, the contact, the next check-in's deadline) and in the case channel (a
// compact line, no note). Bad input and other TAF members are refused and change nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../../src/adapters/slack/action-values.js";
import { renderView } from "../../../src/adapters/slack/render-blocks.js";
import { uniqueReference } from "../../support/database.js";
import { allText, findButton, replyKind, SlackHarness, slackChannelId } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
const ACCESS_CHANNEL = slackChannelId();
const CHANNEL = slackChannelId();
let admin: StaffMember;
let lee: StaffMember;
let tom: StaffMember;
let ref: string;

const say = async (user: StaffMember, channel: string, text: string) => h.replyTo(await h.command(user, channel, text));
const caseOf = () => h.prisma.case.findUniqueOrThrow({ where: { reference: ref } });
const checkIns = async () => (await h.prisma.deadline.findMany({ where: { kind: "contact_missed", state: "pending", case: { reference: ref } } })).map((d) => d.dueAt);
const channelLines = () => h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === CHANNEL && allText(c.body).includes("recorded contact with the family"));

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  lee = await register(h, admin, ACCESS_CHANNEL, "Lee Lead", "family-support-worker");
  tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher");
  ref = uniqueReference();
  await h.ok(lee, CHANNEL, `case open ${ref} --status early-help`);
  await h.ok(lee, CHANNEL, `taf add ${ref} <@${tom.id}>`);
  const leeId = await practitionerId(h, lee);
  await h.services.uow.run(async (r) => {
    const c = (await r.cases.getByReference(ref))!;
    await r.cases.update({ ...c, leadId: leeId, leadSince: new Date(), noLeadSince: null });
  });
});

afterAll(async () => {
  await h.stop();
});

describe("Slack: contact with the family", () => {
  it("refuses bad cadences with the usage line, and another TAF member, changing nothing", async () => {
    for (const text of [`contact every ${ref} 0 weeks`, `contact every ${ref} 50 weeks`, `contact every ${ref} fortnightly`]) {
      const refused = await say(lee, CHANNEL, text);
      expect(replyKind(refused)).toBe("error");
      expect(allText(refused)).toContain("contact every &lt;ref&gt; &lt;n&gt; weeks|off");
    }
    const notLead = await say(tom, CHANNEL, `contact every ${ref} 2 weeks`);
    expect(allText(notLead)).toContain(`Only the lead professional for ${ref} or the access team`);
    expect(allText(notLead)).not.toContain("*Usage*");
    expect(allText(await say(tom, CHANNEL, `contact ${ref}`))).toContain("records check-ins with the family");
    const c = await caseOf();
    expect(await h.prisma.contactCadence.count({ where: { caseId: c.id } })).toBe(0);
    expect(await h.prisma.contact.count({ where: { caseId: c.id } })).toBe(0);
    expect(await checkIns()).toEqual([]);
  });

  it("sets a cadence: stored, and the first check-in scheduled two weeks on", async () => {
    const reply = await h.ok(lee, CHANNEL, `contact every ${ref} 2 weeks`);
    expect(allText(reply)).toContain(`Contact with the family of ${ref}: every 2 weeks.`);
    const c = await caseOf();
    expect(await h.prisma.contactCadence.findUnique({ where: { caseId: c.id } })).toMatchObject({ everyWeeks: 2 });
    const [due] = await checkIns();
    const days = (due!.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13);
    expect(days).toBeLessThan(18); // the working morning of that day or after a weekend or holiday
  });

  it("records a contact: stored with its note, a compact line (without the note) to the case channel, the check-in moved on", async () => {
    const reply = await h.ok(lee, CHANNEL, `contact ${ref} phoned, the family is settling in`);
    expect(allText(reply)).toContain(`Contact with the family of ${ref} recorded on`);
    const c = await caseOf();
    const [contact] = await h.prisma.contact.findMany({ where: { caseId: c.id } });
    expect(contact).toMatchObject({ note: "phoned, the family is settling in" });
    const [line] = await h.fake.waitFor(() => (channelLines().length ? channelLines() : null));
    expect(allText(line!.body)).not.toContain("settling in");
    expect(await checkIns()).toHaveLength(1);
    const audit = await h.prisma.auditEvent.findFirstOrThrow({ where: { caseId: c.id, action: "contact.recorded" } });
    expect(JSON.stringify(audit.detail)).not.toContain("settling");
  });

  it("the Record contact button on a missed check-in nudge records one, once for a double click", async () => {
    const c = await caseOf();
    const before = await h.prisma.contact.count({ where: { caseId: c.id } });
    const nudge = renderView({ type: "contact", caseRef: ref, event: "missed", everyWeeks: 2, since: "2026-11-23", sinceContact: false, snoozeKey: "contact-missed-x-1" }, { timeZone: "Europe/London", interactive: true });
    const button = findButton(nudge.blocks, ACTION.recordContact);
    const dm = `D${lee.id.slice(1)}`;
    const clicks = await Promise.all([h.click(lee, button, { channel: dm }), h.click(lee, button, { channel: dm })]);
    expect(clicks.map((k) => k.status)).toEqual([200, 200]);
    const replies = await h.fake.waitFor(() => {
      const r = clicks.flatMap((k) => h.fake.responses(k.responseId));
      return r.length ? r : null;
    });
    expect(allText(replies[0]!.body)).toContain(`Contact with the family of ${ref} recorded on`);
    await new Promise((r) => setTimeout(r, 500));
    expect(await h.prisma.contact.count({ where: { caseId: c.id } })).toBe(before + 1);
  });

  it("case status shows the cadence and the last contact in UK form", async () => {
    const status = allText(await h.ok(tom, CHANNEL, `case status ${ref}`));
    expect(status).toContain("Every 2 weeks");
    expect(status).toMatch(/Last contact:\*? (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}/);
  });

  it("turns the cadence off: no check-in left", async () => {
    expect(allText(await h.ok(lee, CHANNEL, `contact every ${ref} off`))).toContain("turned off");
    expect(await checkIns()).toEqual([]);
  });
});
