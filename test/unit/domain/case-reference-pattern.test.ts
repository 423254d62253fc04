// A new case's reference must match the deployment's pattern [DOMAIN §1]: by default letters,
// digits and hyphens with at least one digit, so a child's name never becomes a reference.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/env.js";
import { World } from "../../support/domain-fixture.js";

describe("case references", () => {
  it.each(["EH-2026-0042", "CIN-7", "EH2026-0042"])("opens %s", async (ref) => {
    const w = new World();
    await w.as("fay.family", { name: "case-open", ref, statuses: ["early-help"] });
    expect(w.caseByRef(ref)).toBeDefined();
  });

  it.each(["JAMIE-SMITH", "SMITH-FAMILY", "EH-NEW"])("refuses %s without echoing it, and opens nothing", async (ref) => {
    const w = new World();
    const refused = await w.refusal("fay.family", { name: "case-open", ref, statuses: ["early-help"] });
    expect(refused.code).toBe("case-reference-pattern");
    expect(refused.message).toMatch(/at least one digit, e\.g\. EH-2026-0042/);
    expect(refused.message).not.toContain(ref);
    expect(w.state.cases.size).toBe(0);
  });

  it("follows a deployment's own pattern", async () => {
    const w = new World(undefined, undefined, { caseReferencePattern: "^EH-[0-9]{4}-[0-9]{4}$" });
    await w.as("fay.family", { name: "case-open", ref: "EH-2026-0042", statuses: ["early-help"] });
    const refused = await w.refusal("fay.family", { name: "case-open", ref: "CIN-7", statuses: ["early-help"] });
    expect(refused.code).toBe("case-reference-pattern");
    expect(refused.message).toMatch(/CASE_REFERENCE_PATTERN/);
    expect(w.caseByRef("CIN-7")).toBeUndefined();
  });

  it("CASE_REFERENCE_PATTERN must be a regular expression", () => {
    expect(loadConfig({ CASE_REFERENCE_PATTERN: "^EH-[0-9]+$" }).caseReferencePattern).toBe("^EH-[0-9]+$");
    expect(() => loadConfig({ CASE_REFERENCE_PATTERN: "^EH-[0-9+$" })).toThrow(/CASE_REFERENCE_PATTERN: must be a regular expression/);
  });
});
