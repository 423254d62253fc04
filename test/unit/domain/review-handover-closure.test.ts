import { describe, expect, it } from "vitest";
import { handle, World } from "../../support/domain-fixture.js";

const REF = "EH-2026-0044";

/** A case whose LP is Hana, agreed by the TAF. */
async function ledWorld() {
  const w = new World();
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
  for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
  expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
  return w;
}
const pending = (w: World, kind: string) => [...w.state.deadlines.values()].filter((d) => d.kind === kind && d.state === "pending");

describe("reviews [DOMAIN §6]", () => {
  it("keeps asking a new LP for a review date each working morning until one is set", async () => {
    const w = await ledWorld();
    w.clock.set("2026-11-24T09:00:00Z");
    const [asked] = await w.fireDue();
    expect(asked!.notifications[0]!.view).toMatchObject({ type: "review", event: "date-missing" });
    expect(pending(w, "review-date-missing")[0]!.dueAt.toISOString()).toBe("2026-11-25T09:00:00.000Z");
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-12-18" } });
    expect(pending(w, "review-date-missing")).toHaveLength(0);
  });

  it("reminds the LP 5 and 1 working days before and on the day, then alerts LP, manager and access team when overdue", async () => {
    const w = await ledWorld();
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-12-18" } });
    const due = [...pending(w, "review-reminder"), ...pending(w, "review-overdue")].map((d) => `${d.kind}@${d.dueAt.toISOString()}`).sort();
    expect(due).toEqual([
      "review-overdue@2026-12-21T09:00:00.000Z",
      "review-reminder@2026-12-11T09:00:00.000Z",
      "review-reminder@2026-12-17T09:00:00.000Z",
      "review-reminder@2026-12-18T09:00:00.000Z",
    ]);
    w.clock.set("2026-12-21T09:00:00Z");
    const fired = await w.fireDue();
    const overdue = fired.flatMap((o) => o.notifications).filter((n) => n.view.type === "review" && n.view.event === "overdue");
    expect(overdue.map((n) => (n.to.kind === "practitioner" ? n.to.practitionerId : n.to.kind)).sort()).toEqual(["access-team", "p-hana.health", "p-meg.manager"]);
  });

  it("a moved review cancels the old reminders, which are never sent", async () => {
    const w = await ledWorld();
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-12-18" } });
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2027-01-29" } });
    w.clock.set("2026-12-21T09:00:00Z");
    const fired = await w.fireDue();
    expect(fired.flatMap((o) => o.notifications).filter((n) => n.view.type === "review")).toHaveLength(0);
  });

  it("continue: recorded with the next review, told to the case channel only, reminders scheduled for it", async () => {
    const w = await ledWorld();
    const out = await w.as("hana.health", { name: "review-done", ref: REF, outcome: "continue", next: { kind: "iso", date: "2027-01-29" } });
    expect(w.state.reviews).toEqual([expect.objectContaining({ outcome: "continue", heldOn: "2026-11-23", nextReviewDate: "2027-01-29", recordedById: "p-hana.health" })]);
    expect(out.notifications.filter((n) => n.view.type === "review").map((n) => n.to.kind)).toEqual(["case-channel"]);
    expect(pending(w, "review-overdue").map((d) => d.dueAt.toISOString())).toEqual(["2027-02-01T09:00:00.000Z"]);
    expect(pending(w, "review-date-missing")).toHaveLength(0);
    expect(w.state.audit.at(-1)).toMatchObject({ action: "review.done", detail: { outcome: "continue", next: "2027-01-29" } });
  });

  it("step-up: the access team is told as well as the case channel", async () => {
    const w = await ledWorld();
    const out = await w.as("hana.health", { name: "review-done", ref: REF, outcome: "step-up" });
    const told = out.notifications.filter((n) => n.view.type === "review" && n.view.event === "done" && n.view.outcome === "step-up");
    expect(told.map((n) => n.to.kind).sort()).toEqual(["access-team", "case-channel"]);
    expect(out.reply).toMatchObject({ text: expect.stringMatching(/step up to social care/) });
  });

  it("closure: a recommendation only; the case stays open until the TAF confirms `close`", async () => {
    const w = await ledWorld();
    const out = await w.as("hana.health", { name: "review-done", ref: REF, outcome: "closure" });
    expect(out.reply).toMatchObject({ text: expect.stringContaining(`close ${REF}`) });
    expect(out.notifications.some((n) => n.to.kind === "access-team")).toBe(false);
    expect(w.caseByRef(REF)?.open).toBe(true);
    expect(w.state.proposals.size).toBe(1);
    expect(w.state.reviews[0]?.outcome).toBe("closure");
  });

  it("records the outcome and sets the next review 12 weeks on by default; only the LP, their manager or the access team may", async () => {
    const w = await ledWorld();
    expect((await w.refusal("tom.teacher", { name: "review-done", ref: REF, outcome: "continue" })).code).toBe("not-lead");
    await w.as("hana.health", { name: "review-done", ref: REF, outcome: "step-down" });
    expect(w.caseByRef(REF)?.reviewDate).toBe("2027-02-15");
    expect(w.state.reviews[0]).toMatchObject({ outcome: "step-down", nextReviewDate: "2027-02-15" });
    await w.as("meg.manager", { name: "review-set", ref: REF, date: { kind: "iso", date: "2027-01-15" } });
    expect(w.caseByRef(REF)?.reviewDate).toBe("2027-01-15");
  });

  it("refuses a review date in the past", async () => {
    const w = await ledWorld();
    expect((await w.refusal("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-11-01" } })).code).toBe("date-past");
  });
});

describe("handover [DOMAIN §7]", () => {
  it("is started by the outgoing LP; the LP stays until a successor is agreed; the access team is told at start and completion", async () => {
    const w = await ledWorld();
    expect((await w.refusal("tom.teacher", { name: "handover-start", ref: REF, trigger: "transition" })).code).toBe("not-outgoing-lead");
    expect((await w.refusal("meg.manager", { name: "handover-start", ref: REF, trigger: "transition" })).code).toBe("not-outgoing-lead");
    const started = await w.as("hana.health", { name: "handover-start", ref: REF, trigger: "transition" });
    expect(started.notifications.some((n) => n.to.kind === "access-team" && n.view.type === "handover")).toBe(true);
    expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
    await w.as("hana.health", { name: "propose", ref: REF, nominee: handle("tom.teacher"), reason: "moving to secondary", family: { kind: "agrees" } });
    let done;
    for (const h of ["fay.family", "hana.health", "tom.teacher"]) done = await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect(w.caseByRef(REF)?.leadId).toBe("p-tom.teacher");
    expect([...w.state.handovers.values()][0]).toMatchObject({ state: "completed", successorId: "p-tom.teacher" });
    expect(done!.notifications.some((n) => n.to.kind === "access-team" && n.view.type === "handover" && n.view.event === "completed")).toBe(true);
    expect(pending(w, "handover-missed")).toHaveLength(0);
  });

  it("is started by the LP's manager when the LP is recorded as off sick [001 Guideline 7]", async () => {
    const w = await ledWorld();
    await w.as("meg.manager", { name: "practitioner-update", person: handle("hana.health"), fields: { availability: "long-term-sick" } });
    await w.as("meg.manager", { name: "handover-start", ref: REF, trigger: "long-term-sick" });
    expect([...w.state.handovers.values()]).toEqual([
      expect.objectContaining({ outgoingLeadId: "p-hana.health", startedById: "p-meg.manager", trigger: "long-term-sick", state: "open" }),
    ]);
    expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
  });

  it("a manager's choice of the long-term-sick trigger alone does not let them start it for a well LP", async () => {
    const w = await ledWorld();
    const r = await w.refusal("meg.manager", { name: "handover-start", ref: REF, trigger: "long-term-sick" });
    expect(r.code).toBe("not-outgoing-lead");
    expect(r.message).toMatch(/recorded as on long-term sick leave/);
    expect(w.state.handovers.size).toBe(0);
  });

  it("while the LP is off sick, someone who is not their line manager is refused", async () => {
    const w = await ledWorld();
    w.state.practitioners.get("p-hana.health")!.availability = "long-term-sick";
    for (const who of ["mo.manager", "tom.teacher", "fay.family"]) {
      const r = await w.refusal(who, { name: "handover-start", ref: REF, trigger: "long-term-sick" });
      expect(r).toEqual({ code: "not-outgoing-lead", message: "Only Hana Health or their line manager can start this handover." });
    }
    expect(w.state.handovers.size).toBe(0);
  });

  it("has a 10 working day deadline; reminders go to the outgoing LP and TAF, a missed deadline to their manager and the access team", async () => {
    const w = await ledWorld();
    await w.as("hana.health", { name: "handover-start", ref: REF, trigger: "leaving" });
    const handover = [...w.state.handovers.values()][0]!;
    expect(handover.deadline.toISOString()).toBe("2026-12-07T10:00:00.000Z");
    w.clock.set("2026-12-07T10:00:00Z");
    const notes = (await w.fireDue()).flatMap((o) => o.notifications).filter((n) => n.view.type === "handover");
    const reminders = notes.filter((n) => n.view.type === "handover" && n.view.event === "reminder");
    const missed = notes.filter((n) => n.view.type === "handover" && n.view.event === "missed");
    expect(reminders.map((n) => n.to.kind).sort()).toEqual(["case-channel", "case-channel", "practitioner", "practitioner"]);
    expect(missed.map((n) => (n.to.kind === "practitioner" ? n.to.practitionerId : n.to.kind)).sort()).toEqual(["access-team", "p-meg.manager"]);
  });
});

describe("closure [DOMAIN §8]", () => {
  it("the LP recommends, the TAF confirms, the case closes, the access team is told and nothing more is scheduled", async () => {
    const w = await ledWorld();
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-12-18" } });
    expect((await w.refusal("tom.teacher", { name: "close", ref: REF, reason: "" })).code).toBe("not-lead");
    await w.as("hana.health", { name: "close", ref: REF, reason: "goals met" });
    let out;
    for (const h of ["fay.family", "hana.health", "tom.teacher"]) out = await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect(w.caseByRef(REF)?.open).toBe(false);
    expect(out!.notifications.some((n) => n.to.kind === "access-team")).toBe(true);
    expect([...w.state.deadlines.values()].filter((d) => d.state === "pending")).toHaveLength(0);
    expect((await w.refusal("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-12-20" } })).code).toBe("case-closed");
  });

  it("closing the case cancels an open handover and its reminders", async () => {
    const w = await ledWorld();
    await w.as("hana.health", { name: "handover-start", ref: REF, trigger: "work-complete" });
    expect(pending(w, "handover-reminder")).toHaveLength(2);
    await w.as("hana.health", { name: "close", ref: REF, reason: "" });
    for (const h of ["fay.family", "hana.health", "tom.teacher"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect(w.caseByRef(REF)?.open).toBe(false);
    expect([...w.state.handovers.values()]).toEqual([expect.objectContaining({ state: "cancelled", successorId: null })]);
    expect([...pending(w, "handover-reminder"), ...pending(w, "handover-missed")]).toHaveLength(0);
    w.clock.set("2026-12-08T10:00:00Z");
    expect((await w.fireDue()).flatMap((o) => o.notifications)).toHaveLength(0);
  });

  it("a case with no LP is never closed for lack of one", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", []);
    expect((await w.refusal("fay.family", { name: "close", ref: REF, reason: "" })).code).toBe("not-lead");
  });
});

describe("case without a lead [DOMAIN §7, 003]", () => {
  it("prompts the TAF after 5 working days without an LP", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["tom.teacher"]);
    w.clock.set("2026-11-30T09:00:00Z");
    const out = await w.fireDue();
    expect(out.flatMap((o) => o.notifications)).toContainEqual(
      expect.objectContaining({ to: expect.objectContaining({ kind: "case-channel" }), view: expect.objectContaining({ text: expect.stringMatching(/no lead professional since/) }) }),
    );
  });
});

describe("status changes", () => {
  it("warns the TAF and access team when the current LP no longer meets a statutory rule", async () => {
    const w = await ledWorld();
    const out = await w.as("fay.family", { name: "case-update", ref: REF, statuses: ["early-help", "child-protection-plan"] });
    const warnings = out.notifications.filter((n) => n.view.type === "text" && n.view.tone === "warning");
    expect(warnings.map((n) => n.to.kind).sort()).toEqual(["access-team", "case-channel"]);
    expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
    const quiet = await w.as("fay.family", { name: "case-update", ref: REF, statuses: ["early-help", "sen"] });
    expect(quiet.notifications.filter((n) => n.view.type === "text" && n.view.tone === "warning")).toHaveLength(0);
  });
});
