// The escalation alert carries the decision [issue 16 item 3]: the alert gives the deciders the
// whole dispute, and the decider's answer says what they did.
import { describe, expect, it } from "vitest";
import type { EscalationView } from "../../../src/domain/views.js";
import { handle, World } from "../../support/domain-fixture.js";

const REF = "EH-2026-0044";

async function disputedWorld(w = new World()) {
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "sees the family weekly", family: { kind: "agrees" } });
  await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
  await w.as("fay.family", { name: "vote", ref: REF, choice: "agree", reason: "" });
  return w.as("tom.teacher", { name: "vote", ref: REF, choice: "object", reason: "school is closer to the family" });
}

const toDecider = (views: { to: { kind: string; practitionerId?: string }; view: { type: string } }[], id: string) =>
  views.filter((n) => n.to.kind === "practitioner" && n.to.practitionerId === id && n.view.type === "escalation").map((n) => n.view as EscalationView);

describe("escalation alerts a decider can act on", () => {
  it("the first alert carries the vote: nominee, reason, objections, family, tally", async () => {
    const closing = await disputedWorld(new World());
    const [first] = toDecider(closing.notifications, "p-meg.manager");
    expect(first?.dispute).toMatchObject({
      nominee: { name: expect.any(String) },
      reason: "sees the family weekly",
      familyView: "The family agrees with this choice.",
      nomineeResponse: "accepted",
      tally: { agree: 2, object: 1, abstain: 0, notVoted: 0 },
      objections: [{ voter: { id: "p-tom.teacher" }, reason: "school is closer to the family" }],
    });
  });

  it("tells the decider what they decided", async () => {
    const w = new World();
    await disputedWorld(w);
    const out = await w.as("meg.manager", { name: "resolve-appoint", ref: REF, person: handle("hana.health"), reason: "best placed" });
    const answer = out.reply as EscalationView;
    expect(answer.confirmation).toMatch(new RegExp(`^You appointed .+ as lead professional for ${REF}\\.$`));
    expect(out.notifications.filter((n) => n.view.type === "escalation").every((n) => !(n.view as EscalationView).confirmation)).toBe(true);
  });
});
