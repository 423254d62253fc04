import { describe, expect, it } from "vitest";
import type { Command } from "../../../src/domain/commands.js";
import type { View } from "../../../src/domain/views.js";
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
const everyDeadline = (w: World) => [...w.state.deadlines.values()].map((d) => `${d.key}:${d.state}`).sort();
type Fired = Awaited<ReturnType<World["fireDue"]>>;
const reviewNudgesTo = (outcomes: Fired) => outcomes.flatMap((o) => o.notifications).filter((n) => n.view.type === "review" && n.view.event === "reminder");
const keyOf = (view: View): string => {
  if ((view.type !== "review" && view.type !== "handover") || !view.snoozeKey) throw new Error("the card has no Snooze button");
  return view.snoozeKey;
};
/** The Snooze button on Hana's copy of the latest reminder that fired by `at`. */
async function reminderCard(w: World, at: string): Promise<string> {
  w.clock.set(at);
  const card = reviewNudgesTo(await w.fireDue()).filter((n) => n.to.kind === "practitioner").at(-1);
  return keyOf(card!.view);
}
const press = (reminder: string, nudge: "review" | "handover" = "review"): Command => ({ name: "snooze", ref: REF, nudge, reminder });

describe("snooze [DOMAIN §6]", () => {
  it("brings the reminder the card was sent for back one working day later, and keeps the next one", async () => {
    const w = await reviewWorld();
    const key = await reminderCard(w, "2026-12-11T09:00:00Z");
    expect(key).toMatch(/^review-reminder-.*-5wd-\d+$/);
    const out = await w.as("hana.health", press(key));
    // Friday 11 December comes back on Monday 14 December: working days, not calendar days.
    expect(out.reply).toMatchObject({
      type: "text",
      tone: "success",
      text: "Snoozed: I'll remind you again about the review for EH-2026-0045 on Mon 14 Dec 2026 at 09:00. Your next review reminder still comes on Thu 17 Dec 2026 at 09:00. Each reminder can be snoozed once, by one working day.",
    });
    expect(out.cancelled).toEqual([]);
    expect(out.scheduled).toEqual([expect.objectContaining({ kind: "review-reminder", dueAt: new Date("2026-12-14T09:00:00Z"), key: expect.stringMatching(new RegExp(`^${key}-snoozed-`)) })]);
    expect(pending(w, "review-reminder")).toEqual(["2026-12-14T09:00:00.000Z", "2026-12-17T09:00:00.000Z", "2026-12-18T09:00:00.000Z"]);
    expect(w.state.audit.at(-1)).toMatchObject({ action: "nudge.snoozed", outcome: "ok", actorId: "p-hana.health", detail: { nudge: "review", kind: "review-reminder", key } });

    w.clock.set("2026-12-14T09:00:00Z");
    const again = reviewNudgesTo(await w.fireDue());
    expect(again).toHaveLength(1);
    expect(again[0]!.to).toEqual({ kind: "practitioner", practitionerId: "p-hana.health" });
    // Snoozed once: the reminder coming back has no Snooze button.
    expect(again[0]!.view).toMatchObject({ workingDaysBefore: 4 });
    expect(again[0]!.view).not.toHaveProperty("snoozeKey");
  });

  it("typed, snoozes the reminder just sent to the person", async () => {
    const w = await reviewWorld();
    expect(await w.refusal("hana.health", { name: "snooze", ref: REF })).toEqual({
      code: "no-nudge",
      message: "No reminder about EH-2026-0045 has been sent to you yet, so there is nothing to snooze.",
    });
    await reminderCard(w, "2026-12-11T09:00:00Z");
    const out = await w.as("hana.health", { name: "snooze", ref: REF, nudge: "review" });
    expect(out.reply).toMatchObject({ text: expect.stringContaining("on Mon 14 Dec 2026 at 09:00") });
    expect(pending(w, "review-reminder")).toEqual(["2026-12-14T09:00:00.000Z", "2026-12-17T09:00:00.000Z", "2026-12-18T09:00:00.000Z"]);
  });

  it("allows one snooze per reminder", async () => {
    const w = await reviewWorld();
    const key = await reminderCard(w, "2026-12-11T09:00:00Z");
    await w.as("hana.health", press(key));
    const again = await w.refusal("hana.health", press(key));
    expect(again.code).toBe("already-snoozed");
    expect(again.message).toMatch(/already snoozed this review reminder for EH-2026-0045 once; I'll remind you again on Mon 14 Dec 2026 at 09:00/);
    expect(pending(w, "review-reminder")).toHaveLength(3);
    expect(w.state.audit.at(-1)).toMatchObject({ action: "snooze", outcome: "refused", detail: { code: "already-snoozed" } });
  });

  it("only the reminder's recipient may snooze it", async () => {
    const w = await reviewWorld();
    const key = await reminderCard(w, "2026-12-11T09:00:00Z");
    const before = everyDeadline(w);
    for (const who of ["tom.teacher", "meg.manager", "ada.access"]) {
      for (const cmd of [press(key), { name: "snooze", ref: REF, nudge: "review" } as const]) {
        const refused = await w.refusal(who, cmd);
        expect(refused.code).toBe("not-recipient");
        expect(refused.message).toBe("Only the lead professional for EH-2026-0045 gets its review reminders, so only they can snooze them.");
      }
    }
    expect(everyDeadline(w)).toEqual(before);
  });

  it("where it would come back on or after the next reminder, says so and keeps the next one", async () => {
    const w = await reviewWorld();
    // Thursday's "1 working day before": a working day later is the on-the-day reminder.
    const key = await reminderCard(w, "2026-12-17T09:00:00Z");
    const before = everyDeadline(w);
    const out = await w.as("hana.health", press(key));
    expect(out.scheduled).toEqual([]);
    expect(out.cancelled).toEqual([]);
    expect(out.reply).toMatchObject({
      tone: "info",
      text: "Not snoozed: your next review reminder for EH-2026-0045 comes on Fri 18 Dec 2026 at 09:00, no later than a snooze would bring this one back, so that one stays and nothing has moved.",
    });
    expect(everyDeadline(w)).toEqual(before);
    expect(pending(w, "review-reminder")).toEqual(["2026-12-18T09:00:00.000Z"]);
  });

  it("a card whose reminder has been overtaken is no longer current and changes nothing", async () => {
    const w = await reviewWorld();
    const old = await reminderCard(w, "2026-12-11T09:00:00Z");
    await reminderCard(w, "2026-12-17T09:00:00Z");
    const before = everyDeadline(w);
    const refused = await w.refusal("hana.health", press(old));
    expect(refused.code).toBe("not-current");
    expect(refused.message).toMatch(/^This reminder is no longer current, so I have changed nothing\. A later reminder/);
    expect(everyDeadline(w)).toEqual(before);

    // A key the app never sent, or of another case, is no more current.
    expect((await w.refusal("hana.health", press("review-reminder-nothing-5wd-1"))).code).toBe("not-current");
  });

  it("a reminder of a review date that has since moved is no longer current", async () => {
    const w = await reviewWorld();
    const key = await reminderCard(w, "2026-12-11T09:00:00Z");
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2027-01-15" } });
    const before = everyDeadline(w);
    const refused = await w.refusal("hana.health", press(key));
    expect(refused).toMatchObject({ code: "not-current", message: expect.stringContaining("has been held or moved since") });
    expect(everyDeadline(w)).toEqual(before);
  });

  it("the outdated 'needs a review date' card never moves the review reminders that followed it", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health"]);
    await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
    let appointed;
    for (const h of ["fay.family", "hana.health"]) appointed = await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    const ask = appointed!.notifications.find((n) => n.view.type === "review" && n.view.event === "date-missing");
    const askKey = keyOf(ask!.view);
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-12-18" } });
    const before = everyDeadline(w);
    const refused = await w.refusal("hana.health", press(askKey));
    expect(refused).toEqual({ code: "not-current", message: "This reminder is no longer current, so I have changed nothing. EH-2026-0045 has a review date now." });
    expect(everyDeadline(w)).toEqual(before);
    expect(pending(w, "review-reminder")).toEqual(["2026-12-11T09:00:00.000Z", "2026-12-17T09:00:00.000Z", "2026-12-18T09:00:00.000Z"]);
  });

  it("the LP may snooze the daily ask for a review date: the next ask moves by one working day", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health"]);
    await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
    let appointed;
    for (const h of ["fay.family", "hana.health"]) appointed = await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    const ask = appointed!.notifications.find((n) => n.view.type === "review" && n.view.event === "date-missing");
    const out = await w.as("hana.health", press(keyOf(ask!.view)));
    expect(pending(w, "review-date-missing")).toEqual(["2026-11-25T09:00:00.000Z"]);
    expect(out.reply).toMatchObject({ text: "Snoozed: I'll ask you again for a review date for EH-2026-0045 on Wed 25 Nov 2026 at 09:00, not Tue 24 Nov 2026 at 09:00." });
    expect((await w.refusal("hana.health", press(keyOf(ask!.view)))).code).toBe("already-snoozed");
  });

  it("cannot delay the overdue alert, which also reaches the manager and access team", async () => {
    const w = await reviewWorld();
    w.clock.set("2026-12-21T09:00:00Z");
    const overdue = (await w.fireDue()).flatMap((o) => o.notifications).filter((n) => n.view.type === "review" && n.view.event === "overdue");
    expect(overdue).toHaveLength(3);
    expect(overdue.every((n) => n.view.type === "review" && n.view.snoozeKey === undefined)).toBe(true);
    // The last reminder it sent is past its review date now.
    expect((await w.refusal("hana.health", { name: "snooze", ref: REF })).code).toBe("not-current");
  });

  it("snoozes the outgoing LP's handover reminder; only they get it again", async () => {
    const w = await reviewWorld();
    await w.as("hana.health", { name: "handover-start", ref: REF, trigger: "leaving" });
    expect(pending(w, "handover-reminder")).toEqual(["2026-12-02T09:00:00.000Z", "2026-12-04T09:00:00.000Z"]);
    w.clock.set("2026-12-02T09:00:00Z");
    const first = (await w.fireDue()).flatMap((o) => o.notifications).filter((n) => n.view.type === "handover");
    expect(first.map((n) => n.to.kind)).toEqual(["practitioner", "case-channel"]);
    const key = keyOf(first[0]!.view);
    expect((await w.refusal("tom.teacher", press(key, "handover"))).code).toBe("not-recipient");
    const out = await w.as("hana.health", press(key, "handover"));
    expect(out.reply).toMatchObject({ text: expect.stringContaining("about the handover for EH-2026-0045 on Thu 3 Dec 2026 at 09:00") });
    expect(pending(w, "handover-reminder")).toEqual(["2026-12-03T09:00:00.000Z", "2026-12-04T09:00:00.000Z"]);
    w.clock.set("2026-12-03T09:00:00Z");
    const sent = (await w.fireDue()).flatMap((o) => o.notifications).filter((n) => n.view.type === "handover");
    expect(sent.map((n) => [n.to.kind, n.view.type === "handover" && n.view.snoozeKey !== undefined])).toEqual([["practitioner", false]]);
  });

  it("a snooze of the last handover reminder stops short of the missed-deadline alert", async () => {
    const w = await reviewWorld();
    await w.as("hana.health", { name: "handover-start", ref: REF, trigger: "leaving", by: { kind: "iso", date: "2026-12-01" } });
    // Deadline: Wednesday 2 December 09:00; reminders Friday 27 November and Tuesday 1 December.
    w.clock.set("2026-11-27T09:00:00Z");
    await w.fireDue();
    w.clock.set("2026-12-01T09:00:00Z");
    await w.fireDue();
    const out = await w.as("hana.health", { name: "snooze", ref: REF, nudge: "handover" });
    expect(out.scheduled).toEqual([]);
    expect(out.reply).toMatchObject({ text: expect.stringMatching(/^Not snoozed: your next handover reminder for EH-2026-0045 comes on Wed 2 Dec 2026 at 09:00/) });
    expect(pending(w, "handover-missed")).toEqual(["2026-12-02T09:00:00.000Z"]);
  });

  it("says clearly when there is nothing to snooze, and refuses on a closed case", async () => {
    const w = await reviewWorld();
    const none = await w.refusal("hana.health", { name: "snooze", ref: REF, nudge: "handover" });
    expect(none).toEqual({ code: "no-nudge", message: "No handover reminder about EH-2026-0045 has been sent to you, so there is nothing to snooze." });
    await w.as("hana.health", { name: "close", ref: REF, reason: "goals met" });
    for (const h of ["fay.family", "hana.health", "tom.teacher"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect((await w.refusal("hana.health", { name: "snooze", ref: REF })).code).toBe("case-closed");
  });
});
