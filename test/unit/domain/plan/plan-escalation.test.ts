// An overdue action raised by the lead professional [DOMAIN §5, §11]: only past the threshold
// (10 working days by default, configurable), only by the LP, only a practitioner's action, and it
// reaches the owner's line manager through the ladder, never the LP's own. A refusal changes nothing.
import { describe, expect, it } from "vitest";
import type { Settings } from "../../../../src/domain/types.js";
import type { EscalationView, PlanNudgeView } from "../../../../src/domain/views.js";
import { handle, standardStaff, World } from "../../../support/domain-fixture.js";

const REF = "EH-2026-0062";
const iso = (date: string) => ({ kind: "iso" as const, date });

/**
 * Mon 23 Nov 2026: Hana leads (her manager is Meg); action 1 is Fay's (her manager is Mo), due
 * Wed 25 Nov; action 2 is the family's, due the same day.
 */
async function overdueWorld(settings: Partial<Settings> = {}) {
  const w = new World(standardStaff(), "2026-11-23T10:00:00Z", settings);
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
  for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
  await w.as("hana.health", { name: "plan-add", ref: REF, owner: { kind: "person", person: handle("fay.family") }, text: "Arrange a school meeting", by: iso("2026-11-25") });
  await w.as("hana.health", { name: "plan-add", ref: REF, owner: { kind: "family" }, text: "Attend the parenting course", by: iso("2026-11-25") });
  return w;
}

const raise = (n: number) => ({ name: "escalate-action" as const, ref: REF, n, reason: "no reply to three reminders" });

describe("escalating an overdue action", () => {
  it("is refused until the action is more than 10 working days overdue, pointing the LP to the owner", async () => {
    const w = await overdueWorld();
    w.clock.set("2026-12-09T10:00:00Z"); // Wed 9 Dec: 10 working days after Wed 25 Nov
    const early = await w.refusal("hana.health", raise(1));
    expect(early).toMatchObject({ code: "not-overdue-enough" });
    expect(early.message).toContain("is 10 working days overdue");
    expect(early.message).toContain("raise it with the owner");
    expect(w.state.escalations.size).toBe(0);
  });

  it("past the threshold it opens level 1 with the owner's line manager, not the LP's, and is audited", async () => {
    const w = await overdueWorld();
    w.clock.set("2026-12-10T10:00:00Z");
    const out = await w.as("hana.health", raise(1));
    const view = out.reply as EscalationView;
    expect(view).toMatchObject({ type: "escalation", level: 1, caseRef: REF });
    expect(view.deciders.map((d) => d.id)).toEqual(["p-mo.manager"]);
    expect(view.reason).toBe("Action 1 (Fay Family), 11 working days overdue, raised by Hana Health: no reply to three reminders");
    const [e] = [...w.state.escalations.values()];
    expect(e).toMatchObject({ involvedIds: ["p-fay.family"], deciderIds: ["p-mo.manager"], openedById: "p-hana.health" });
    expect(out.notifications.some((n) => n.to.kind === "practitioner" && n.to.practitionerId === "p-mo.manager")).toBe(true);
    expect(out.notifications.some((n) => n.to.kind === "practitioner" && n.to.practitionerId === "p-meg.manager")).toBe(false);
    expect(w.state.audit.filter((a) => a.action === "plan.escalated")).toMatchObject([{ detail: { action: 1, escalationId: e!.id, workingDaysOverdue: 11 } }]);
  });

  it("goes to the co-ordinator when the owner has no line manager", async () => {
    const staff = standardStaff().map((p) => (p.handle === "fay.family" ? { ...p, managerId: null } : p));
    const w = new World(staff);
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health"]);
    await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
    for (const h of ["fay.family", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("hana.health", { name: "plan-add", ref: REF, owner: { kind: "person", person: handle("fay.family") }, text: "Visit", by: iso("2026-11-25") });
    w.clock.set("2026-12-10T10:00:00Z");
    const view = (await w.as("hana.health", raise(1))).reply as EscalationView;
    expect(view).toMatchObject({ level: 2 });
    expect(view.deciders.map((d) => d.id)).toEqual(["p-cory.coordinator"]);
  });

  it("the threshold is a setting", async () => {
    const w = await overdueWorld({ actionEscalationWorkingDays: 3 });
    w.clock.set("2026-12-01T10:00:00Z"); // 4 working days after Wed 25 Nov
    expect(((await w.as("hana.health", raise(1))).reply as EscalationView).level).toBe(1);
  });

  it("refuses anyone but the LP, the family's action, a done action, an unknown number and a second escalation, changing nothing", async () => {
    const w = await overdueWorld();
    w.clock.set("2026-12-10T10:00:00Z");
    for (const who of ["fay.family", "tom.teacher", "mo.manager", "ada.access"]) {
      expect((await w.refusal(who, raise(1))).code, who).toMatch(/^(not-lead|not-on-taf)$/);
    }
    expect((await w.refusal("hana.health", raise(2))).code).toBe("family-action");
    expect((await w.refusal("hana.health", raise(7))).code).toBe("action-not-found");
    expect(w.state.escalations.size).toBe(0);
    await w.as("hana.health", raise(1));
    expect((await w.refusal("hana.health", raise(1))).code).toBe("already-escalated");
    expect(w.state.escalations.size).toBe(1);

    const done = await overdueWorld();
    await done.as("fay.family", { name: "plan-done", ref: REF, n: 1, note: "" });
    done.clock.set("2026-12-10T10:00:00Z");
    expect((await done.refusal("hana.health", raise(1))).code).toBe("action-closed");
    expect(done.state.audit.filter((a) => a.action === "plan.escalated")).toEqual([]);
  });

  it("the weekly overdue alert points to escalation once the action is past the threshold, and only for a practitioner's action", async () => {
    const w = await overdueWorld();
    const alerts = async (iso: string) => {
      w.clock.set(iso);
      const fired = await w.fireDue();
      // Action 1's alert goes to Fay and to Hana, the same view to each.
      const views = fired.flatMap((o) => o.notifications.map((n) => n.view)).filter((v): v is PlanNudgeView => v.type === "plan-nudge" && v.event === "overdue");
      return [...new Map(views.map((v) => [v.n, v])).values()];
    };
    await alerts("2026-11-26T10:00:00Z");
    const week2 = await alerts("2026-12-03T10:00:00Z");
    expect(week2.map((v) => [v.n, v.workingDaysOverdue, v.escalatableAfter])).toEqual([
      [1, 6, undefined],
      [2, 6, undefined],
    ]);
    const week3 = await alerts("2026-12-10T10:00:00Z");
    expect(week3.filter((v) => v.n === 1).map((v) => [v.workingDaysOverdue, v.escalatableAfter])).toEqual([[11, 10]]);
    expect(week3.filter((v) => v.n === 2).map((v) => v.escalatableAfter)).toEqual([undefined]);
  });
});
