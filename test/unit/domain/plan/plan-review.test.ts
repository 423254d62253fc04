// Reviews use the plan [DOMAIN §11]: the review reminder and the recorded review show its progress
// (done, open, overdue and whose); a review carries open actions forward to the next review or
// drops them, checked before anything is written; and once more than a third of the actions are
// overdue, the lead professional is prompted to reconvene the TAF.
import { describe, expect, it } from "vitest";
import { reconveneDue } from "../../../../src/domain/plan/plan-summary.js";
import type { PlanNudgeView, PlanView, ReviewView } from "../../../../src/domain/views.js";
import { handle, World } from "../../../support/domain-fixture.js";

const REF = "EH-2026-0063";
const iso = (date: string) => ({ kind: "iso" as const, date });

/** Mon 23 Nov 2026: Hana leads, the review is on Fri 4 Dec; actions 1 (Tom's, due Wed 25 Nov), 2 (the family's, due Fri 27 Nov), 3 (Fay's, due Fri 18 Dec). */
async function reviewWorld() {
  const w = new World();
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
  for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
  await w.as("hana.health", { name: "review-set", ref: REF, date: iso("2026-12-04") });
  const add = (owner: string | null, text: string, by: string) =>
    w.as("hana.health", { name: "plan-add", ref: REF, owner: owner ? { kind: "person", person: handle(owner) } : { kind: "family" }, text, by: iso(by) });
  await add("tom.teacher", "Arrange a school meeting", "2026-11-25");
  await add(null, "Attend the parenting course", "2026-11-27");
  await add("fay.family", "Refer to the drop-in", "2026-12-18");
  return w;
}

const actions = (w: World) => [...w.state.plan.values()].sort((a, b) => a.n - b.n);
const viewsOf = <T>(outcomes: { notifications: { view: { type: string } }[] }[], type: string) =>
  outcomes.flatMap((o) => o.notifications.map((n) => n.view)).filter((v) => v.type === type) as T[];

describe("the reconvene threshold", () => {
  it("is more than a third of the actions still held to (open or done); dropped ones do not count", () => {
    expect(reconveneDue({ open: 3, done: 0, overdue: 1 })).toBe(false);
    expect(reconveneDue({ open: 3, done: 0, overdue: 2 })).toBe(true);
    expect(reconveneDue({ open: 2, done: 1, overdue: 1 })).toBe(false);
    expect(reconveneDue({ open: 1, done: 1, overdue: 1 })).toBe(true);
    expect(reconveneDue({ open: 0, done: 0, overdue: 0 })).toBe(false);
  });
});

describe("reviews use the plan", () => {
  it("the review reminder shows the plan's progress and whose actions are overdue, with the prompt to reconvene", async () => {
    const w = await reviewWorld();
    w.clock.set("2026-11-27T10:00:00Z"); // 5 working days before: only action 1 overdue, 1 of 3
    const early = viewsOf<ReviewView>(await w.fireDue(), "review").filter((v) => v.event === "reminder");
    expect(early.map((v) => v.plan)).toEqual([{ done: 0, open: 3, overdue: 1, overdueOwners: ["Tom Teacher"], reconvene: false }]);
    w.clock.set("2026-12-03T10:00:00Z"); // 1 working day before: actions 1 and 2 overdue
    const fired = await w.fireDue();
    const [reminder] = viewsOf<ReviewView>(fired, "review").filter((v) => v.event === "reminder");
    expect(reminder!.plan).toEqual({ done: 0, open: 3, overdue: 2, overdueOwners: ["Tom Teacher", "the family"], reconvene: true });
    // The plan's own overdue alerts carry the prompt too, and the plan card says so.
    const alert = viewsOf<PlanNudgeView>(fired, "plan-nudge").find((v) => v.event === "overdue");
    expect(alert?.reconvene).toEqual({ overdue: 2, of: 3 });
    expect(((await w.as("tom.teacher", { name: "plan", ref: REF })).reply as PlanView).reconvene).toBe(true);
  });

  it("a review with no plan says nothing about one", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health"]);
    await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
    for (const h of ["fay.family", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("hana.health", { name: "review-set", ref: REF, date: iso("2026-12-04") });
    w.clock.set("2026-11-27T10:00:00Z");
    const [reminder] = viewsOf<ReviewView>(await w.fireDue(), "review");
    expect(reminder).toBeDefined();
    expect(reminder!.plan).toBeUndefined();
  });

  it("review done carries actions forward to the next review and drops others, audited, in one channel line, and shows the plan after", async () => {
    const w = await reviewWorld();
    w.clock.set("2026-12-04T11:00:00Z");
    const out = await w.as("hana.health", { name: "review-done", ref: REF, outcome: "continue", next: iso("2027-02-26"), carry: [1], drop: [2] });
    expect(out.reply).toMatchObject({ type: "text", text: expect.stringContaining("Next review Fri 26 Feb 2027. The review carried action 1 forward and dropped action 2.") });
    expect(actions(w).map((a) => [a.n, a.status, a.dueDate])).toEqual([
      [1, "open", "2027-02-26"],
      [2, "dropped", "2026-11-27"],
      [3, "open", "2026-12-18"],
    ]);
    expect(actions(w)[0]!.moveReason).toBe("Carried forward at the review on Fri 4 Dec 2026");
    expect(actions(w)[1]!.dropReason).toBe("Dropped at the review on Fri 4 Dec 2026");
    const [card] = viewsOf<ReviewView>([out], "review").filter((v) => v.event === "done");
    expect(card).toMatchObject({ carried: [1], dropped: [2], plan: { done: 0, open: 2, overdue: 0, reconvene: false } });
    const lines = out.notifications.filter((n) => n.to.kind === "case-channel" && n.view.type === "text").map((n) => (n.view as { text: string }).text);
    expect(lines).toEqual([`${REF} · The review carried action 1 forward to Fri 26 Feb 2027 and dropped action 2 (recorded by Hana Health)`]);
    expect(w.state.audit.filter((a) => a.action === "plan.moved" || a.action === "plan.dropped").map((a) => [a.action, a.detail.action, a.detail.via])).toEqual([
      ["plan.moved", 1, "review"],
      ["plan.dropped", 2, "review"],
    ]);
    // Action 1's reminders follow its new date; action 2 has none left.
    const pending = [...w.state.deadlines.values()].filter((d) => d.state === "pending");
    expect(pending.filter((d) => d.subjectId === actions(w)[0]!.id).every((d) => d.key.includes("due20270226"))).toBe(true);
    expect(pending.filter((d) => d.subjectId === actions(w)[1]!.id)).toEqual([]);
  });

  it("carry all carries every open action; an action due after the next review stays as it is", async () => {
    const w = await reviewWorld();
    w.clock.set("2026-12-04T11:00:00Z");
    await w.as("hana.health", { name: "review-done", ref: REF, outcome: "continue", next: iso("2026-12-11"), carry: "all" });
    expect(actions(w).map((a) => a.dueDate)).toEqual(["2026-12-11", "2026-12-11", "2026-12-18"]);
  });

  it("a number that does not exist or an action already done is refused before the review is recorded", async () => {
    const w = await reviewWorld();
    await w.as("tom.teacher", { name: "plan-done", ref: REF, n: 1, note: "" });
    w.clock.set("2026-12-04T11:00:00Z");
    const before = JSON.stringify(actions(w));
    expect((await w.refusal("hana.health", { name: "review-done", ref: REF, outcome: "continue", drop: [9] })).code).toBe("action-not-found");
    expect((await w.refusal("hana.health", { name: "review-done", ref: REF, outcome: "continue", carry: [1] })).code).toBe("action-closed");
    expect(w.state.reviews).toEqual([]);
    expect(JSON.stringify(actions(w))).toBe(before);
  });
});
