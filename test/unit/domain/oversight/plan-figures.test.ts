// The plan in oversight [DOMAIN §11]: the report counts actions agreed, the share of those due in
// the period done by their due date, and what is overdue by the owner's agency; the Monday digest
// lists each manager's reports' overdue actions (numbers and owners, never the text), and the
// access team's lists them all. Hand-counted below.
import { describe, expect, it } from "vitest";
import { executeWeeklyDigest } from "../../../../src/application/execute-weekly-digest.js";
import type { CaseloadView, ReportView } from "../../../../src/domain/views.js";
import { handle, World } from "../../../support/domain-fixture.js";

const REF = "EH-2026-0064";
const iso = (date: string) => ({ kind: "iso" as const, date });

/**
 * Mon 2 Nov 2026, all added that day (Hana leads): 1 Tom's, due Fri 6 Nov, done Thu 5 Nov (on
 * time); 2 Hana's, due Fri 13 Nov, done Tue 17 Nov (late); 3 the family's, due Fri 20 Nov, open;
 * 4 Tom's, due Wed 18 Nov, open; 5 Fay's, due Fri 18 Dec, open; 6 Tom's, due Wed 25 Nov, dropped.
 */
async function planMonth() {
  const w = new World(undefined, "2026-11-02T10:00:00Z");
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
  for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
  const add = (owner: string | null, by: string) =>
    w.as("hana.health", { name: "plan-add", ref: REF, owner: owner ? { kind: "person", person: handle(owner) } : { kind: "family" }, text: "An agreed action", by: iso(by) });
  await add("tom.teacher", "2026-11-06");
  await add("hana.health", "2026-11-13");
  await add(null, "2026-11-20");
  await add("tom.teacher", "2026-11-18");
  await add("fay.family", "2026-12-18");
  await add("tom.teacher", "2026-11-25");
  await w.as("hana.health", { name: "plan-drop", ref: REF, n: 6, reason: "no longer needed" });
  w.clock.set("2026-11-05T10:00:00Z");
  await w.as("tom.teacher", { name: "plan-done", ref: REF, n: 1, note: "" });
  w.clock.set("2026-11-17T10:00:00Z");
  await w.as("hana.health", { name: "plan-done", ref: REF, n: 2, note: "" });
  return w;
}

const rowsOf = (view: ReportView) => Object.fromEntries(view.rows.map((r) => [r.label, r.value]));

describe("plan figures", () => {
  it("report: agreed, done on time of those due, and overdue by owner agency", async () => {
    const w = await planMonth();
    w.clock.set("2026-11-30T10:00:00Z");
    const view = (await w.as("ada.access", { name: "report", from: iso("2026-11-01"), to: iso("2026-11-30") })).reply as ReportView;
    const rows = rowsOf(view);
    expect(rows["Plan actions agreed in period"]).toBe("6");
    expect(rows["Plan actions due in period done on time"]).toBe("1 of 4 (25%)");
    expect(rows["Plan actions overdue"]).toBe("2");
    expect(rows["Plan actions overdue: Oak Primary School"]).toBe("1");
    expect(rows["Plan actions overdue: The family"]).toBe("1");
    expect(Object.keys(rows).filter((k) => k.startsWith("Plan actions overdue:"))).toHaveLength(2);
    expect(view.file?.content).toContain("Plan actions overdue: Oak Primary School,1");
  });

  it("a past period counts what was overdue at the end of its last day", async () => {
    const w = await planMonth();
    w.clock.set("2026-11-30T10:00:00Z");
    // End of Mon 16 Nov: action 2 (due 13 Nov, done 17 Nov) was overdue then; 4 not yet due.
    const rows = rowsOf((await w.as("ada.access", { name: "report", from: iso("2026-11-09"), to: iso("2026-11-16") })).reply as ReportView);
    expect(rows["Plan actions overdue"]).toBe("1");
    expect(rows["Plan actions overdue: Health Visiting"]).toBe("1");
    expect(rows["Plan actions due in period done on time"]).toBe("0 of 1 (0%)");
    expect(rows["Plan actions agreed in period"]).toBe("0");
  });

  it("the Monday digest lists each manager's reports' overdue actions, and all of them to the access team", async () => {
    const w = await planMonth();
    const at = new Date("2026-11-30T07:00:00Z");
    w.clock.set(at.toISOString());
    const out = await executeWeeklyDigest(w.deps, at);
    const digestOf = (id: string) => out.notifications.find((n) => n.to.kind === "practitioner" && n.to.practitionerId === id)?.view as ReportView;
    const after = (view: ReportView, heading: string) => {
      const i = view.rows.findIndex((r) => r.label === heading);
      expect(i, heading).toBeGreaterThanOrEqual(0);
      return view.rows.slice(i, i + 1 + Number(view.rows[i]!.value));
    };
    // Meg manages Hana and Tom: Tom's action 4 (8 working days overdue on Mon 30 Nov).
    expect(after(digestOf("p-meg.manager"), "Your reports' plan actions overdue now")).toEqual([
      { label: "Your reports' plan actions overdue now", value: "1" },
      { label: REF, value: "action 4 (Tom Teacher) was due Wed 18 Nov 2026 (8 working days overdue)" },
    ]);
    expect(after(digestOf("p-mo.manager"), "Your reports' plan actions overdue now")).toEqual([{ label: "Your reports' plan actions overdue now", value: "0" }]);
    const access = out.notifications.find((n) => n.to.kind === "access-team")!.view as ReportView;
    expect(after(access, "Plan actions overdue now").map((r) => r.value)).toEqual([
      "2",
      "action 4 (Tom Teacher) was due Wed 18 Nov 2026 (8 working days overdue)",
      "action 3 (the family) was due Fri 20 Nov 2026 (6 working days overdue)",
    ]);
    expect(JSON.stringify(out.notifications)).not.toContain("An agreed action");
  });

  it("caseload shows the plan actions each person owns on open cases, and how many are overdue", async () => {
    const w = await planMonth();
    w.clock.set("2026-11-30T10:00:00Z");
    const view = (await w.as("meg.manager", { name: "caseload" })).reply as CaseloadView;
    const of = (id: string) => view.rows.find((r) => r.practitioner.id === id)?.actions;
    expect(of("p-tom.teacher")).toEqual({ open: 1, overdue: 1 });
    expect(of("p-hana.health")).toEqual({ open: 0, overdue: 0 });
    const fay = (await w.as("fay.family", { name: "caseload" })).reply as CaseloadView;
    expect(fay.rows[0]!.actions).toEqual({ open: 1, overdue: 0 });
  });
});
