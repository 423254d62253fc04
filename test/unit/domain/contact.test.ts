// Contact with the family [DOMAIN §11]: the cadence, when a missed check-in nudges the lead
// professional, its weekly repeat, who may do what, and when a written nudge is moot.
import { describe, expect, it } from "vitest";
import { contextFor } from "../../../src/application/use-case-context.js";
import { whyNudgeIsMoot } from "../../../src/domain/deadlines/nudge-relevance.js";
import type { Notification, Outcome } from "../../../src/domain/ports.js";
import { handle, World } from "../../support/domain-fixture.js";

const REF = "EH-2026-0051";

/** A case whose LP is Hana (agreed on Mon 23 Nov 2026), with Fay and Tom on the TAF. */
async function ledWorld() {
  const w = new World();
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
  for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
  expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
  return w;
}

const pendingCheckIns = (w: World) =>
  [...w.state.deadlines.values()].filter((d) => d.kind === "contact-missed" && d.state === "pending").map((d) => d.dueAt.toISOString()).sort();
const checkInNudges = (outcomes: Outcome[]) => outcomes.flatMap((o) => o.notifications).filter((n) => n.view.type === "contact");
const every = (w: World, who: string, everyWeeks: number | null) => w.as(who, { name: "contact-every", ref: REF, everyWeeks });
const contact = (w: World, who: string, note = "") => w.as(who, { name: "contact", ref: REF, note });

describe("the check-in's due date", () => {
  it("is a cadence after the cadence was set while no contact is recorded, on the working morning", async () => {
    const w = await ledWorld();
    const out = await every(w, "hana.health", 2);
    expect(pendingCheckIns(w)).toEqual(["2026-12-07T09:00:00.000Z"]);
    expect(out.reply).toMatchObject({ text: expect.stringContaining("Mon 7 Dec 2026") });
  });

  it("moves past a weekend and bank holidays to the next working day", async () => {
    const w = await ledWorld();
    // Two weeks after Fri 11 Dec is Christmas Day; Mon 28 Dec is the Boxing Day substitute.
    w.clock.set("2026-12-11T10:00:00Z");
    await every(w, "hana.health", 2);
    expect(pendingCheckIns(w)).toEqual(["2026-12-29T09:00:00.000Z"]);
  });

  it("counts from the last recorded contact, and recording one moves the next check-in on", async () => {
    const w = await ledWorld();
    await every(w, "hana.health", 2);
    w.clock.set("2026-12-02T14:00:00Z");
    const out = await contact(w, "hana.health", "phoned, all well");
    expect(pendingCheckIns(w)).toEqual(["2026-12-16T09:00:00.000Z"]);
    expect(out.reply).toMatchObject({ text: expect.stringContaining("Wed 16 Dec 2026") });
    // Nothing goes out on the old date.
    w.clock.set("2026-12-07T09:00:00Z");
    expect(checkInNudges(await w.fireDue())).toHaveLength(0);
  });

  it("a cadence set long after the last contact nudges the next working morning, not in the past", async () => {
    const w = await ledWorld();
    await contact(w, "hana.health");
    w.clock.set("2027-01-20T10:00:00Z");
    await every(w, "hana.health", 1);
    expect(pendingCheckIns(w)).toEqual(["2027-01-21T09:00:00.000Z"]);
  });
});

describe("a missed check-in", () => {
  it("nudges the LP with the date and cadence, Snooze and Record contact; then repeats weekly while missed", async () => {
    const w = await ledWorld();
    await every(w, "hana.health", 2);
    w.clock.set("2026-12-07T09:00:00Z");
    const [nudge] = checkInNudges(await w.fireDue());
    expect(nudge!.to).toEqual({ kind: "practitioner", practitionerId: "p-hana.health" });
    expect(nudge!.view).toMatchObject({ type: "contact", event: "missed", everyWeeks: 2, since: "2026-11-23", sinceContact: false });
    expect((nudge!.view as { snoozeKey?: string }).snoozeKey).toMatch(/^contact-missed-/);
    expect(pendingCheckIns(w)).toEqual(["2026-12-14T09:00:00.000Z"]);

    w.clock.set("2026-12-14T09:00:00Z");
    expect(checkInNudges(await w.fireDue())).toHaveLength(1);
    expect(pendingCheckIns(w)).toEqual(["2026-12-21T09:00:00.000Z"]);
    expect(w.state.audit.filter((a) => a.action === "contact.missed")).toHaveLength(2);
  });

  it("stops when contact is recorded, the cadence is turned off or the case is closed", async () => {
    const w = await ledWorld();
    await every(w, "hana.health", 1);
    await every(w, "hana.health", null);
    expect(pendingCheckIns(w)).toEqual([]);
    w.clock.set("2026-12-07T09:00:00Z");
    expect(checkInNudges(await w.fireDue())).toHaveLength(0);

    await every(w, "hana.health", 1);
    await w.as("hana.health", { name: "close", ref: REF, reason: "" });
    for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect(w.caseByRef(REF)?.open).toBe(false);
    expect(pendingCheckIns(w)).toEqual([]);
  });

  it("goes to whoever leads the case when it fires", async () => {
    const w = await ledWorld();
    await every(w, "hana.health", 2);
    await w.as("hana.health", { name: "handover-start", ref: REF, trigger: "leaving" });
    await w.as("hana.health", { name: "propose", ref: REF, nominee: handle("tom.teacher"), reason: "", family: { kind: "agrees" } });
    for (const h of ["fay.family", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("tom.teacher", { name: "vote", ref: REF, choice: "accept", reason: "" });
    expect(w.caseByRef(REF)?.leadId).toBe("p-tom.teacher");
    w.clock.set("2026-12-07T09:00:00Z");
    const nudges = checkInNudges(await w.fireDue());
    expect(nudges.map((n) => n.to)).toEqual([{ kind: "practitioner", practitionerId: "p-tom.teacher" }]);
  });

  it("snoozed once comes back a working day later without a Snooze button, and leaves the weekly repeat alone", async () => {
    const w = await ledWorld();
    await every(w, "hana.health", 2);
    w.clock.set("2026-12-07T09:00:00Z");
    const [nudge] = checkInNudges(await w.fireDue());
    const key = (nudge!.view as { snoozeKey: string }).snoozeKey;
    w.clock.set("2026-12-07T10:00:00Z");
    const snoozed = await w.as("hana.health", { name: "snooze", ref: REF, nudge: "contact", reminder: key });
    expect(snoozed.reply).toMatchObject({ text: expect.stringContaining("Tue 8 Dec 2026 at 09:00") });
    expect(pendingCheckIns(w)).toEqual(["2026-12-08T09:00:00.000Z", "2026-12-14T09:00:00.000Z"]);
    expect((await w.refusal("hana.health", { name: "snooze", ref: REF, nudge: "contact", reminder: key })).code).toBe("already-snoozed");
    w.clock.set("2026-12-08T09:00:00Z");
    const [again] = checkInNudges(await w.fireDue());
    expect((again!.view as { snoozeKey?: string }).snoozeKey).toBeUndefined();
    expect(pendingCheckIns(w)).toEqual(["2026-12-14T09:00:00.000Z"]);
    // The first card is overtaken by the copy that came back.
    expect((await w.refusal("hana.health", { name: "snooze", ref: REF, nudge: "contact", reminder: key })).code).toBe("not-current");
  });
});

describe("who may record contact and set the cadence", () => {
  it("only the LP records contact; another TAF member or the access team is refused and nothing is recorded", async () => {
    const w = await ledWorld();
    for (const who of ["tom.teacher", "ada.access"]) {
      const refused = await w.refusal(who, { name: "contact", ref: REF, note: "" });
      expect(refused.code).toBe("not-lead");
      expect(refused.message).toContain("Only the lead professional");
    }
    expect(w.state.contacts).toHaveLength(0);
    expect((await w.refusal("sam.social", { name: "contact", ref: REF, note: "" })).code).toBe("not-on-taf");
  });

  it("the LP or the access team sets the cadence; another TAF member is refused", async () => {
    const w = await ledWorld();
    expect((await w.refusal("tom.teacher", { name: "contact-every", ref: REF, everyWeeks: 2 })).code).toBe("not-lead");
    expect(w.state.cadences.size).toBe(0);
    await every(w, "ada.access", 3);
    expect(w.state.cadences.get(w.caseByRef(REF)!.id)?.everyWeeks).toBe(3);
  });

  it("a closed case is refused", async () => {
    const w = await ledWorld();
    await w.as("hana.health", { name: "close", ref: REF, reason: "" });
    for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect((await w.refusal("hana.health", { name: "contact", ref: REF, note: "" })).code).toBe("case-closed");
    expect((await w.refusal("hana.health", { name: "contact-every", ref: REF, everyWeeks: 2 })).code).toBe("case-closed");
  });

  it("records an audit row without the note's words, and a compact line to the case channel", async () => {
    const w = await ledWorld();
    const out = await contact(w, "hana.health", "home visit went well");
    expect(w.state.audit.at(-1)).toMatchObject({ action: "contact.recorded", detail: { withNote: true } });
    expect(JSON.stringify(w.state.audit.at(-1))).not.toContain("home visit");
    const line = out.notifications.find((n) => n.to.kind === "case-channel");
    expect(line?.view).toMatchObject({ type: "text", text: expect.stringContaining("Mon 23 Nov 2026") });
    expect(JSON.stringify(line)).not.toContain("home visit");
  });

  it("case status shows the cadence and the last contact in UK form", async () => {
    const w = await ledWorld();
    const before = await w.as("tom.teacher", { name: "case-status", ref: REF });
    expect(before.reply).toMatchObject({ contact: { everyWeeks: null, lastContactOn: null } });
    await every(w, "hana.health", 2);
    w.clock.set("2026-11-27T11:00:00Z");
    await contact(w, "hana.health");
    const after = await w.as("tom.teacher", { name: "case-status", ref: REF });
    expect(after.reply).toMatchObject({ contact: { everyWeeks: 2, lastContactOn: "2026-11-27" } });
  });
});

describe("a written nudge whose reason went away is dropped [nudge-relevance]", () => {
  async function written() {
    const w = await ledWorld();
    await every(w, "hana.health", 2);
    w.clock.set("2026-12-07T09:00:00Z");
    const [nudge] = checkInNudges(await w.fireDue());
    const key = (nudge!.view as { snoozeKey: string }).snoozeKey;
    const moot = () =>
      w.uow.run(async (repos) => {
        const ctx = await contextFor(repos, w.deps, null);
        return whyNudgeIsMoot(ctx, (await repos.deadlines.get(key))!, nudge as Notification, new Date("2026-12-07T09:00:00Z"));
      });
    return { w, moot };
  }

  it("stands while contact is still missed", async () => {
    const { moot } = await written();
    expect(await moot()).toBeNull();
  });

  it("contact recorded meanwhile", async () => {
    const { w, moot } = await written();
    w.clock.set("2026-12-07T11:00:00Z");
    await contact(w, "hana.health");
    expect(await moot()).toMatch(/contact was recorded on Mon 7 Dec 2026/);
  });

  it("cadence turned off meanwhile", async () => {
    const { w, moot } = await written();
    await every(w, "hana.health", null);
    expect(await moot()).toMatch(/cadence was turned off/);
  });

  it("case closed meanwhile", async () => {
    const { w, moot } = await written();
    await w.as("hana.health", { name: "close", ref: REF, reason: "" });
    for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    expect(await moot()).toMatch(/closed/);
  });
});
