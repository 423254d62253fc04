// Contact with the family in Teams, through real Bot Framework activities: the lead sets a cadence
// by message, then presses Record contact and Snooze on a missed check-in card (adaptiveCard/action
// invokes with verbs "record-contact" and "snooze"). The same rules as in Slack: the contact is
// stored and the next check-in moves on; a snoozed nudge comes back one working day later.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarFor } from "../../../src/domain/context.js";
import { cardText } from "../../support/fake-teams-connector.js";
import { createTestRepos, makeCase, makePractitioner, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, invokeCardOf, personalChat, startHarness, teamsUser, type Harness } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;
const lee = teamsUser("Lee Lead");
const tom = teamsUser("Tom Teacher");
const chat = personalChat();
const c = makeCase({ channels: {} });

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  const lead = makePractitioner({ name: "Lee Lead", chat: { teams: lee.aad } });
  const member = makePractitioner({ name: "Tom Teacher", role: "teacher", chat: { teams: tom.aad } });
  await db.repos.practitioners.create(lead);
  await db.repos.practitioners.create(member);
  await db.repos.cases.create({ ...c, leadId: lead.id, leadSince: new Date(), noLeadSince: null });
  await db.repos.taf.add(c.id, lead.id, new Date());
  await db.repos.taf.add(c.id, member.id, new Date());
  expect((await h.post(make.membersAdded(lee, chat, [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
  expect((await h.post(make.message(lee, chat, `contact every ${c.reference} 1 week`))).status).toBe(200);
  await h.delivered();
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

const pending = () => db.prisma.deadline.findMany({ where: { kind: "contact_missed", state: "pending", caseId: c.id }, orderBy: { dueAt: "asc" } });

async function press(who: typeof lee, verb: string, data: Record<string, unknown>) {
  const answer = invokeCardOf(await h.post(make.invoke(who, chat, verb, { verb, ref: c.reference, ...data })));
  await h.delivered();
  return cardText(answer);
}

describe("Teams: contact with the family", () => {
  it("the cadence set by message is stored with its first check-in", async () => {
    expect(await db.prisma.contactCadence.findUnique({ where: { caseId: c.id } })).toMatchObject({ everyWeeks: 1 });
    expect(await pending()).toHaveLength(1);
  });

  it("Snooze on a sent missed check-in card brings it back one working day later", async () => {
    const [first] = await pending();
    // The worker sent it, with this Snooze action on it.
    await db.prisma.deadline.update({ where: { key: first!.key }, data: { state: "done" } });
    expect(await press(lee, "snooze", { nudge: "contact", reminder: first!.key })).toContain(`Snoozed: I'll remind you again about the check-in for ${c.reference} on`);
    const again = await db.prisma.deadline.findFirstOrThrow({ where: { key: { startsWith: `${first!.key}-snoozed-` } } });
    const settings = await db.repos.settings.get();
    expect(again.dueAt.toISOString()).toBe(calendarFor(settings).addWorkingDaysToInstant(first!.dueAt, 1).toISOString());
  });

  it("Record contact by another TAF member is refused and records nothing", async () => {
    expect(await press(tom, "record-contact", {})).toContain("Only the lead professional");
    expect(await db.prisma.contact.count({ where: { caseId: c.id } })).toBe(0);
  });

  it("Record contact by the lead stores it and replaces the snoozed nudge with the next check-in", async () => {
    expect(await press(lee, "record-contact", {})).toContain(`Contact with the family of ${c.reference} recorded on`);
    expect(await db.prisma.contact.count({ where: { caseId: c.id } })).toBe(1);
    const next = await pending();
    expect(next).toHaveLength(1);
    expect(next[0]!.key).not.toContain("snoozed");
    expect(next[0]!.dueAt.getTime() - Date.now()).toBeGreaterThan(6 * 86_400_000);
  });
});
