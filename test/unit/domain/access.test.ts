import { describe, expect, it } from "vitest";
import { executeCommand } from "../../../src/application/execute-command.js";
import { handle, practitioner, World } from "../../support/domain-fixture.js";

const REF = "EH-2026-0045";

describe("who may see and act [DOMAIN §10]", () => {
  it("TAF members, managers of members and the access team see a case; others do not", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", ["tom.teacher"]);
    for (const who of ["fay.family", "tom.teacher", "mo.manager", "meg.manager", "ada.access"]) {
      const out = await w.as(who, { name: "case-status", ref: REF });
      expect(out.reply.type).toBe("case");
    }
    expect((await w.refusal("hana.health", { name: "case-status", ref: REF })).code).toBe("not-on-taf");
    expect((await w.refusal("hana.health", { name: "taf-add", ref: REF, person: handle("hana.health") })).code).toBe("not-on-taf");
  });

  it("unregistered people are told how to register and change nothing", async () => {
    const w = new World();
    const refusal = await w.refusal("stranger", { name: "case-open", ref: REF, statuses: ["early-help"] });
    expect(refusal.code).toBe("not-registered");
    expect(w.state.cases.size).toBe(0);
    const out = await w.as("stranger", { name: "whoami" });
    expect(out.reply.type === "text" && out.reply.text).toMatch(/not registered/);
  });

  it("the first person of a new deployment registers themselves into the access team; later only the access team registers", async () => {
    const w = new World([], undefined, { bootstrapAdmin: { platform: "slack", userId: "U-ada.access" } });
    expect((await w.refusal("ada.access", { name: "practitioner-add", person: { by: "chat-id", id: "U-someone-else" }, fields: { name: "X", role: "manager", agency: "A" } })).code).toBe("bootstrap");
    await w.as("ada.access", { name: "practitioner-add", person: { by: "chat-id", id: "U-ada.access" }, handle: "ada.access", fields: { name: "Ada Access", role: "manager", agency: "Front Door" } });
    const ada = [...w.state.practitioners.values()][0]!;
    expect(ada.duties.accessTeam).toBe(true);
    expect(ada.chat.slack).toBe("U-ada.access");
    await w.as("ada.access", {
      name: "practitioner-add",
      person: { by: "chat-id", id: "U-sam.social" },
      handle: "sam.social",
      fields: { name: "Sam Social", role: "social-worker", agency: "Children's Social Care", dbs: { kind: "iso", date: "2025-02-01" } },
    });
    expect((await w.refusal("sam.social", { name: "practitioner-add", person: handle("x.y"), fields: { name: "X", role: "teacher", agency: "A" } })).code).toBe("access-team-only");
  });

  it("a line manager may record a report as long-term sick, but not change their role", async () => {
    const w = new World();
    await w.as("mo.manager", { name: "practitioner-update", person: handle("sam.social"), fields: { availability: "long-term-sick" } });
    expect(w.state.practitioners.get("p-sam.social")!.availability).toBe("long-term-sick");
    expect((await w.refusal("mo.manager", { name: "practitioner-update", person: handle("sam.social"), fields: { role: "teacher" } })).code).toBe("access-team-only");
  });

  it("caseload shows a manager their reports against capacity", async () => {
    const w = new World([...new World().state.practitioners.values(), practitioner("zed.zero", { managerId: "p-mo.manager", lpCapacity: 0 })]);
    const out = await w.as("mo.manager", { name: "caseload" });
    expect(out.reply.type === "caseload" && out.reply.rows.map((r) => r.practitioner.name)).toEqual(["Mo Manager", "Sam Social", "Fay Family", "Zed Zero"]);
    expect((await w.refusal("tom.teacher", { name: "caseload", person: handle("sam.social") })).code).toBe("not-manager");
  });
});

describe("channels", () => {
  it("a TAF member links the current channel as the case channel; the access team sets its own channel", async () => {
    const w = new World();
    await w.caseWithTaf(REF, ["early-help"], "fay.family", []);
    await executeCommand(w.deps, { platform: "teams", userId: "T-fay", channelId: "19:case@thread", requestId: null }, { name: "whoami" });
    w.state.practitioners.get("p-fay.family")!.chat.teams = "T-fay";
    await executeCommand(w.deps, { platform: "teams", userId: "T-fay", channelId: "19:case@thread", requestId: null }, { name: "case-link", ref: REF });
    expect(w.caseByRef(REF)?.channels).toEqual({ slack: "C-CASE", teams: "19:case@thread" });
    expect((await w.refusal("fay.family", { name: "access-channel" })).code).toBe("access-team-only");
    await executeCommand(w.deps, w.actor("ada.access", "C-NEW-ACCESS"), { name: "access-channel" });
    expect(w.state.settings.accessTeamChannels.slack).toBe("C-NEW-ACCESS");
  });
});
