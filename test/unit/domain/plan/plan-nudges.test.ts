// An action's nudges [DOMAIN §11]: reminders to its owner before the due date (the LP for the
// family's), the overdue alert to the owner and the LP together, its weekly repeat, that done,
// dropped, moved or a closed case stops them and settles every posted card, the outbox's moot
// check, and snoozing an action reminder.
import { describe, expect, it } from "vitest";
import { contextFor } from "../../../../src/application/use-case-context.js";
import { closeCase } from "../../../../src/domain/case/close-case.js";
import { whyNudgeIsMoot } from "../../../../src/domain/deadlines/nudge-relevance.js";
import { planNudgesKey } from "../../../../src/domain/message-keys.js";
import type { Notification, Outcome } from "../../../../src/domain/ports.js";
import type { PlanNudgeView } from "../../../../src/domain/views.js";
import { handle, World } from "../../../support/domain-fixture.js";

const REF = "EH-2026-0071";
const iso = (date: string) => ({ kind: "iso" as const, date });

/** Mon 23 Nov 2026: Fay opened the case with Hana and Tom on the TAF; Hana leads. */
async function planWorld() {
  const w = new World();
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
  for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
  return w;
}

const add = (w: World, owner: string | "family", text: string, by: string) =>
  w.as("fay.family", { name: "plan-add", ref: REF, owner: owner === "family" ? { kind: "family" } : { kind: "person", person: handle(owner) }, text, by: iso(by) });
const pending = (w: World) =>
  [...w.state.deadlines.values()]
    .filter((d) => (d.kind === "plan-reminder" || d.kind === "plan-overdue") && d.state === "pending")
    .map((d) => `${d.kind} ${d.dueAt.toISOString()}`)
    .sort();
const nudges = (outcomes: Outcome[]) => outcomes.flatMap((o) => o.notifications).filter((n): n is Notification & { view: PlanNudgeView } => n.view.type === "plan-nudge" && n.to.kind !== "posted-copies");
const copies = (o: Outcome) => o.notifications.filter((n) => n.to.kind === "posted-copies" && n.view.type === "plan-nudge");
const at = async (w: World, when: string) => {
  w.clock.set(when);
  return nudges(await w.fireDue());
};
const to = (n: Notification) => (n.to.kind === "practitioner" ? n.to.practitionerId : n.to.kind);

describe("an action's reminders", () => {
  it("come 2 working days before and on the due date, on working mornings, to the owner, with Done and Snooze", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    expect(pending(w)).toEqual(["plan-overdue 2026-12-07T09:00:00.000Z", "plan-reminder 2026-12-02T09:00:00.000Z", "plan-reminder 2026-12-04T09:00:00.000Z"]);

    const [first, ...more] = await at(w, "2026-12-02T09:00:00Z");
    expect(more).toHaveLength(0);
    expect(to(first!)).toBe("p-tom.teacher");
    expect(first!.view).toMatchObject({ event: "reminder", n: 1, workingDaysBefore: 2, dueDate: "2026-12-04", owner: { name: "Tom Teacher" } });
    expect(first!.view.snoozeKey).toMatch(/^plan-reminder-/);
    expect(first!.messageKey).toMatch(new RegExp(`^plan-nudge-.+/${first!.view.snoozeKey}$`));

    const [onTheDay] = await at(w, "2026-12-04T09:00:00Z");
    expect(onTheDay!.view).toMatchObject({ event: "reminder", workingDaysBefore: 0 });
    expect(w.state.audit.filter((a) => a.action === "plan.reminder")).toHaveLength(2);
  });

  it("for an action due on a weekend, the last reminder comes on the Friday before, never once it is overdue", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Send the referral", "2026-12-05");
    expect(pending(w)).toEqual(["plan-overdue 2026-12-07T09:00:00.000Z", "plan-reminder 2026-12-02T09:00:00.000Z", "plan-reminder 2026-12-04T09:00:00.000Z"]);
  });

  it("of the family's action go to the LP; a reminder already past when added is not scheduled", async () => {
    const w = await planWorld();
    w.clock.set("2026-12-03T11:00:00Z");
    await add(w, "family", "Attend the parenting course", "2026-12-04");
    // Wed 2 Dec has gone; Fri 4 Dec and the overdue alert remain.
    expect(pending(w)).toEqual(["plan-overdue 2026-12-07T09:00:00.000Z", "plan-reminder 2026-12-04T09:00:00.000Z"]);
    const [n] = await at(w, "2026-12-04T09:00:00Z");
    expect(to(n!)).toBe("p-hana.health");
    expect(n!.view).toMatchObject({ owner: null, event: "reminder" });
  });
});

describe("an overdue action", () => {
  it("is reported to the owner and the LP with one card each under one key, then weekly while it stays overdue", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    await at(w, "2026-12-04T09:00:00Z");
    const alerts = await at(w, "2026-12-07T09:00:00Z");
    expect(alerts.map(to).sort()).toEqual(["p-hana.health", "p-tom.teacher"]);
    expect(new Set(alerts.map((a) => a.messageKey)).size).toBe(1);
    expect(alerts[0]!.view).toMatchObject({ event: "overdue", workingDaysOverdue: 1, lead: { name: "Hana Health" } });
    expect(alerts[0]!.view).not.toHaveProperty("snoozeKey");
    expect(pending(w)).toEqual(["plan-overdue 2026-12-14T09:00:00.000Z"]);

    const again = await at(w, "2026-12-14T09:00:00Z");
    expect(again).toHaveLength(2);
    expect(again[0]!.view.workingDaysOverdue).toBe(6);
    expect(pending(w)).toEqual(["plan-overdue 2026-12-21T09:00:00.000Z"]);
    expect(w.state.audit.filter((a) => a.action === "plan.overdue")).toHaveLength(2);
  });

  it("owned by the LP is one card to the LP alone; the family's goes to the LP", async () => {
    const w = await planWorld();
    await add(w, "hana.health", "Refer to the school nurse", "2026-12-04");
    await add(w, "family", "Attend the parenting course", "2026-12-04");
    const alerts = await at(w, "2026-12-07T09:00:00Z");
    expect(alerts.map((a) => [a.view.n, to(a)])).toEqual([
      [1, "p-hana.health"],
      [2, "p-hana.health"],
    ]);
  });
});

describe("a settled action", () => {
  it("done before its reminder: nothing more is sent, and the cards already posted say it is done", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    await at(w, "2026-12-02T09:00:00Z");
    const done = await w.as("tom.teacher", { name: "plan-done", ref: REF, n: 1, note: "" });
    expect(pending(w)).toEqual([]);
    const [update] = copies(done);
    expect(update!.messageKey).toBe(planNudgesKey([...w.state.plan.values()][0]!.id));
    expect(update!.view).toMatchObject({ event: "done", by: { name: "Tom Teacher" } });
    expect(await at(w, "2026-12-04T09:00:00Z")).toEqual([]);
    expect(await at(w, "2026-12-07T09:00:00Z")).toEqual([]);
  });

  it("dropped: its nudges are cancelled and its cards say so", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    const dropped = await w.as("hana.health", { name: "plan-drop", ref: REF, n: 1, reason: "the school arranged it" });
    expect(pending(w)).toEqual([]);
    expect(copies(dropped)[0]!.view).toMatchObject({ event: "dropped", by: { name: "Hana Health" } });
  });

  it("moved: the old date's nudges never fire, the new date's do", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    const moved = await w.as("tom.teacher", { name: "plan-move", ref: REF, n: 1, date: iso("2026-12-11"), reason: "the head is away" });
    expect(copies(moved)[0]!.view).toMatchObject({ event: "moved", dueDate: "2026-12-11" });
    expect(pending(w)).toEqual(["plan-overdue 2026-12-14T09:00:00.000Z", "plan-reminder 2026-12-09T09:00:00.000Z", "plan-reminder 2026-12-11T09:00:00.000Z"]);
    expect(await at(w, "2026-12-07T09:00:00Z")).toEqual([]);
    expect((await at(w, "2026-12-09T09:00:00Z")).map((n) => n.view.dueDate)).toEqual(["2026-12-11"]);
  });

  it("a row left from before a move (say, restored from a backup) is dropped when it fires", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    const old = [...w.state.deadlines.values()].filter((d) => d.kind === "plan-reminder").map((d) => ({ ...d }));
    await w.as("tom.teacher", { name: "plan-move", ref: REF, n: 1, date: iso("2026-12-11"), reason: "the head is away" });
    for (const d of old) w.state.deadlines.set(d.key, d);
    expect(await at(w, "2026-12-04T10:00:00Z")).toEqual([]);
  });

  it("closing the case cancels its actions' nudges and settles their cards", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    const c = w.caseByRef(REF)!;
    const out = await w.uow.run(async (repos) => {
      const ctx = await contextFor(repos, w.deps, null);
      await closeCase(ctx, c, "");
      return ctx.outcome({ type: "text", tone: "info", caseRef: REF, text: "" });
    });
    expect(pending(w)).toEqual([]);
    expect(copies(out)[0]!.view).toMatchObject({ caseClosed: true });
  });
});

describe("the outbox's moot check for an action nudge", () => {
  async function written() {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    const [n] = await at(w, "2026-12-02T09:00:00Z");
    const d = [...w.state.deadlines.values()].find((x) => x.key === n!.view.snoozeKey)!;
    const moot = () => w.uow.run(async (repos) => whyNudgeIsMoot(await contextFor(repos, w.deps, null), d, n!, new Date("2026-12-02T09:00:00Z")));
    return { w, moot };
  }

  it("stands while the action is open, and is moot once it is done, moved or past due", async () => {
    const a = await written();
    expect(await a.moot()).toBeNull();
    await a.w.as("tom.teacher", { name: "plan-done", ref: REF, n: 1, note: "" });
    expect(await a.moot()).toBe("action 1 was done");

    const b = await written();
    await b.w.as("tom.teacher", { name: "plan-move", ref: REF, n: 1, date: iso("2026-12-11"), reason: "away" });
    expect(await b.moot()).toBe("action 1 was moved to 2026-12-11");

    const c = await written();
    c.w.clock.set("2026-12-07T08:00:00Z");
    expect(await c.moot()).toContain("the overdue alert takes over");
  });
});

describe("snoozing an action reminder", () => {
  it("brings the reminder back one working day later, once, and the card says when", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    const [n] = await at(w, "2026-12-02T09:00:00Z");
    w.clock.set("2026-12-02T09:30:00Z");
    const out = await w.as("tom.teacher", { name: "snooze", ref: REF, nudge: "plan", reminder: n!.view.snoozeKey! });
    expect(out.reply).toMatchObject({ tone: "success", text: expect.stringContaining(`Snoozed: I'll remind you again about action 1 for ${REF} on Thu 3 Dec 2026 at 09:00`) });
    expect(copies(out)[0]!.view).toMatchObject({ snoozedUntil: new Date("2026-12-03T09:00:00Z") });
    const again = await w.refusal("tom.teacher", { name: "snooze", ref: REF, nudge: "plan", reminder: n!.view.snoozeKey! });
    expect(again.code).toBe("already-snoozed");
    const [back] = await at(w, "2026-12-03T09:00:00Z");
    expect(back!.view).toMatchObject({ event: "reminder", n: 1, workingDaysBefore: 1 });
    expect(back!.view).not.toHaveProperty("snoozeKey");
  });

  it("typed, snoozes the action reminder just sent; only its recipient may, and not once the action is done", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    const [n] = await at(w, "2026-12-02T09:00:00Z");
    const other = await w.refusal("hana.health", { name: "snooze", ref: REF, nudge: "plan", reminder: n!.view.snoozeKey! });
    expect(other).toMatchObject({ code: "not-recipient", message: expect.stringContaining("the action's owner") });
    const typed = await w.as("tom.teacher", { name: "snooze", ref: REF });
    expect(typed.reply).toMatchObject({ tone: "success" });

    const w2 = await planWorld();
    await add(w2, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    const [n2] = await at(w2, "2026-12-02T09:00:00Z");
    await w2.as("tom.teacher", { name: "plan-done", ref: REF, n: 1, note: "" });
    const late = await w2.refusal("tom.teacher", { name: "snooze", ref: REF, nudge: "plan", reminder: n2!.view.snoozeKey! });
    expect(late.code).toBe("not-current");
    expect(pending(w2)).toEqual([]);
  });

  it("the on-the-day reminder is not moved past the overdue alert: that one stays", async () => {
    const w = await planWorld();
    await add(w, "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    await at(w, "2026-12-02T09:00:00Z");
    const [n] = await at(w, "2026-12-04T09:00:00Z");
    expect(n!.view.workingDaysBefore).toBe(0);
    const out = await w.as("tom.teacher", { name: "snooze", ref: REF, nudge: "plan", reminder: n!.view.snoozeKey! });
    expect(out.reply).toMatchObject({ tone: "info", text: expect.stringContaining("Not snoozed") });
  });
});
