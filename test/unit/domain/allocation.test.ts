import { describe, expect, it } from "vitest";
import { handle, World } from "../../support/domain-fixture.js";

const REF = "EH-2026-0042";

async function proposedWorld() {
  const w = new World();
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["sam.social", "hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "sees the family weekly", family: { kind: "agrees" } });
  return w;
}

describe("proposal and vote [DOMAIN §4]", () => {
  it("agrees when the nominee accepts, a quorum votes and nobody objects; access team told, review date asked", async () => {
    const w = await proposedWorld();
    await w.as("sam.social", { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("tom.teacher", { name: "vote", ref: REF, choice: "abstain", reason: "" });
    await w.as("fay.family", { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect(w.caseByRef(REF)?.leadId).toBeNull();
    const last = await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
    expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
    expect(last.notifications.some((n) => n.to.kind === "access-team" && n.view.type === "decision")).toBe(true);
    expect(last.notifications.some((n) => n.to.kind === "practitioner" && n.view.type === "review" && n.view.event === "date-missing")).toBe(true);
    expect(last.scheduled.map((d) => d.kind)).toContain("review-date-missing");
    expect(last.cancelled.some((k) => k.startsWith("vote-close-"))).toBe(true);
    const proposal = [...w.state.proposals.values()][0]!;
    expect(proposal.state).toBe("agreed");
    expect(last.outboxKeys).toHaveLength(last.notifications.length);
    expect(last.outboxKeys.map((k) => w.state.outbox.get(k)?.notification)).toEqual(last.notifications);
  });

  it("stays open until everyone has voted or the deadline passes, and a member may change their vote", async () => {
    const w = await proposedWorld();
    await w.as("sam.social", { name: "vote", ref: REF, choice: "object", reason: "social care still funds services" });
    await w.as("sam.social", { name: "vote", ref: REF, choice: "agree", reason: "" });
    const votes = w.state.votes.filter((v) => v.voterId === "p-sam.social");
    expect(votes).toHaveLength(1);
    expect(votes[0]!.choice).toBe("agree");
    expect([...w.state.proposals.values()][0]!.state).toBe("open");
  });

  it("closes at its deadline (2 working days) as agreed when quorum voted and nominee accepted", async () => {
    const w = await proposedWorld();
    await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
    await w.as("sam.social", { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("fay.family", { name: "vote", ref: REF, choice: "agree", reason: "" });
    const proposal = [...w.state.proposals.values()][0]!;
    // Monday 10:00 + 2 working days = Wednesday 10:00 (GMT in November).
    expect(proposal.deadline.toISOString()).toBe("2026-11-25T10:00:00.000Z");
    w.clock.set("2026-11-25T10:00:00Z");
    await w.fireDue();
    expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
  });

  it("is a disagreement without quorum at the deadline, and starts escalation level 1 with the line managers", async () => {
    const w = await proposedWorld();
    await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
    w.clock.set("2026-11-25T10:00:00Z");
    await w.fireDue();
    const proposal = [...w.state.proposals.values()][0]!;
    expect(proposal.state).toBe("disagreed");
    expect(proposal.outcomeReason).toMatch(/no quorum/);
    const escalation = [...w.state.escalations.values()][0]!;
    expect(escalation.level).toBe(1);
    expect(escalation.deciderIds.sort()).toEqual(["p-meg.manager", "p-mo.manager"]);
    expect(w.caseByRef(REF)?.leadId).toBeNull();
  });

  it("an objection makes it a disagreement even when everyone else agrees", async () => {
    const w = await proposedWorld();
    await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
    await w.as("sam.social", { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("fay.family", { name: "vote", ref: REF, choice: "agree", reason: "" });
    const out = await w.as("tom.teacher", { name: "vote", ref: REF, choice: "object", reason: "school has the closest relationship" });
    expect([...w.state.proposals.values()][0]!.state).toBe("disagreed");
    const managerAlerts = out.notifications.filter((n) => n.to.kind === "practitioner" && n.view.type === "escalation");
    expect(managerAlerts.map((n) => (n.to as { practitionerId: string }).practitionerId).sort()).toEqual(["p-meg.manager", "p-mo.manager"]);
  });

  it("a declining nominee makes it a disagreement", async () => {
    const w = await proposedWorld();
    for (const h of ["sam.social", "fay.family", "tom.teacher"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("hana.health", { name: "vote", ref: REF, choice: "decline", reason: "caseload full" });
    expect([...w.state.proposals.values()][0]!.outcomeReason).toMatch(/declined/);
  });

  it("refuses a second open proposal on the case (one at a time)", async () => {
    const w = await proposedWorld();
    const r = await w.refusal("sam.social", { name: "propose", ref: REF, nominee: handle("sam.social"), reason: "", family: { kind: "not-asked" } });
    expect(r.code).toBe("proposal-open");
    expect(w.state.proposals.size).toBe(1);
  });

  it("refuses votes from non-members, late joiners, abstaining nominees and reasonless objections", async () => {
    const w = await proposedWorld();
    expect((await w.refusal("mo.manager", { name: "vote", ref: REF, choice: "agree", reason: "" })).code).toBe("not-on-taf");
    expect((await w.refusal("hana.health", { name: "vote", ref: REF, choice: "abstain", reason: "" })).code).toBe("nominee-abstain");
    expect((await w.refusal("sam.social", { name: "vote", ref: REF, choice: "object", reason: "" })).code).toBe("objection-reason");
    expect((await w.refusal("sam.social", { name: "vote", ref: REF, choice: "accept", reason: "" })).code).toBe("not-nominee");
    await w.as("ada.access", { name: "taf-add", ref: REF, person: handle("ada.access") });
    expect((await w.refusal("ada.access", { name: "vote", ref: REF, choice: "agree", reason: "" })).code).toBe("joined-late");
    expect(w.state.votes).toHaveLength(0);
  });

  it("needs a reason to propose someone other than the family's preference, and shows it on the card", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
    const refused = await w.refusal("fay.family", {
      name: "propose",
      ref: REF,
      nominee: handle("hana.health"),
      reason: "",
      family: { kind: "prefers", person: handle("tom.teacher") },
    });
    expect(refused.code).toBe("family-preference");
    const out = await w.as("fay.family", {
      name: "propose",
      ref: REF,
      nominee: handle("hana.health"),
      reason: "the school is closing for refurbishment",
      family: { kind: "prefers", person: handle("tom.teacher") },
    });
    const card = out.notifications.find((n) => n.view.type === "proposal")!.view;
    expect(card.type === "proposal" && card.familyPrefersOther).toBe(true);
    expect(card.type === "proposal" && card.notes[0]).toMatch(/prefers Tom Teacher/);
  });

  it("refuses a proposal that breaks a statutory rule with the rule's reason, writing only a refusal audit event", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["child-protection-plan"], "sam.social", ["hana.health"]);
    const auditBefore = w.state.audit.length;
    const r = await w.refusal("sam.social", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "not-asked" } });
    expect(r.code).toBe("statutory-rule");
    expect(r.message).toMatch(/social worker/i);
    expect(w.state.proposals.size).toBe(0);
    expect([...w.state.outbox.values()].some((e) => e.notification.view.type === "proposal")).toBe(false);
    expect(w.state.audit.slice(auditBefore)).toEqual([
      expect.objectContaining({ action: "propose", outcome: "refused", detail: expect.objectContaining({ code: "statutory-rule" }) }),
    ]);
  });

  it("an eligibility refusal writes nothing but its refusal audit event", async () => {
    const w = new World();
    w.state.practitioners.get("p-hana.health")!.availability = "leaving";
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health"]);
    const before = { audit: w.state.audit.length, outbox: w.state.outbox.size, deadlines: w.state.deadlines.size, votes: w.state.votes.length };
    const r = await w.refusal("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
    expect(r.code).toBe("not-eligible");
    expect(r.message).toMatch(/leaving/);
    expect(w.state.proposals.size).toBe(0);
    expect({ outbox: w.state.outbox.size, deadlines: w.state.deadlines.size, votes: w.state.votes.length }).toEqual({
      outbox: before.outbox,
      deadlines: before.deadlines,
      votes: before.votes,
    });
    expect(w.state.audit.slice(before.audit)).toEqual([
      expect.objectContaining({ action: "propose", outcome: "refused", actorId: "p-fay.family", detail: expect.objectContaining({ code: "not-eligible" }) }),
    ]);
  });

  it("refuses an ineligible nominee (no DBS) with the rule's reason", async () => {
    const w = new World();
    w.state.practitioners.get("p-hana.health")!.dbsCheckedOn = null;
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health"]);
    const r = await w.refusal("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "not-asked" } });
    expect(r.code).toBe("not-eligible");
    expect(r.message).toMatch(/DBS/);
  });

  it("lets an agency worker be proposed only after their manager records an override", async () => {
    const w = new World();
    Object.assign(w.state.practitioners.get("p-hana.health")!, { employment: "agency" });
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health"]);
    const propose = { name: "propose" as const, ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "not-asked" as const } };
    expect((await w.refusal("fay.family", propose)).code).toBe("not-eligible");
    expect((await w.refusal("mo.manager", { name: "override", ref: REF, person: handle("hana.health"), reason: "only practitioner the family trusts" })).code).toBe("not-manager");
    await w.as("meg.manager", { name: "override", ref: REF, person: handle("hana.health"), reason: "only practitioner the family trusts" });
    const out = await w.as("fay.family", propose);
    const card = out.notifications.find((n) => n.view.type === "proposal")!.view;
    expect(card.type === "proposal" && card.notes.join(" ")).toMatch(/only practitioner the family trusts/);
  });

  it("removing a voter mid-vote drops them from the electorate, and the vote closes once the rest have voted", async () => {
    const w = await proposedWorld();
    await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
    await w.as("sam.social", { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("fay.family", { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect([...w.state.proposals.values()][0]!.state).toBe("open");
    const out = await w.as("meg.manager", { name: "taf-remove", ref: REF, person: handle("tom.teacher") });
    const proposal = [...w.state.proposals.values()][0]!;
    expect(proposal.electorate).not.toContain("p-tom.teacher");
    expect(proposal.state).toBe("agreed");
    expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
    expect(out.notifications.some((n) => n.to.kind === "access-team" && n.view.type === "decision")).toBe(true);
    expect(w.state.taf.get(w.caseByRef(REF)!.id)).not.toContain("p-tom.teacher");
  });

  it("a removed voter's objection no longer stands", async () => {
    const w = await proposedWorld();
    await w.as("tom.teacher", { name: "vote", ref: REF, choice: "object", reason: "the school sees the child daily" });
    await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
    await w.as("sam.social", { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("meg.manager", { name: "taf-remove", ref: REF, person: handle("tom.teacher") });
    // Fay has not voted yet: the vote stays open, without Tom's objection in the tally.
    const proposal = [...w.state.proposals.values()][0]!;
    expect(proposal).toMatchObject({ state: "open", electorate: ["p-fay.family", "p-sam.social", "p-hana.health"] });
    await w.as("fay.family", { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect([...w.state.proposals.values()][0]!.state).toBe("agreed");
  });

  it("refuses to remove the nominee during the vote, or the current lead professional", async () => {
    const w = await proposedWorld();
    const nominee = await w.refusal("meg.manager", { name: "taf-remove", ref: REF, person: handle("hana.health") });
    expect(nominee.code).toBe("remove-nominee");
    for (const h of ["hana.health", "sam.social", "fay.family", "tom.teacher"]) {
      await w.as(h, { name: "vote", ref: REF, choice: h === "hana.health" ? "accept" : "agree", reason: "" });
    }
    expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
    const lead = await w.refusal("meg.manager", { name: "taf-remove", ref: REF, person: handle("hana.health") });
    expect(lead.code).toBe("remove-lead");
    expect(lead.message).toMatch(/handover start/);
    expect(w.state.taf.get(w.caseByRef(REF)!.id)).toContain("p-hana.health");
  });

  it("alerts the manager when the new LP goes over capacity", async () => {
    const w = new World();
    w.state.practitioners.get("p-hana.health")!.lpCapacity = 0;
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health"]);
    await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
    await w.as("fay.family", { name: "vote", ref: REF, choice: "agree", reason: "" });
    const out = await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
    expect(out.notifications).toContainEqual(
      expect.objectContaining({ to: { kind: "practitioner", practitionerId: "p-meg.manager" }, view: expect.objectContaining({ text: expect.stringMatching(/over their capacity/) }) }),
    );
  });
});
