// Dates shown to people in Teams are in one UK form ("Fri 12 Mar 2027"), never ISO: the reply to
// `review set` and the overdue alert, which also says how many working days late the review is
// [issue 16 item 6].
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeDeadline } from "../../../src/application/execute-deadline.js";
import { calendarFor } from "../../../src/domain/context.js";
import { makeDeadline } from "../../../src/domain/deadlines/deadline-keys.js";
import { cardOf, cardText } from "../../support/fake-teams-connector.js";
import { createTestRepos, makeCase, makePractitioner, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, personalChat, startHarness, teamsUser, type Harness } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;
const lee = teamsUser("Lee Lead");
const chat = personalChat();
const c = makeCase({ channels: {} });

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  const lead = makePractitioner({ name: "Lee Lead", chat: { teams: lee.aad } });
  await db.repos.practitioners.create(lead);
  await db.repos.cases.create({ ...c, leadId: lead.id, leadSince: new Date(), noLeadSince: null });
  await db.repos.taf.add(c.id, lead.id, new Date());
  expect((await h.post(make.membersAdded(lee, chat, [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

const textsSince = (mark: number) =>
  h.connector
    .since(mark)
    .filter((call) => call.conversationId.startsWith(chat.id))
    .map((call) => cardText(cardOf(call.activity)) || String(call.activity.text ?? ""));

describe("Teams: dates in UK form", () => {
  it("confirms a review date as 'Fri 12 Mar 2027'", async () => {
    const mark = h.connector.mark();
    expect((await h.post(make.message(lee, chat, `review set ${c.reference} 2027-03-12`))).status).toBe(200);
    await h.delivered();
    const said = textsSince(mark).join("\n");
    expect(said).toContain(`Review for ${c.reference} set for Fri 12 Mar 2027.`);
    expect(said).not.toContain("2027-03-12");
  });

  it("says how many working days overdue a review is", async () => {
    const calendar = calendarFor(await db.repos.settings.get());
    const local = calendar.localDate(new Date());
    // On a weekend or a bank holiday the count of working days overdue stops at the last working day.
    const lastWorkingDay = calendar.isWorkingDay(local) ? local : calendar.addWorkingDays(local, -1);
    const dueOn = calendar.addWorkingDays(lastWorkingDay, -2);
    const current = (await db.repos.cases.get(c.id))!;
    await db.repos.cases.update({ ...current, reviewDate: dueOn });
    const d = makeDeadline("review-overdue", c.id, c.id, new Date(Date.now() - 60_000));
    await db.repos.deadlines.schedule([d]);
    const mark = h.connector.mark();
    const { fired, outcome } = await executeDeadline(h.services, d.key);
    expect(fired).toBe(true);
    await h.services.runner.deliver(outcome);
    await h.delivered();
    const alert = textsSince(mark).find((t) => t.includes("overdue"));
    expect(alert).toBeDefined();
    expect(alert).toContain("2 working days overdue");
    expect(alert).not.toContain(dueOn);
  });
});
