// The Snooze action on a review reminder card, pressed in Teams (an adaptiveCard/action invoke
// with verb "snooze"): the action carries which reminder the card was sent for, that reminder
// comes back one working day later, and the card answer says when. A second press is refused (a
// reminder is snoozed once), and Snooze on an outdated card (the ask for a review date, after the
// date was set) answers that it is no longer current and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarFor } from "../../../src/domain/context.js";
import { makeDeadline } from "../../../src/domain/deadlines/deadline-keys.js";
import { cardText } from "../../support/fake-teams-connector.js";
import { createTestRepos, makeCase, makePractitioner, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, invokeCardOf, personalChat, startHarness, teamsUser, type Harness } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;
const lee = teamsUser("Lee Lead");
const chat = personalChat();
const c = makeCase({ channels: {} });
// As when Lee was appointed: asked for a review date, with the next ask due tomorrow.
const ask = makeDeadline("review-date-missing", c.id, c.id, new Date(Date.now() + 86_400_000));

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
  await db.repos.deadlines.schedule([ask]);
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

const everyDeadline = () => db.prisma.deadline.findMany({ where: { caseId: c.id }, orderBy: { key: "asc" } });

async function pressSnooze(reminder: string) {
  const answer = invokeCardOf(await h.post(make.invoke(lee, chat, "snooze", { verb: "snooze", ref: c.reference, nudge: "review", reminder })));
  await h.delivered();
  return cardText(answer);
}

describe("Teams: Snooze on a review reminder", () => {
  it("on an outdated card (the ask for a review date, now set) answers it is no longer current and changes nothing", async () => {
    const before = await everyDeadline();
    expect(await pressSnooze(ask.key)).toContain("This reminder is no longer current");
    expect(await everyDeadline()).toEqual(before);
  });

  it("brings the card's reminder back one working day later and answers with when; the next one stays", async () => {
    const [first, second] = await pendingReminders();
    // The worker sent the first reminder, with this Snooze action on it.
    await db.prisma.deadline.update({ where: { key: first!.key }, data: { state: "done" } });
    expect(await pressSnooze(first!.key)).toContain(`Snoozed: I'll remind you again about the review for ${c.reference} on`);
    const again = await db.prisma.deadline.findFirstOrThrow({ where: { key: { startsWith: `${first!.key}-snoozed-` } } });
    expect(again.state).toBe("pending");
    const settings = await db.repos.settings.get();
    expect(again.dueAt.toISOString()).toBe(calendarFor(settings).addWorkingDaysToInstant(first!.dueAt, 1).toISOString());
    expect((await db.prisma.deadline.findUniqueOrThrow({ where: { key: second!.key } })).state).toBe("pending");
  });

  it("refuses a second snooze of the same reminder and changes nothing", async () => {
    const before = await everyDeadline();
    const sent = before.find((d) => d.kind === "review_reminder" && d.state === "done")!;
    expect(await pressSnooze(sent.key)).toMatch(/snoozed once|already/i);
    expect(await everyDeadline()).toEqual(before);
  });
});
