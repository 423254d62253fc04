// Dates shown to people in Slack are in one UK form ("Fri 12 Mar 2027"), never ISO: the reply to
// `review set`, `case status` and the overdue alert, which also says how many working days late
// the review is [issue 16 item 6]. Slack's own date tokens stay for moments; their fallback is UK.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeDeadline } from "../../../src/application/execute-deadline.js";
import { calendarFor } from "../../../src/domain/context.js";
import { makeDeadline } from "../../../src/domain/deadlines/deadline-keys.js";
import { uniqueReference } from "../../support/database.js";
import { allText, SlackHarness, slackChannelId } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
const ACCESS_CHANNEL = slackChannelId();
const channel = slackChannelId();
let admin: StaffMember;
let lee: StaffMember;
let ref: string;

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  lee = await register(h, admin, ACCESS_CHANNEL, "Lee Lead", "family-support-worker");
  ref = uniqueReference();
  await h.ok(lee, channel, `case open ${ref} --status early-help`);
  const leeId = await practitionerId(h, lee);
  await h.services.uow.run(async (r) => {
    const c = (await r.cases.getByReference(ref))!;
    await r.cases.update({ ...c, leadId: leeId, leadSince: new Date(), noLeadSince: null });
  });
});

afterAll(async () => {
  await h.stop();
});

describe("Slack: dates in UK form", () => {
  it("confirms a review date and shows it in case status as 'Fri 12 Mar 2027'", async () => {
    const set = allText(await h.ok(lee, channel, `review set ${ref} 2027-03-12`));
    expect(set).toContain(`Review for ${ref} set for Fri 12 Mar 2027.`);
    expect(set).not.toContain("2027-03-12");
    const status = allText(await h.ok(lee, channel, `case status ${ref}`));
    expect(status).toContain("Fri 12 Mar 2027");
    expect(status).not.toContain("2027-03-12");
  });

  it("says how many working days overdue a review is, with the date in UK form", async () => {
    const settings = await h.services.uow.run((r) => r.settings.get());
    const calendar = calendarFor(settings);
    const local = calendar.localDate(new Date());
    // On a weekend or a bank holiday the count of working days overdue stops at the last working day.
    const lastWorkingDay = calendar.isWorkingDay(local) ? local : calendar.addWorkingDays(local, -1);
    const dueOn = calendar.addWorkingDays(lastWorkingDay, -3);
    const key = await h.services.uow.run(async (r) => {
      const c = (await r.cases.getByReference(ref))!;
      await r.cases.update({ ...c, reviewDate: dueOn });
      const d = makeDeadline("review-overdue", c.id, c.id, new Date(Date.now() - 60_000));
      await r.deadlines.schedule([d]);
      return d.key;
    });
    const mark = h.fake.callsTo("chat.postMessage").length;
    const { fired, outcome } = await executeDeadline(h.services, key);
    expect(fired).toBe(true);
    await h.services.runner.deliver(outcome);
    const alerts = h.fake
      .callsTo("chat.postMessage")
      .slice(mark)
      .map((c) => allText(c.body))
      .filter((t) => t.includes(ref) && t.includes("overdue"));
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert).toContain("3 working days overdue");
      expect(alert).not.toContain(dueOn);
      expect(alert).toMatch(/was due on \*?(Mon|Tue|Wed|Thu|Fri) \d{1,2} [A-Z][a-z]{2} \d{4}/);
    }
  });
});
