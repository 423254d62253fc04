// The plan's commands [DOMAIN §11]: adding, marking done, dropping and moving actions, who may,
// what the case channel is told (one line, and the one plan card kept true), and that a refusal
// changes nothing.
import { describe, expect, it } from "vitest";
import type { Command } from "../../../../src/domain/commands.js";
import { planCardKey } from "../../../../src/domain/plan/plan-card-key.js";
import type { Outcome } from "../../../../src/domain/ports.js";
import type { PlanView } from "../../../../src/domain/views.js";
import { handle, World } from "../../../support/domain-fixture.js";

const REF = "EH-2026-0061";
const iso = (date: string) => ({ kind: "iso" as const, date });

/** Mon 23 Nov 2026: Fay opened the case with Hana and Tom on the TAF; Hana leads. */
async function planWorld() {
  const w = new World();
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
  for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
  return w;
}

const add = (w: World, who: string, owner: string | "family", text: string, by?: string) =>
  w.as(who, { name: "plan-add", ref: REF, owner: owner === "family" ? { kind: "family" } : { kind: "person", person: handle(owner) }, text, ...(by ? { by: iso(by) } : {}) });
const actions = (w: World) => [...w.state.plan.values()].sort((a, b) => a.n - b.n);
const planOf = (o: Outcome) => o.reply as PlanView;
const channelPosts = (o: Outcome) => o.notifications.filter((n) => n.to.kind === "case-channel");

describe("adding an action", () => {
  it("numbers actions 1, 2, 3 and tells the channel in one line, with the plan card under one key", async () => {
    const w = await planWorld();
    const first = await add(w, "tom.teacher", "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    await add(w, "fay.family", "family", "Attend the parenting course", "2026-12-18");
    const third = await add(w, "hana.health", "hana.health", "Refer to the school nurse", "2026-12-11");
    expect(actions(w).map((a) => [a.n, a.dueDate, a.owner.kind])).toEqual([
      [1, "2026-12-04", "practitioner"],
      [2, "2026-12-18", "family"],
      [3, "2026-12-11", "practitioner"],
    ]);
    const posts = channelPosts(first);
    expect(posts).toHaveLength(2);
    expect(posts[0]!.view).toMatchObject({ type: "text", text: `${REF} · Action 1 added by Tom Teacher: Arrange a meeting with the school (Tom Teacher, due Fri 4 Dec 2026)` });
    expect(posts[1]).toMatchObject({ messageKey: planCardKey(w.caseByRef(REF)!.id), view: { type: "plan" } });
    expect(planOf(third)).toMatchObject({ notice: "Action 3 added for Hana Health, due Fri 11 Dec 2026.", counts: { open: 3, overdue: 0 } });
    expect(w.state.audit.filter((e) => e.action === "plan.added")).toHaveLength(3);
  });

  it("is due at the next review when no date is given, and asks for one when there is no review ahead", async () => {
    const w = await planWorld();
    const none = await w.refusal("tom.teacher", { name: "plan-add", ref: REF, owner: { kind: "family" }, text: "Attend the parenting course" });
    expect(none.code).toBe("date-needed");
    await w.as("hana.health", { name: "review-set", ref: REF, date: iso("2027-01-15") });
    const out = await w.as("tom.teacher", { name: "plan-add", ref: REF, owner: { kind: "family" }, text: "Attend the parenting course" });
    expect(actions(w)[0]!.dueDate).toBe("2027-01-15");
    expect(planOf(out).notice).toContain("due Fri 15 Jan 2027 (the next review)");
  });

  it("refuses an owner who is not on the TAF, a past date, someone off the TAF, and a closed case, changing nothing", async () => {
    const w = await planWorld();
    expect((await w.refusal("tom.teacher", { name: "plan-add", ref: REF, owner: { kind: "person", person: handle("sam.social") }, text: "Visit", by: iso("2026-12-04") })).code).toBe("owner-not-on-taf");
    expect((await w.refusal("tom.teacher", { name: "plan-add", ref: REF, owner: { kind: "family" }, text: "Visit", by: iso("2026-11-20") })).code).toBe("date-past");
    expect((await w.refusal("sam.social", { name: "plan-add", ref: REF, owner: { kind: "family" }, text: "Visit", by: iso("2026-12-04") })).code).toBe("not-on-taf");
    // A manager of a member may see the case but does not add to its plan.
    expect((await w.refusal("meg.manager", { name: "plan-add", ref: REF, owner: { kind: "family" }, text: "Visit", by: iso("2026-12-04") })).code).toBe("not-on-taf");
    expect(actions(w)).toHaveLength(0);
    expect(w.state.audit.filter((e) => e.action.startsWith("plan."))).toHaveLength(0);
  });
});

describe("changing an action", () => {
  async function withActions() {
    const w = await planWorld();
    await add(w, "fay.family", "tom.teacher", "Arrange a meeting with the school", "2026-12-04");
    await add(w, "fay.family", "family", "Attend the parenting course", "2026-12-18");
    return w;
  }
  const done = (w: World, who: string, n: number, note = "") => w.as(who, { name: "plan-done", ref: REF, n, note });

  it("the owner, their line manager or the LP may mark it done; another member may not", async () => {
    for (const who of ["tom.teacher", "meg.manager", "hana.health"]) {
      const w = await withActions();
      const out = await done(w, who, 1, "meeting held");
      expect(actions(w)[0]).toMatchObject({ status: "done", closedById: `p-${who}`, doneNote: "meeting held" });
      expect(planOf(out)).toMatchObject({ notice: "Action 1 is done.", counts: { done: 1, open: 1 } });
      expect(channelPosts(out).map((n) => n.view.type)).toEqual(["text", "plan"]);
    }
    const w = await withActions();
    const refused = await w.refusal("fay.family", { name: "plan-done", ref: REF, n: 1, note: "" });
    expect(refused.code).toBe("not-action-owner");
    // Mo manages Fay, not Tom: managing another member is not enough.
    expect((await w.refusal("mo.manager", { name: "plan-done", ref: REF, n: 1, note: "" })).code).toBe("not-action-owner");
    expect(actions(w)[0]!.status).toBe("open");
  });

  it("the family's actions are the LP's to record", async () => {
    const w = await withActions();
    expect((await w.refusal("tom.teacher", { name: "plan-done", ref: REF, n: 2, note: "" })).code).toBe("not-action-owner");
    await done(w, "hana.health", 2);
    expect(actions(w)[1]!.status).toBe("done");
  });

  it("a number that does not exist, and a done action changed again, are refused", async () => {
    const w = await withActions();
    const missing = await w.refusal("hana.health", { name: "plan-done", ref: REF, n: 7, note: "" });
    expect(missing).toMatchObject({ code: "action-not-found", message: expect.stringContaining("numbered 1 to 2") });
    await done(w, "tom.teacher", 1);
    for (const cmd of [
      { name: "plan-done", ref: REF, n: 1, note: "" },
      { name: "plan-drop", ref: REF, n: 1, reason: "not needed" },
      { name: "plan-move", ref: REF, n: 1, date: iso("2026-12-11"), reason: "later" },
    ] as Command[]) {
      expect((await w.refusal("hana.health", cmd)).code).toBe("action-closed");
    }
    expect(w.state.audit.filter((e) => e.action === "plan.done")).toHaveLength(1);
  });

  it("drop keeps the action with its reason; move needs a later date and keeps the old one", async () => {
    const w = await withActions();
    const dropped = await w.as("tom.teacher", { name: "plan-drop", ref: REF, n: 1, reason: "the school arranged it" });
    expect(actions(w)[0]).toMatchObject({ status: "dropped", dropReason: "the school arranged it" });
    expect(planOf(dropped).counts).toMatchObject({ dropped: 1, open: 1 });
    expect((await w.refusal("hana.health", { name: "plan-move", ref: REF, n: 2, date: iso("2026-11-23"), reason: "later" })).code).toBe("date-past");
    expect((await w.refusal("hana.health", { name: "plan-move", ref: REF, n: 2, date: iso("2026-12-18"), reason: "same" })).code).toBe("nothing-to-change");
    const moved = await w.as("hana.health", { name: "plan-move", ref: REF, n: 2, date: iso("2027-01-08"), reason: "course starts later" });
    expect(actions(w)[1]).toMatchObject({ dueDate: "2027-01-08", previousDueDate: "2026-12-18", moveReason: "course starts later" });
    expect(channelPosts(moved)[0]!.view).toMatchObject({ text: expect.stringContaining("from Fri 18 Dec 2026 to Fri 8 Jan 2027") });
  });

  it("derives overdue by working days: due Fri 4 Dec is not overdue at the weekend, 1 working day on Monday", async () => {
    const w = await withActions();
    w.clock.set("2026-12-05T10:00:00Z");
    expect(planOf(await w.as("fay.family", { name: "plan", ref: REF })).counts.overdue).toBe(0);
    w.clock.set("2026-12-07T10:00:00Z");
    const plan = planOf(await w.as("meg.manager", { name: "plan", ref: REF }));
    expect(plan.counts.overdue).toBe(1);
    expect(plan.actions[0]).toMatchObject({ n: 1, workingDaysOverdue: 1 });
  });

  it("a closed case's plan can be read but not changed", async () => {
    const w = await withActions();
    const c = w.caseByRef(REF)!;
    w.state.cases.set(c.id, { ...c, open: false, closedAt: w.clock.now() });
    expect((await w.refusal("hana.health", { name: "plan-done", ref: REF, n: 1, note: "" })).code).toBe("case-closed");
    const plan = planOf(await w.as("hana.health", { name: "plan", ref: REF }));
    expect(plan).toMatchObject({ caseOpen: false, counts: { open: 2 } });
  });
});
