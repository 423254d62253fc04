import { describe, expect, it } from "vitest";
import type { ActorContext } from "../../../src/domain/commands.js";
import { executeCommand } from "../../../src/application/execute-command.js";
import { handle, World } from "../../support/domain-fixture.js";

const REF = "EH-2026-0042";
const OTHER = "EH-2026-0043";

async function caseWorld() {
  const w = new World();
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["sam.social", "hana.health", "tom.teacher"]);
  return w;
}

const tafOf = (w: World, ref: string) => w.state.taf.get(w.caseByRef(ref)!.id) ?? [];

describe("who may take someone off the TAF [DOMAIN §10]", () => {
  it("refuses another member, and changes nothing", async () => {
    const w = await caseWorld();
    const auditBefore = w.state.audit.length;
    const refused = await w.refusal("fay.family", { name: "taf-remove", ref: REF, person: handle("tom.teacher") });
    expect(refused.code).toBe("remove-not-allowed");
    expect(refused.message).toBe("Only Tom Teacher, their line manager, the lead professional or the access team can take them off the TAF for EH-2026-0042.");
    expect(tafOf(w, REF)).toContain("p-tom.teacher");
    // Only the refusal itself is on the record.
    expect(w.state.audit.slice(auditBefore).map((e) => [e.action, e.outcome])).toEqual([["taf-remove", "refused"]]);
  });

  it("refuses a manager of another member who is not the person's own manager", async () => {
    const w = await caseWorld();
    // Mo manages Sam and Fay, not Tom.
    const refused = await w.refusal("mo.manager", { name: "taf-remove", ref: REF, person: handle("tom.teacher") });
    expect(refused.code).toBe("remove-not-allowed");
    expect(tafOf(w, REF)).toContain("p-tom.teacher");
  });

  it.each([
    ["the member themselves", "tom.teacher"],
    ["their line manager", "meg.manager"],
    ["the access team", "ada.access"],
  ])("lets %s remove them; the removed person is told unless they did it", async (_who, actorHandle) => {
    const w = await caseWorld();
    const out = await w.as(actorHandle, { name: "taf-remove", ref: REF, person: handle("tom.teacher") });
    expect(tafOf(w, REF)).not.toContain("p-tom.teacher");
    const told = out.notifications.filter((n) => n.to.kind === "practitioner" && n.to.practitionerId === "p-tom.teacher");
    if (actorHandle === "tom.teacher") {
      expect(told).toEqual([]);
    } else {
      expect(told).toHaveLength(1);
      expect(told[0]!.view).toMatchObject({ type: "text", caseRef: REF, text: expect.stringMatching(/took you off the Team Around the Family for EH-2026-0042/) });
    }
    expect(out.notifications.some((n) => n.to.kind === "case-channel")).toBe(true);
  });

  it("lets the lead professional remove a member", async () => {
    const w = await caseWorld();
    await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "sees the family weekly", family: { kind: "agrees" } });
    for (const h of ["sam.social", "fay.family", "tom.teacher"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
    await w.as("hana.health", { name: "vote", ref: REF, choice: "accept", reason: "" });
    expect(w.caseByRef(REF)?.leadId).toBe("p-hana.health");
    await w.as("hana.health", { name: "taf-remove", ref: REF, person: handle("tom.teacher") });
    expect(tafOf(w, REF)).not.toContain("p-tom.teacher");
  });

  it("never removes the last member", async () => {
    const w = new World();
    await w.as("fay.family", { name: "case-open", ref: REF, statuses: ["early-help"] });
    const refused = await w.refusal("fay.family", { name: "taf-remove", ref: REF, person: handle("fay.family") });
    expect(refused.code).toBe("remove-last-member");
    expect(tafOf(w, REF)).toEqual(["p-fay.family"]);
  });
});

describe("a channel serves one open case", () => {
  const inChannel = (w: World, h: string, channelId: string): ActorContext => ({ ...w.actor(h), channelId });

  it("refuses to link a channel another open case uses, and leaves both cases as they were", async () => {
    const w = new World();
    await executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-open", ref: REF, statuses: ["early-help"] });
    await executeCommand(w.deps, inChannel(w, "fay.family", "C-TWO"), { name: "case-open", ref: OTHER, statuses: ["early-help"] });
    await expect(executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-link", ref: OTHER })).rejects.toMatchObject({
      code: "channel-taken",
      userMessage: expect.stringMatching(/already the channel for EH-2026-0042/),
    });
    expect(w.caseByRef(REF)?.channels).toEqual({ slack: "C-ONE" });
    expect(w.caseByRef(OTHER)?.channels).toEqual({ slack: "C-TWO" });
  });

  it("lets a case re-link its own channel, and a closed case's channel be used again", async () => {
    const w = new World();
    await executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-open", ref: REF, statuses: ["early-help"] });
    await executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-link", ref: REF });
    w.caseByRef(REF)!.open = false;
    await executeCommand(w.deps, inChannel(w, "fay.family", "C-TWO"), { name: "case-open", ref: OTHER, statuses: ["early-help"] });
    await executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-link", ref: OTHER });
    expect(w.caseByRef(OTHER)?.channels).toEqual({ slack: "C-ONE" });
  });

  it("refuses the access team channel as a case channel", async () => {
    const w = new World();
    await executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-open", ref: REF, statuses: ["early-help"] });
    await expect(executeCommand(w.deps, inChannel(w, "fay.family", "C-ACCESS"), { name: "case-link", ref: REF })).rejects.toMatchObject({ code: "channel-is-access" });
    expect(w.caseByRef(REF)?.channels).toEqual({ slack: "C-ONE" });
  });

  it("refuses a case's channel as the access team channel", async () => {
    const w = new World();
    await executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-open", ref: REF, statuses: ["early-help"] });
    await expect(executeCommand(w.deps, inChannel(w, "ada.access", "C-ONE"), { name: "access-channel" })).rejects.toMatchObject({ code: "channel-taken" });
    expect(w.state.settings.accessTeamChannels).toEqual({ slack: "C-ACCESS" });
  });

  it("asks for confirmation before opening a second case from a channel in use, and opens nothing meanwhile", async () => {
    const w = new World();
    await executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-open", ref: REF, statuses: ["early-help"] });
    await expect(executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-open", ref: OTHER, statuses: ["early-help"] })).rejects.toMatchObject({
      code: "channel-taken",
      userMessage: expect.stringMatching(/already the channel for EH-2026-0042.*Nothing was opened.*case open EH-2026-0043 --status early-help --no-channel/),
    });
    expect(w.caseByRef(OTHER)).toBeFalsy();
  });

  it("opens a second case from a channel in use without taking the channel once confirmed, and says how to give it one", async () => {
    const w = new World();
    await executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-open", ref: REF, statuses: ["early-help"] });
    const out = await executeCommand(w.deps, inChannel(w, "fay.family", "C-ONE"), { name: "case-open", ref: OTHER, statuses: ["early-help"], noChannel: true });
    expect(w.caseByRef(OTHER)?.channels).toEqual({});
    expect(w.caseByRef(REF)?.channels).toEqual({ slack: "C-ONE" });
    expect(out.reply).toMatchObject({ type: "case", notes: expect.arrayContaining([expect.stringMatching(/already the channel for EH-2026-0042.*case link EH-2026-0043/)]) });
  });
});
