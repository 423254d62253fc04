// The Snooze button on a review reminder, clicked over signed HTTP: the pending reminder's row is
// cancelled and a new one written one working day later (same time of day), and the clicker is
// told so through the response_url. A second click is refused: a nudge is snoozed once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../../src/adapters/slack/action-values.js";
import { snoozeButton } from "../../../src/adapters/slack/render-blocks.js";
import { CLICK_WINDOW_MS } from "../../../src/adapters/slack/press-middleware.js";
import { calendarFor } from "../../../src/domain/context.js";
import { uniqueReference } from "../../support/database.js";
import { allText, findButton, SlackHarness, slackChannelId } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
const ACCESS_CHANNEL = slackChannelId();
let admin: StaffMember;
let lee: StaffMember;
let ref: string;

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
  });
  await h.ok(lee, channel, `review set ${ref} ${reviewDay()}`);
});

afterAll(async () => {
  await h.stop();
});

async function pendingReminders() {
  return h.prisma.deadline.findMany({ where: { kind: "review_reminder", state: "pending", case: { reference: ref } }, orderBy: { dueAt: "asc" } });
}

describe("Snooze button over signed HTTP", () => {
  it("moves the next review reminder by one working day and says so", async () => {
    const [next] = await pendingReminders();
    expect(next).toBeDefined();
    // The button as the reminder DM draws it.
    const button = findButton([snoozeButton({ caseRef: ref, nudge: "review" })], ACTION.snooze);
    const dm = `D${lee.id.slice(1)}`;

    const click = await h.click(lee, button, { channel: dm });
    expect(click.status).toBe(200);
    const [reply] = await h.fake.waitFor(() => {
      const r = h.fake.responses(click.responseId);
      return r.length ? r : null;
    });
    expect(allText(reply!.body)).toContain(`Snoozed: your review reminder for ${ref} moves from`);

    // The row moved: the original cancelled, a snoozed copy one working day later.
    const original = await h.prisma.deadline.findUniqueOrThrow({ where: { key: next!.key } });
    expect(original.state).toBe("cancelled");
    const moved = await h.prisma.deadline.findFirstOrThrow({ where: { key: { startsWith: `${next!.key}-snoozed-` } } });
    expect(moved.state).toBe("pending");
    const settings = await h.services.uow.run((r) => r.settings.get());
    expect(moved.dueAt.toISOString()).toBe(calendarFor(settings).addWorkingDaysToInstant(next!.dueAt, 1).toISOString());
    expect(moved.dueAt.getTime()).toBeGreaterThan(next!.dueAt.getTime());
  });

  it("refuses a second snooze of the same reminder", async () => {
    await new Promise((r) => setTimeout(r, CLICK_WINDOW_MS + 100)); // past the double-click window
    const button = findButton([snoozeButton({ caseRef: ref, nudge: "review" })], ACTION.snooze);
    const click = await h.click(lee, button, { channel: `D${lee.id.slice(1)}` });
    const [reply] = await h.fake.waitFor(() => {
      const r = h.fake.responses(click.responseId);
      return r.length ? r : null;
    });
    expect(allText(reply!.body)).toMatch(/snoozed once|already/i);
    expect((await h.prisma.deadline.findMany({ where: { key: { contains: "-snoozed-" }, case: { reference: ref } } })).length).toBe(1);
  });
});
