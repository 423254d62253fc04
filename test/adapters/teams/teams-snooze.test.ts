// The Snooze action on a review reminder card, pressed in Teams (an adaptiveCard/action invoke
// with verb "snooze"): the pending reminder's row is cancelled and a new one written one working
// day later, and the card answer says so. A second press is refused: a nudge is snoozed once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarFor } from "../../../src/domain/context.js";
import { cardText } from "../../support/fake-teams-connector.js";
import { createTestRepos, makeCase, makePractitioner, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, invokeCardOf, personalChat, startHarness, teamsUser, type Harness } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;
const lee = teamsUser("Lee Lead");
const chat = personalChat();
const c = makeCase({ channels: {} });

/** A day some six weeks ahead, so the reminders before it are all still to come. */
const reviewDay = () => new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  const lead = makePractitioner({ name: "Lee Lead", chat: { teams: lee.aad } });
  await db.repos.practitioners.create(lead);
  await db.repos.cases.create({ ...c, leadId: lead.id, leadSince: new Date(), noLeadSince: null });
  await db.repos.taf.add(c.id, lead.id, new Date());
  expect((await h.post(make.membersAdded(lee, chat, [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
  const res = await h.post(make.message(lee, chat, `review set ${c.reference} ${reviewDay()}`));
  expect(res.status).toBe(200);
  await h.delivered();
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

const pendingReminders = () =>
  db.prisma.deadline.findMany({ where: { kind: "review_reminder", state: "pending", caseId: c.id }, orderBy: { dueAt: "asc" } });

async function pressSnooze() {
  const answer = invokeCardOf(await h.post(make.invoke(lee, chat, "snooze", { verb: "snooze", ref: c.reference, nudge: "review" })));
  await h.delivered();
  return cardText(answer);
}

describe("Teams: Snooze on a review reminder", () => {
  it("moves the next reminder by one working day and answers with the new time", async () => {
    const [next] = await pendingReminders();
    expect(next).toBeDefined();
    expect(await pressSnooze()).toContain(`Snoozed: your review reminder for ${c.reference} moves from`);
    expect((await db.prisma.deadline.findUniqueOrThrow({ where: { key: next!.key } })).state).toBe("cancelled");
    const moved = await db.prisma.deadline.findFirstOrThrow({ where: { key: { startsWith: `${next!.key}-snoozed-` } } });
    expect(moved.state).toBe("pending");
    const settings = await db.repos.settings.get();
    expect(moved.dueAt.toISOString()).toBe(calendarFor(settings).addWorkingDaysToInstant(next!.dueAt, 1).toISOString());
  });

  it("refuses a second snooze of the same reminder and changes nothing", async () => {
    const before = await db.prisma.deadline.findMany({ where: { caseId: c.id }, orderBy: { key: "asc" } });
    expect(await pressSnooze()).toMatch(/snoozed once|already/i);
    expect(await db.prisma.deadline.findMany({ where: { caseId: c.id }, orderBy: { key: "asc" } })).toEqual(before);
  });
});
