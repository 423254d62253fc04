// Who still has to vote [DOMAIN §4.3–4.4]: the reminder before the vote closes reaches only those
// who have not voted, and the proposer's or the LP's Remind is rate-limited per proposal.
import { describe, expect, it } from "vitest";
import { REMIND_EVERY_HOURS } from "../../../src/domain/allocation/remind-voters.js";
import type { Outcome } from "../../../src/domain/ports.js";
import { handle, World } from "../../support/domain-fixture.js";

const REF = "EH-2026-0042";

async function proposedWorld() {
  const w = new World();
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["sam.social", "hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "sees the family weekly", family: { kind: "agrees" } });
  return w;
}

const nudged = (outcomes: Outcome[]) =>
  outcomes
    .flatMap((o) => o.notifications)
    .filter((n) => n.view.type === "text" && n.view.text.includes("you have not voted yet"))
    .map((n) => (n.to.kind === "practitioner" ? n.to.practitionerId : n.to.kind))
    .sort();

describe("reminders to those still to vote", () => {
  it("one working day before the vote closes, reminds only the members who have not voted", async () => {
    const w = await proposedWorld();
    await w.as("sam.social", { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("fay.family", { name: "vote", ref: REF, choice: "abstain", reason: "" });
    // Opened Monday 10:00; closes Wednesday 10:00; the reminder is Tuesday 10:00.
    w.clock.set("2026-11-24T10:00:00Z");
    expect(nudged(await w.fireDue())).toEqual(["p-hana.health", "p-tom.teacher"]);
    expect([...w.state.proposals.values()][0]!.state).toBe("open");
  });

  it("is not sent once everyone has voted: the vote has closed", async () => {
    const w = await proposedWorld();
    for (const who of ["sam.social", "fay.family", "tom.teacher"]) await w.as(who, { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
    w.clock.set("2026-11-24T10:00:00Z");
    expect(nudged(await w.fireDue())).toEqual([]);
  });

  it("Remind nudges those still to vote once; a second press within the interval is refused; the LP may remind too", async () => {
    const w = await proposedWorld();
    await w.as("sam.social", { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect((await w.refusal("tom.teacher", { name: "remind", ref: REF })).code).toBe("not-proposer");
    const first = await w.as("fay.family", { name: "remind", ref: REF });
    expect(nudged([first])).toEqual(["p-hana.health", "p-tom.teacher"]);
    const again = await w.refusal("fay.family", { name: "remind", ref: REF });
    expect(again.code).toBe("reminded-recently");
    expect(again.message).toContain("You can send another reminder from");

    w.clock.set(new Date(w.clock.now().getTime() + REMIND_EVERY_HOURS * 3_600_000).toISOString());
    w.caseByRef(REF)!.leadId = "p-tom.teacher";
    const byLead = await w.as("tom.teacher", { name: "remind", ref: REF });
    expect(nudged([byLead])).toEqual(["p-fay.family", "p-hana.health"]);
  });
});
