// Posted cards are kept true, over signed HTTP against the fake Slack API: when the state behind a
// card changes, every posted copy gets a chat.update (same channel, same ts) with what it now
// shows. A resolved escalation's alerts (each decider's DM and the case channel) say who resolved
// it and how and lose their buttons; the nominee's card loses Accept and Decline once answered; a
// snoozed reminder loses Snooze and says when it comes again; a closed case's review cards say it
// has no next review.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../../src/adapters/slack/action-values.js";
import { executeDeadline } from "../../../src/application/execute-deadline.js";
import { uniqueReference } from "../../support/database.js";
import type { RecordedCall } from "../../support/fake-slack-api.js";
import { allText, findButton, SlackHarness, slackChannelId } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
const ACCESS_CHANNEL = slackChannelId();
let admin: StaffMember;
let mo: StaffMember;
let meg: StaffMember;

const firstBlockId = (c: RecordedCall) => (c.body.blocks as Array<{ block_id?: string }> | undefined)?.[0]?.block_id;
const words = (c: RecordedCall) => allText(c.body).replace(/\*/g, "");
const buttons = (c: RecordedCall) => JSON.stringify(c.body.blocks ?? []).match(/"type":"button"/g)?.length ?? 0;

/** The first post to `channel` (a user id means their DM) that matches. */
const postTo = (channel: string, match: (c: RecordedCall) => boolean) =>
  h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === channel && match(c)));

/** The latest chat.update of exactly that posted message, once one says `saying`. */
async function updatedTo(post: RecordedCall, saying: string): Promise<RecordedCall> {
  const { channel, ts } = post.response as { channel: string; ts: string };
  return h.fake.waitFor(() => h.fake.callsTo("chat.update").filter((c) => c.body.channel === channel && c.body.ts === ts && words(c).includes(saying)).at(-1));
}

/** A review date a month or so ahead, so its reminders are still to come. */
const reviewDay = () => new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);

/** A case led by `lead` with a review date, and the first review reminder sent to them. */
async function caseWithReminder(lead: StaffMember) {
  const ref = uniqueReference();
  const channel = slackChannelId();
  await h.ok(lead, channel, `case open ${ref} --status early-help`);
  const leadId = await practitionerId(h, lead);
  await h.services.uow.run(async (r) => {
    const c = (await r.cases.getByReference(ref))!;
    await r.cases.update({ ...c, leadId, leadSince: new Date(), noLeadSince: null });
  });
  await h.ok(lead, channel, `review set ${ref} ${reviewDay()}`);
  const first = await h.prisma.deadline.findFirstOrThrow({ where: { kind: "review_reminder", state: "pending", case: { reference: ref } }, orderBy: { dueAt: "asc" } });
  const fired = await executeDeadline(h.services, first.key);
  expect(fired.fired).toBe(true);
  await h.services.dispatcher.dispatchMany(fired.outcome.outboxKeys);
  const reminder = await postTo(lead.id, (c) => firstBlockId(c) === "lead.review" && words(c).includes(ref));
  return { ref, channel, reminder };
}

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  mo = await register(h, admin, ACCESS_CHANNEL, "Mo Manager", "manager");
  meg = await register(h, admin, ACCESS_CHANNEL, "Meg Manager", "manager");
});

afterAll(async () => {
  await h.stop();
});

describe("Slack: cards stay true", () => {
  it("a resolved escalation: each decider's alert and the case channel's say who resolved it and how, with no buttons", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: mo });
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { manager: meg });
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    await h.ok(fay, channel, `taf add ${ref} <@${hana.id}|${hana.handle}>`);
    await h.ok(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> health needs lead --family agrees`);
    await h.ok(fay, channel, `vote ${ref} agree`);
    await h.ok(hana, channel, `vote ${ref} decline`);
    const isAlert = (c: RecordedCall) => firstBlockId(c) === "lead.escalation" && words(c).includes(ref);
    const alerts = [await postTo(mo.id, isAlert), await postTo(meg.id, isAlert), await postTo(channel, isAlert)];
    for (const alert of alerts) expect(buttons(alert)).toBeGreaterThan(0);

    await h.ok(meg, channel, `resolve ${ref} return meet as a TAF first`);
    for (const alert of alerts) {
      const updated = await updatedTo(alert, "Resolved by Meg Manager");
      expect(words(updated)).toContain("Sent back to the TAF for a new proposal: meet as a TAF first");
      expect(buttons(updated)).toBe(0);
    }
  });

  it("the nominee's card loses Accept and Decline once they answer, and says so", async () => {
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: mo });
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { manager: meg });
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    await h.ok(fay, channel, `taf add ${ref} <@${hana.id}|${hana.handle}>`);
    await h.ok(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> health needs lead --family agrees`);
    const card = await postTo(hana.id, (c) => words(c).includes("has proposed you as lead professional") && words(c).includes(ref));
    expect(buttons(card)).toBe(2);
    const accept = findButton(card.body.blocks, ACTION.accept);

    const click = await h.click(hana, accept, { channel: `D${hana.id.slice(1)}`, messageTs: (card.response as { ts: string }).ts });
    expect(click.status).toBe(200);
    const updated = await updatedTo(card, `You accepted the nomination for ${ref}`);
    expect(buttons(updated)).toBe(0);
  });

  it("a snoozed reminder loses its Snooze button and says when it comes again", async () => {
    const lee = await register(h, admin, ACCESS_CHANNEL, "Lee Lead", "family-support-worker");
    const { reminder } = await caseWithReminder(lee);
    const snooze = findButton(reminder.body.blocks, ACTION.snooze);
    const click = await h.click(lee, snooze, { channel: `D${lee.id.slice(1)}`, messageTs: (reminder.response as { ts: string }).ts });
    expect(click.status).toBe(200);
    const updated = await updatedTo(reminder, "Snoozed: I'll remind you again on");
    expect(buttons(updated)).toBe(0);
  });

  it("a closed case: its review reminder and its review date card say it has no next review", async () => {
    const lee = await register(h, admin, ACCESS_CHANNEL, "Lee Lead", "family-support-worker");
    const { ref, channel, reminder } = await caseWithReminder(lee);
    const dateCard = await postTo(channel, (c) => firstBlockId(c) === "lead.review" && words(c).includes("The next review of"));
    await h.ok(lee, channel, `close ${ref} progress made`);
    await h.ok(lee, channel, `vote ${ref} agree`);
    for (const card of [reminder, dateCard]) {
      const updated = await updatedTo(card, `${ref} is closed: it has no next review`);
      expect(buttons(updated)).toBe(0);
    }
  });
});
