// A nudge whose reason has gone is never sent [DOMAIN §6], even when it was already in the outbox:
// the review reminder fired, the chat API answered 503, and before the retry the lead recorded
// the review as held. The retry finds the reason gone and drops the reminder: nothing is sent,
// the delivery is recorded as dropped with the reason, the entry is settled, and the audit trail
// says so. The same for an escalation reminder to a decider who acknowledged meanwhile.
// Real worker, Postgres and Redis. Starts Monday 23 November 2026, 10:00 London (GMT).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import { FailOnceSender } from "./support/fail-once-sender.js";
import { about, handleOf, TEST_TIMINGS, waitFor, WorkerWorld } from "./support/harness.js";

let w: WorkerWorld;
let slack: FailOnceSender;
let lee: Practitioner; // lead, Slack only
let mia: Practitioner; // TAF member, Slack only
let max: Practitioner; // Lee's manager: an escalation decider
let meg: Practitioner; // Mia's manager: an escalation decider
let ref: string;
let escalationRef: string;

const isReminder = (v: View) => v.type === "review" && v.event === "reminder";
const isEscalationReminder = (v: View) => v.type === "text" && v.text.startsWith("Reminder: the escalation");

beforeAll(async () => {
  w = await WorkerWorld.create("dropped", {
    start: "2026-11-23T10:00:00Z",
    // Backoff long enough that the retry surely comes after the test's command.
    timings: { ...TEST_TIMINGS, deliveryBackoffMs: 500 },
    senders: (s, t) => {
      slack = new FailOnceSender(s);
      return [slack, t];
    },
  });
  max = await w.practitioner("Max Manager", ["slack"], { role: "manager" });
  meg = await w.practitioner("Meg Manager", ["slack"], { role: "manager" });
  lee = await w.practitioner("Lee Lead", ["slack"], { managerId: max.id });
  mia = await w.practitioner("Mia Member", ["slack"], { managerId: meg.id });
  await w.startWorker();

  // Lee is agreed at once (everyone voted) and sets the review for Monday 7 December.
  ref = w.uniqueRef();
  await w.as(mia, { name: "case-open", ref, statuses: ["early-help"] }, { channelId: `C-DROP-${w.token}` });
  await w.as(mia, { name: "taf-add", ref, person: handleOf(lee) });
  await w.as(mia, { name: "propose", ref, nominee: handleOf(lee), reason: "", family: { kind: "agrees" } });
  await w.as(lee, { name: "vote", ref, choice: "accept", reason: "" });
  await w.as(mia, { name: "vote", ref, choice: "agree", reason: "" });
  await w.as(lee, { name: "review-set", ref, date: { kind: "iso", date: "2026-12-07" } });

  // A disagreement: Lee objects to Mia, so Max and Meg decide (level 1) and are reminded each morning.
  escalationRef = w.uniqueRef();
  await w.as(mia, { name: "case-open", ref: escalationRef, statuses: ["early-help"] }, { channelId: `C-DROP-ESC-${w.token}` });
  await w.as(mia, { name: "taf-add", ref: escalationRef, person: handleOf(lee) });
  await w.as(mia, { name: "propose", ref: escalationRef, nominee: handleOf(mia), reason: "", family: { kind: "not-asked" } });
  await w.as(mia, { name: "vote", ref: escalationRef, choice: "accept", reason: "" });
  await w.as(lee, { name: "vote", ref: escalationRef, choice: "object", reason: "Mia is new to the family" });
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe("a nudge held up by retries whose reason goes meanwhile", () => {
  it("escalation reminder: the decider acknowledged before the retry, so it is dropped, while the other decider's goes", async () => {
    const started = slack.arm((v) => isEscalationReminder(v) && "caseRef" in v && v.caseRef === escalationRef);
    // Tuesday 09:00: both deciders are reminded; the first send (whoever it is) fails with 503.
    await w.jump("2026-11-24T09:00:05Z");
    await started;
    const failedFor = slack.attempts.find((a) => isEscalationReminder(a.view))!.destination.id;
    const [decider, other] = failedFor === max.chat.slack ? [max, meg] : [meg, max];
    await w.as(decider, { name: "acknowledge", ref: escalationRef });
    slack.go();

    await waitFor("the other decider's reminder", () => about(w.to("slack", other.chat.slack), escalationRef, isEscalationReminder).length === 1);
    const row = await waitFor("the dropped reminder recorded", () =>
      w.prisma.nudgeDelivery.findFirst({ where: { status: "dropped", recipient: `user:${decider.chat.slack}` } }),
    );
    expect(row.error).toBe("the decider has acknowledged the escalation");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(about(w.to("slack", decider.chat.slack), escalationRef, isEscalationReminder)).toHaveLength(0);
    // Tried once (the 503), never again.
    expect(slack.attempts.filter((a) => isEscalationReminder(a.view) && a.destination.id === decider.chat.slack)).toHaveLength(1);
  });

  it("review reminder: the review was held before the retry, so nothing is sent and the delivery is recorded as dropped", async () => {
    const started = slack.arm(isReminder);
    // Monday 30 November 09:00: 5 working days before the review. The reminder's first send fails (503).
    await w.jump("2026-11-30T09:00:05Z");
    await started;
    expect(slack.attempts.filter((a) => isReminder(a.view)).map((a) => a.destination)).toEqual([{ platform: "slack", kind: "user", id: lee.chat.slack }]);
    await w.as(lee, { name: "review-done", ref, outcome: "continue" });
    slack.go();

    const c = await w.prisma.case.findUniqueOrThrow({ where: { reference: ref } });
    const entry = await waitFor("the reminder settled", async () => {
      const e = await w.prisma.outboxEntry.findFirst({ where: { key: { startsWith: `review-reminder-${c.id}-5wd-` } } });
      return e?.deliveredAt ? e : null;
    });
    expect(entry.lastError).toBe("dropped: the review was held on 2026-11-30");
    expect(entry.failedAt).toBeNull();

    // Recorded, not silently lost: the delivery row says dropped and why; the audit trail too.
    const deliveries = await w.prisma.nudgeDelivery.findMany({ where: { deadlineKey: entry.key } });
    expect(deliveries.map((d) => [d.recipient, d.status, d.error, d.sentAt])).toEqual([[`user:${lee.chat.slack}`, "dropped", "the review was held on 2026-11-30", null]]);
    const audit = await w.prisma.auditEvent.findMany({ where: { action: "nudge.dropped", caseId: c.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ key: entry.key, view: "review", event: "reminder", reason: "the review was held on 2026-11-30" });

    // Well after the backoff: nothing was sent, and the sender was tried only the once that failed.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(about(w.to("slack", lee.chat.slack), ref, isReminder)).toHaveLength(0);
    expect(slack.attempts.filter((a) => isReminder(a.view))).toHaveLength(1);
    // The review record itself went out, and the next review's reminders are scheduled.
    expect(about(w.to("slack", `C-DROP-${w.token}`), ref, (v) => v.type === "review" && v.event === "done")).toHaveLength(1);
  });

  it("leaves a nudge whose reason still stands alone: a later reminder of the new review date is sent", async () => {
    // Recorded 30 November with the default 12 weeks: next review Monday 22 February 2027; reminder 5 working days before.
    const c = await w.prisma.case.findUniqueOrThrow({ where: { reference: ref } });
    expect(c.reviewDate?.toISOString().slice(0, 10)).toBe("2027-02-22");
    await w.jump("2027-02-15T09:00:05Z");
    await waitFor("the new review's reminder", () => about(w.to("slack", lee.chat.slack), ref, isReminder).length === 1);
    expect(about(w.to("slack", lee.chat.slack), ref, isReminder)[0]!.view).toMatchObject({ reviewDate: "2027-02-22", workingDaysBefore: 5 });
  });
});
