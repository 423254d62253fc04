import { describe, expect, it } from "vitest";
import { handle, practitioner, standardStaff, World } from "../../support/domain-fixture.js";

const REF = "EH-2026-0043";

/** A proposal that ends in an objection, so the case is at escalation level 1. */
async function disputedWorld(w = new World()) {
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
  await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
  await w.as("fay.family", { name: "vote", ref: REF, choice: "agree", reason: "" });
  await w.as("tom.teacher", { name: "vote", ref: REF, choice: "object", reason: "school is closer to the family" });
  return w;
}
const escalationOf = (w: World) => [...w.state.escalations.values()].at(-1)!;

describe("escalation ladder [DOMAIN §5]", () => {
  it("level 1 times out after 5 working days to the co-ordinator, level 2 to the executive group, which never times out", async () => {
    const w = await disputedWorld();
    expect(escalationOf(w).deadline?.toISOString()).toBe("2026-11-30T10:00:00.000Z");
    w.clock.set("2026-11-30T10:00:00Z");
    await w.fireDue();
    expect(escalationOf(w).level).toBe(2);
    expect(escalationOf(w).deciderIds).toEqual(["p-cory.coordinator"]);
    w.clock.set("2026-12-07T10:00:00Z");
    await w.fireDue();
    expect(escalationOf(w).level).toBe(3);
    expect(escalationOf(w).deciderIds).toEqual(["p-eve.executive"]);
    expect(escalationOf(w).deadline).toBeNull();
    expect([...w.state.deadlines.values()].filter((d) => d.state === "pending" && d.kind === "escalation-timeout")).toHaveLength(0);
  });

  it("a line manager can pass it up to level 2 at once", async () => {
    const w = await disputedWorld();
    await w.as("meg.manager", { name: "escalate", ref: REF, reason: "agencies cannot agree" });
    expect(escalationOf(w).level).toBe(2);
    const r = await w.refusal("tom.teacher", { name: "escalate", ref: REF, reason: "again" });
    expect(r.code).toBe("already-escalated");
  });

  it("a decider appoints an LP who still has to meet the statutory and eligibility rules; non-deciders are refused", async () => {
    const w = await disputedWorld();
    expect((await w.refusal("cory.coordinator", { name: "resolve-appoint", ref: REF, person: handle("tom.teacher"), reason: "x" })).code).toBe("not-decider");
    expect((await w.refusal("fay.family", { name: "resolve-return", ref: REF, reason: "x" })).code).toBe("not-decider");
    w.state.practitioners.get("p-tom.teacher")!.availability = "leaving";
    expect((await w.refusal("mo.manager", { name: "resolve-appoint", ref: REF, person: handle("tom.teacher"), reason: "x" })).code).toBe("not-eligible");
    const out = await w.as("mo.manager", { name: "resolve-appoint", ref: REF, person: handle("hana.health"), reason: "best placed" });
    expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
    expect(escalationOf(w).state).toBe("resolved");
    expect(out.notifications.some((n) => n.to.kind === "access-team" && n.view.type === "decision")).toBe(true);
    expect([...w.state.deadlines.values()].filter((d) => d.subjectId === escalationOf(w).id && d.state === "pending")).toHaveLength(0);
  });

  it("returning the case to the TAF lets a new proposal be made", async () => {
    const w = await disputedWorld();
    const propose = { name: "propose" as const, ref: REF, nominee: handle("tom.teacher"), reason: "", family: { kind: "agrees" as const } };
    expect((await w.refusal("fay.family", propose)).code).toBe("escalation-open");
    await w.as("meg.manager", { name: "resolve-return", ref: REF, reason: "meet as a TAF first" });
    await w.as("fay.family", propose);
    expect([...w.state.proposals.values()].filter((p) => p.state === "open")).toHaveLength(1);
  });

  it("a line manager may appeal the co-ordinator's decision to the executive group", async () => {
    const w = await disputedWorld();
    await w.as("mo.manager", { name: "escalate", ref: REF, reason: "we cannot agree" });
    await w.as("cory.coordinator", { name: "resolve-appoint", ref: REF, person: handle("hana.health"), reason: "health lead" });
    await w.as("meg.manager", { name: "escalate", ref: REF, reason: "the school should lead" });
    expect(escalationOf(w).level).toBe(3);
    expect(escalationOf(w).state).toBe("open");
  });

  it("an open proposal is withdrawn when an escalation decision appoints someone", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
    await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
    await w.as("fay.family", { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("tom.teacher", { name: "escalate", ref: REF, reason: "the agencies cannot agree who leads" });
    expect(escalationOf(w).deciderIds).toEqual(["p-meg.manager"]);
    const out = await w.as("meg.manager", { name: "resolve-appoint", ref: REF, person: handle("tom.teacher"), reason: "sees the family daily" });
    const proposal = [...w.state.proposals.values()][0]!;
    expect(proposal).toMatchObject({ state: "withdrawn", outcomeReason: "superseded by an escalation decision", closedAt: w.clock.now() });
    expect(out.cancelled.some((k) => k.startsWith(`vote-close-${proposal.id}`))).toBe(true);
    expect([...w.state.deadlines.values()].filter((d) => d.subjectId === proposal.id && d.state === "pending")).toHaveLength(0);
    expect(w.caseByRef(REF)?.leadId).toBe("p-tom.teacher");
    expect(w.state.audit.map((e) => e.action)).toEqual(expect.arrayContaining(["proposal.withdrawn", "escalation.resolved", "lead.appointed"]));
    expect((await w.refusal("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" })).code).toBe("no-open-vote");
  });

  it("once the executive group holds it, nobody can escalate further: its decision is binding", async () => {
    const w = await disputedWorld();
    w.clock.set("2026-11-30T10:00:00Z");
    await w.fireDue();
    w.clock.set("2026-12-07T10:00:00Z");
    await w.fireDue();
    expect(escalationOf(w)).toMatchObject({ level: 3, state: "open", deadline: null });
    const top = await w.refusal("eve.executive", { name: "escalate", ref: REF, reason: "further" });
    expect(top).toEqual({ code: "top-of-ladder", message: "The executive group already holds this case; its decision is binding." });
    expect((await w.refusal("meg.manager", { name: "escalate", ref: REF, reason: "further" })).code).toBe("already-escalated");
    expect(w.state.escalations.size).toBe(1);
    expect(escalationOf(w)).toMatchObject({ level: 3, deciderIds: ["p-eve.executive"] });
  });

  it("only a line manager of those involved may appeal the co-ordinator's decision", async () => {
    // Max manages Sam, who joins the TAF later and was not part of the dispute.
    const staff = standardStaff().map((p) => (p.handle === "sam.social" ? { ...p, managerId: "p-max.manager" } : p));
    const w = await disputedWorld(new World([...staff, practitioner("max.manager", { role: "manager" })]));
    await w.as("mo.manager", { name: "escalate", ref: REF, reason: "we cannot agree" });
    await w.as("cory.coordinator", { name: "resolve-appoint", ref: REF, person: handle("hana.health"), reason: "health lead" });
    await w.as("fay.family", { name: "taf-add", ref: REF, person: handle("sam.social") });
    for (const who of ["tom.teacher", "max.manager", "ada.access"]) {
      const auditBefore = w.state.audit.length;
      const r = await w.refusal(who, { name: "escalate", ref: REF, reason: "the school should lead" });
      expect(r.code).toBe("not-appealing-manager");
      expect(r.message).toMatch(/Only a line manager of the practitioners involved can appeal/);
      expect(w.state.audit.slice(auditBefore)).toEqual([expect.objectContaining({ action: "escalate", outcome: "refused" })]);
    }
    expect((await w.refusal("eve.executive", { name: "escalate", ref: REF, reason: "x" })).code).toBe("not-on-taf");
    expect(w.state.escalations.size).toBe(1);
    expect(escalationOf(w)).toMatchObject({ state: "resolved", resolvedAtLevel: 2 });
    expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
  });

  it("acknowledging stops the repeat alerts but not the timeout", async () => {
    const w = await disputedWorld();
    await w.as("mo.manager", { name: "acknowledge", ref: REF });
    w.clock.set("2026-11-24T09:00:00Z");
    const [alerts] = await w.fireDue();
    const to = alerts!.notifications.map((n) => (n.to as { practitionerId: string }).practitionerId);
    expect(to).toEqual(["p-meg.manager"]);
    await w.as("meg.manager", { name: "acknowledge", ref: REF });
    expect([...w.state.deadlines.values()].filter((d) => d.kind === "escalation-alert" && d.state === "pending")).toHaveLength(0);
    expect([...w.state.deadlines.values()].filter((d) => d.kind === "escalation-timeout" && d.state === "pending")).toHaveLength(1);
  });

  it("a TAF member can raise a delivery dispute with the managers, not with the LP", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["tom.teacher"]);
    const out = await w.as("tom.teacher", { name: "escalate", ref: REF, reason: "agreed actions not delivered" });
    expect(escalationOf(w).deciderIds).toEqual(["p-meg.manager"]);
    expect(out.notifications.some((n) => n.to.kind === "practitioner" && (n.to as { practitionerId: string }).practitionerId === "p-meg.manager")).toBe(true);
  });
});
