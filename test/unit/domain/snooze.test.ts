import { describe, expect, it } from "vitest";
import { handle, World } from "../../support/domain-fixture.js";

const REF = "EH-2026-0045";

/** Hana leads the case (agreed by the TAF) and has set the review for Friday 18 December 2026. */
async function reviewWorld() {
  const w = new World();
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
  for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
  await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-12-18" } });
  return w;
}
const pending = (w: World, kind: string) =>
  [...w.state.deadlines.values()].filter((d) => d.kind === kind && d.state === "pending").map((d) => d.dueAt.toISOString()).sort();
const reviewNudgesTo = (outcomes: Awaited<ReturnType<World["fireDue"]>>) =>
  outcomes.flatMap((o) => o.notifications).filter((n) => n.view.type === "review" && n.view.event === "reminder");

describe("snooze [DOMAIN §6]", () => {
  it("moves the LP's next review reminder by one working day, through the schedule, and audits it", async () => {
    const w = await reviewWorld();
    const out = await w.as("hana.health", { name: "snooze", ref: REF });
    // Friday 11 December moves to Monday 14 December: working days, not calendar days.
    expect(pending(w, "review-reminder")).toEqual(["2026-12-14T09:00:00.000Z", "2026-12-17T09:00:00.000Z", "2026-12-18T09:00:00.000Z"]);
    expect(out.cancelled).toEqual([expect.stringMatching(/^review-reminder-.*-5wd-\d+$/)]);
    expect(out.scheduled).toEqual([expect.objectContaining({ kind: "review-reminder", dueAt: new Date("2026-12-14T09:00:00Z") })]);
    expect(out.scheduled[0]!.key.startsWith(`${out.cancelled[0]}-snoozed-`)).toBe(true);
    expect(out.reply).toMatchObject({ type: "text", tone: "success", text: expect.stringMatching(/^Snoozed: your review reminder for EH-2026-0045 moves from/) });
    expect(w.state.audit.at(-1)).toMatchObject({ action: "nudge.snoozed", outcome: "ok", actorId: "p-hana.health", detail: { nudge: "review", kind: "review-reminder" } });

    w.clock.set("2026-12-11T09:00:00Z");
    expect(reviewNudgesTo(await w.fireDue())).toHaveLength(0);
    w.clock.set("2026-12-14T09:00:00Z");
    const moved = reviewNudgesTo(await w.fireDue());
    expect(moved).toHaveLength(1);
    expect(moved[0]!.to).toEqual({ kind: "practitioner", practitionerId: "p-hana.health" });
    expect(moved[0]!.view).toMatchObject({ workingDaysBefore: 4, snoozable: true });
  });

  it("allows one snooze per nudge", async () => {
    const w = await reviewWorld();
    await w.as("hana.health", { name: "snooze", ref: REF, nudge: "review" });
    const again = await w.refusal("hana.health", { name: "snooze", ref: REF, nudge: "review" });
    expect(again.code).toBe("already-snoozed");
    expect(again.message).toMatch(/already snoozed this review reminder for EH-2026-0045 once/);
    expect(pending(w, "review-reminder")[0]).toBe("2026-12-14T09:00:00.000Z");
    expect(w.state.audit.at(-1)).toMatchObject({ action: "snooze", outcome: "refused", detail: { code: "already-snoozed" } });
  });

  it("only the nudge's recipient may snooze it", async () => {
    const w = await reviewWorld();
    for (const who of ["tom.teacher", "meg.manager", "ada.access"]) {
      const refused = await w.refusal(who, { name: "snooze", ref: REF, nudge: "review" });
      expect(refused.code).toBe("not-recipient");
      expect(refused.message).toBe("Only the lead professional for EH-2026-0045 gets its review reminders, so only they can snooze them.");
    }
    expect(pending(w, "review-reminder")[0]).toBe("2026-12-11T09:00:00.000Z");
  });

  it("never pushes a reminder onto the next one: the later reminder stands in", async () => {
    const w = await reviewWorld();
    w.clock.set("2026-12-11T09:00:00Z");
    await w.fireDue();
    // The next is Thursday's "1 working day before"; a day later is the on-the-day reminder.
    const out = await w.as("hana.health", { name: "snooze", ref: REF });
    expect(out.scheduled).toEqual([]);
    expect(out.cancelled).toHaveLength(1);
    expect(out.reply).toMatchObject({ text: expect.stringMatching(/will not be sent; the next one, on .* comes within a working day/) });
    expect(pending(w, "review-reminder")).toEqual(["2026-12-18T09:00:00.000Z"]);
    expect(pending(w, "review-overdue")).toEqual(["2026-12-21T09:00:00.000Z"]);
  });

  it("cannot delay the overdue alert, which also reaches the manager and access team", async () => {
    const w = await reviewWorld();
    w.clock.set("2026-12-18T09:00:00Z");
    await w.fireDue();
    expect(pending(w, "review-reminder")).toEqual([]);
    expect((await w.refusal("hana.health", { name: "snooze", ref: REF })).code).toBe("no-nudge");
    w.clock.set("2026-12-21T09:00:00Z");
    const overdue = (await w.fireDue()).flatMap((o) => o.notifications).filter((n) => n.view.type === "review" && n.view.event === "overdue");
    expect(overdue).toHaveLength(3);
    expect(overdue.every((n) => n.view.type === "review" && n.view.snoozable === undefined)).toBe(true);
  });

  it("snoozes the outgoing LP's handover reminder; the TAF channel's copy moves with it", async () => {
    const w = await reviewWorld();
    await w.as("hana.health", { name: "handover-start", ref: REF, trigger: "leaving" });
    expect(pending(w, "handover-reminder")).toEqual(["2026-12-02T09:00:00.000Z", "2026-12-04T09:00:00.000Z"]);
    expect((await w.refusal("tom.teacher", { name: "snooze", ref: REF, nudge: "handover" })).code).toBe("not-recipient");
    await w.as("hana.health", { name: "snooze", ref: REF, nudge: "handover" });
    expect(pending(w, "handover-reminder")).toEqual(["2026-12-03T09:00:00.000Z", "2026-12-04T09:00:00.000Z"]);
    w.clock.set("2026-12-03T09:00:00Z");
    const sent = (await w.fireDue()).flatMap((o) => o.notifications).filter((n) => n.view.type === "handover");
    expect(sent.map((n) => [n.to.kind, n.view.type === "handover" && n.view.snoozable === true])).toEqual([
      ["practitioner", true],
      ["case-channel", false],
    ]);
  });

  it("a snooze of the last handover reminder stops short of the missed-deadline alert", async () => {
    const w = await reviewWorld();
    await w.as("hana.health", { name: "handover-start", ref: REF, trigger: "leaving", by: { kind: "iso", date: "2026-12-01" } });
    // Deadline: Wednesday 2 December 09:00; reminders Friday 27 November and Tuesday 1 December.
    w.clock.set("2026-11-27T09:00:00Z");
    await w.fireDue();
    const out = await w.as("hana.health", { name: "snooze", ref: REF, nudge: "handover" });
    expect(out.scheduled).toEqual([]);
    expect(pending(w, "handover-missed")).toEqual(["2026-12-02T09:00:00.000Z"]);
  });

  it("says clearly when there is nothing to snooze, and refuses on a closed case", async () => {
    const w = await reviewWorld();
    const none = await w.refusal("hana.health", { name: "snooze", ref: REF, nudge: "handover" });
    expect(none).toEqual({ code: "no-nudge", message: "No handover reminder about EH-2026-0045 is waiting to be sent, so there is nothing to snooze." });
    await w.as("hana.health", { name: "close", ref: REF, reason: "goals met" });
    for (const h of ["fay.family", "hana.health", "tom.teacher"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect((await w.refusal("hana.health", { name: "snooze", ref: REF })).code).toBe("case-closed");
  });

  it("the LP may snooze the daily ask for a review date", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health"]);
    await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
    let appointed;
    for (const h of ["fay.family", "hana.health"]) appointed = await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    const ask = appointed!.notifications.find((n) => n.view.type === "review" && n.view.event === "date-missing");
    expect(ask?.view).toMatchObject({ snoozable: true });
    await w.as("hana.health", { name: "snooze", ref: REF, nudge: "review" });
    expect(pending(w, "review-date-missing")).toEqual(["2026-11-25T09:00:00.000Z"]);
  });
});
