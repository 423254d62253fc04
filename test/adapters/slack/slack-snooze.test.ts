// The Snooze button on a review reminder, clicked over signed HTTP. The button carries which
// reminder its card was sent for: that reminder comes back one working day later, the clicker is
// told when through the response_url, and no other reminder moves. A second click is refused (a
// reminder is snoozed once), and the Snooze on an outdated card (the ask for a review date, after
// the date was set) answers that it is no longer current and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../../src/adapters/slack/action-values.js";
import { snoozeButton } from "../../../src/adapters/slack/render-blocks.js";
import { CLICK_WINDOW_MS } from "../../../src/adapters/slack/press-middleware.js";
import { calendarFor } from "../../../src/domain/context.js";
import { makeDeadline } from "../../../src/domain/deadlines/deadline-keys.js";
import { uniqueReference } from "../../support/database.js";
import { allText, findButton, SlackHarness, slackChannelId } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
const ACCESS_CHANNEL = slackChannelId();
let admin: StaffMember;
let lee: StaffMember;
let ref: string;
let askKey: string;

/** An ISO day a month or so ahead, so the reminders 5 and 1 working days before are still to come. */
const reviewDay = () => new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  lee = await register(h, admin, ACCESS_CHANNEL, "Lee Lead", "family-support-worker");
  ref = uniqueReference();
  const channel = slackChannelId();
  await h.ok(lee, channel, `case open ${ref} --status early-help`);
  const leeId = await practitionerId(h, lee);
  await h.services.uow.run(async (r) => {
    const c = (await r.cases.getByReference(ref))!;
    await r.cases.update({ ...c, leadId: leeId, leadSince: new Date(), noLeadSince: null });
    // As when Lee was appointed: asked for a review date, with the next ask due tomorrow.
    const ask = makeDeadline("review-date-missing", c.id, c.id, new Date(Date.now() + 86_400_000));
    askKey = ask.key;
    await r.deadlines.schedule([ask]);
  });
  await h.ok(lee, channel, `review set ${ref} ${reviewDay()}`);
});

afterAll(async () => {
  await h.stop();
});

async function pendingReminders() {
  return h.prisma.deadline.findMany({ where: { kind: "review_reminder", state: "pending", case: { reference: ref } }, orderBy: { dueAt: "asc" } });
}
const everyDeadline = () => h.prisma.deadline.findMany({ where: { case: { reference: ref } }, orderBy: { key: "asc" } });

async function clickSnooze(reminder: string): Promise<string> {
  // The button as the reminder DM draws it.
  const button = findButton([snoozeButton({ caseRef: ref, nudge: "review", reminder })], ACTION.snooze);
  const click = await h.click(lee, button, { channel: `D${lee.id.slice(1)}` });
  expect(click.status).toBe(200);
  const [reply] = await h.fake.waitFor(() => {
    const r = h.fake.responses(click.responseId);
    return r.length ? r : null;
  });
  return allText(reply!.body);
}

describe("Snooze button over signed HTTP", () => {
  it("on an outdated card (the ask for a review date, now set) answers it is no longer current and changes nothing", async () => {
    const before = await everyDeadline();
    expect(await clickSnooze(askKey)).toContain("This reminder is no longer current");
    expect(await everyDeadline()).toEqual(before);
  });

  it("brings the card's reminder back one working day later and says when; the next one stays", async () => {
    await new Promise((r) => setTimeout(r, CLICK_WINDOW_MS + 100)); // past the double-click window
    const [first, second] = await pendingReminders();
    // The worker sent the first reminder, with this Snooze button on it.
    await h.prisma.deadline.update({ where: { key: first!.key }, data: { state: "done" } });

    expect(await clickSnooze(first!.key)).toContain(`Snoozed: I'll remind you again about the review for ${ref} on`);
    const again = await h.prisma.deadline.findFirstOrThrow({ where: { key: { startsWith: `${first!.key}-snoozed-` } } });
    expect(again.state).toBe("pending");
    const settings = await h.services.uow.run((r) => r.settings.get());
    expect(again.dueAt.toISOString()).toBe(calendarFor(settings).addWorkingDaysToInstant(first!.dueAt, 1).toISOString());
    // The next reminder is untouched.
    expect((await h.prisma.deadline.findUniqueOrThrow({ where: { key: second!.key } })).state).toBe("pending");
  });

  it("refuses a second snooze of the same reminder", async () => {
    await new Promise((r) => setTimeout(r, CLICK_WINDOW_MS + 100)); // past the double-click window
    const sent = await h.prisma.deadline.findFirstOrThrow({ where: { kind: "review_reminder", state: "done", case: { reference: ref } } });
    expect(await clickSnooze(sent.key)).toMatch(/snoozed once|already/i);
    expect((await h.prisma.deadline.findMany({ where: { key: { contains: "-snoozed-" }, case: { reference: ref } } })).length).toBe(1);
  });
});
