import { describe, expect, it } from "vitest";
import { CASE_STATUSES, ROLES, type CaseStatus, type Role } from "../../../../src/domain/types.js";
import {
  LEAD_RULES,
  STATUTORY_PRECEDENCE,
  checkStatutoryLead,
  requiredRolesFor,
} from "../../../../src/domain/rules/statutory-rules.js";

const check = (statuses: CaseStatus[], nominee: Role, taf: Role[] = []) => checkStatutoryLead(statuses, nominee, taf);
const onlyAllowed = (statuses: CaseStatus[], taf: Role[] = []) => ROLES.filter((role) => check(statuses, role, taf).allowed);

describe("§2 the rules table", () => {
  it("covers every case status with exactly one rule", () => {
    for (const status of CASE_STATUSES) {
      expect(LEAD_RULES.filter((r) => r.statuses.includes(status)), status).toHaveLength(1);
    }
  });

  it("gives every rule a reason citing the guidance", () => {
    for (const rule of LEAD_RULES) expect(rule.reason, rule.id).toMatch(/\[00\d[^\]]*\]\.$/);
  });

  it("ranks every statutory rule", () => {
    for (const rule of LEAD_RULES.filter((r) => r.kind === "statutory")) expect(STATUTORY_PRECEDENCE).toContain(rule.id);
  });

  it("allows any role when the case has no status", () => {
    expect(onlyAllowed([])).toEqual([...ROLES]);
    expect(requiredRolesFor([], [])).toBeNull();
  });
});

describe("§2 each status", () => {
  it("§2 early-help: any eligible practitioner, with a note that the family's wish should be met", () => {
    expect(onlyAllowed(["early-help"])).toEqual([...ROLES]);
    const result = check(["early-help"], "health-visitor");
    expect(result.applied).toEqual(["early-help"]);
    expect(result.advisories.join(" ")).toMatch(/family's wish should be met unless there is a good or statutory reason/);
    expect(requiredRolesFor(["early-help"], [])).toBeNull();
  });

  it("§2 cin-assessment: only the allocated social worker may lead", () => {
    expect(onlyAllowed(["cin-assessment"])).toEqual(["social-worker"]);
    const refused = check(["cin-assessment"], "teacher");
    expect(refused.refusal).toMatch(/^Child in need assessment rule: the lead professional must be a social worker, and the nominee is a teacher\./);
    expect(refused.refusal).toMatch(/\[000 Annex A\]/);
  });

  it("§2 child-in-need: advisory only, noting the social worker where social care still delivers or funds services", () => {
    expect(onlyAllowed(["child-in-need"])).toEqual([...ROLES]);
    const result = check(["child-in-need"], "youth-worker");
    expect(result.applied).toEqual(["child-in-need"]);
    expect(result.advisories.join(" ")).toMatch(/social care still delivers or funds services/);
    expect(requiredRolesFor(["child-in-need"], [])).toBeNull();
  });

  it("§2 child-protection-plan: only the named social worker may lead", () => {
    expect(onlyAllowed(["child-protection-plan"])).toEqual(["social-worker"]);
    const refused = check(["child-protection-plan"], "health-visitor");
    expect(refused).toMatchObject({ allowed: false, applied: ["child-protection-plan"] });
    expect(refused.refusal).toContain("A child on a child protection plan must have the named social worker as lead professional [000 Annex A].");
    expect(refused.refusal).toMatch(/must be a social worker/);
  });

  it("§2 looked-after: only the allocated social worker may lead, not a residential key worker", () => {
    expect(onlyAllowed(["looked-after"])).toEqual(["social-worker"]);
    const refused = check(["looked-after"], "residential-key-worker");
    expect(refused.refusal).toMatch(/nominee is a residential key worker/);
    expect(refused.refusal).toMatch(/residential key worker gives day-to-day support but is not the lead professional/);
  });

  it("§2 care-leaver-eligible: only the social worker may lead, even over a personal adviser", () => {
    expect(onlyAllowed(["care-leaver-eligible"])).toEqual(["social-worker"]);
    expect(check(["care-leaver-eligible"], "personal-adviser").refusal).toMatch(/^Care leaver \(eligible\) rule/);
  });

  it("§2 care-leaver-relevant: the personal adviser or the social worker may lead", () => {
    expect(onlyAllowed(["care-leaver-relevant"])).toEqual(["social-worker", "personal-adviser"]);
    expect(requiredRolesFor(["care-leaver-relevant"], [])).toEqual(["personal-adviser", "social-worker"]);
    expect(check(["care-leaver-relevant"], "youth-worker").refusal).toMatch(/must be a personal adviser or a social worker/);
  });

  it("§2 adoption: only the child's social worker may lead", () => {
    expect(onlyAllowed(["adoption"])).toEqual(["social-worker"]);
    expect(check(["adoption"], "family-support-worker").refusal).toMatch(/^Adoption rule: .*must be a social worker/);
  });

  it("§2 sen: advisory only, naming the SENCO, needs beyond school and the Year 9 personal adviser", () => {
    expect(onlyAllowed(["sen"])).toEqual([...ROLES]);
    const note = check(["sen"], "teacher").advisories.join(" ");
    expect(note).toMatch(/SENCO may be the lead professional/);
    expect(note).toMatch(/well beyond school/);
    expect(note).toMatch(/Year 9 .*personal adviser/);
  });

  it("§2 complex-disability: the key worker must lead when a key worker is on the TAF", () => {
    expect(onlyAllowed(["complex-disability"], ["key-worker", "teacher"])).toEqual(["key-worker"]);
    expect(requiredRolesFor(["complex-disability"], ["key-worker"])).toEqual(["key-worker"]);
    expect(check(["complex-disability"], "teacher", ["key-worker", "teacher"]).refusal).toMatch(/must be a key worker/);
  });

  it("§2 complex-disability: any appointed practitioner when no key worker is on the TAF", () => {
    expect(onlyAllowed(["complex-disability"], ["teacher", "health-visitor"])).toEqual([...ROLES]);
    expect(requiredRolesFor(["complex-disability"], ["teacher"])).toBeNull();
    const result = check(["complex-disability"], "health-visitor", ["health-visitor"]);
    expect(result.applied).toEqual(["complex-disability"]);
    expect(result.advisories.join(" ")).toMatch(/no key worker is on the TAF/);
  });

  it("§2 mental-health-cpa: only the care co-ordinator may lead", () => {
    expect(onlyAllowed(["mental-health-cpa"])).toEqual(["care-coordinator"]);
    expect(check(["mental-health-cpa"], "school-nurse").refusal).toMatch(/must be a care co-ordinator, and the nominee is a school nurse/);
  });

  it("§2 mental-health (without CPA): any practitioner", () => {
    expect(onlyAllowed(["mental-health"])).toEqual([...ROLES]);
    expect(check(["mental-health"], "teacher")).toEqual({ allowed: true, refusal: null, applied: ["mental-health"], advisories: [] });
  });

  it("§2 young-offender: advisory only, the YOT supervising officer may lead if agreed locally", () => {
    expect(onlyAllowed(["young-offender"])).toEqual([...ROLES]);
    const result = check(["young-offender"], "yot-officer");
    expect(result.allowed).toBe(true);
    expect(result.advisories.join(" ")).toMatch(/YOT supervising officer may be the lead professional if that is agreed locally/);
  });
});

describe("§2 combining statuses", () => {
  it("child-protection-plan + mental-health-cpa: the social worker leads and the CPA rule is set aside", () => {
    expect(onlyAllowed(["child-protection-plan", "mental-health-cpa"])).toEqual(["social-worker"]);
    const result = check(["mental-health-cpa", "child-protection-plan"], "social-worker");
    expect(result.allowed).toBe(true);
    expect(result.applied).toEqual(["child-protection-plan"]);
    expect(result.advisories.join(" ")).toMatch(/mental health care programme approach rule \(a care co-ordinator\) was set aside because the stricter child protection plan rule/);
    expect(check(["child-protection-plan", "mental-health-cpa"], "care-coordinator").refusal).toMatch(/^Child protection plan rule/);
  });

  it("looked-after + care-leaver-relevant: both must hold, so only the social worker", () => {
    expect(onlyAllowed(["looked-after", "care-leaver-relevant"])).toEqual(["social-worker"]);
    const refused = check(["care-leaver-relevant", "looked-after"], "personal-adviser");
    expect(refused.refusal).toMatch(/^Looked after rule/);
    expect(refused.advisories).toEqual([]);
  });

  it("young-offender + looked-after: the social worker must lead, with a note saying why", () => {
    expect(onlyAllowed(["young-offender", "looked-after"])).toEqual(["social-worker"]);
    expect(check(["young-offender", "looked-after"], "yot-officer").allowed).toBe(false);
    const result = check(["young-offender", "looked-after"], "social-worker");
    expect(result.applied).toEqual(["looked-after", "young-offender"]);
    expect(result.advisories.join(" ")).toMatch(/must be the social worker, not the YOT supervising officer/);
  });

  it("young-offender + child-protection-plan: the social worker must lead", () => {
    expect(onlyAllowed(["young-offender", "child-protection-plan"])).toEqual(["social-worker"]);
    expect(check(["young-offender", "child-protection-plan"], "social-worker").advisories.join(" ")).toMatch(/not the YOT supervising officer/);
  });

  it("complex-disability with a key worker on the TAF gives way to a child protection plan", () => {
    const taf: Role[] = ["key-worker", "social-worker"];
    expect(onlyAllowed(["complex-disability", "child-protection-plan"], taf)).toEqual(["social-worker"]);
    expect(check(["complex-disability", "child-protection-plan"], "social-worker", taf).advisories.join(" ")).toMatch(/complex disability or health needs rule \(a key worker\) was set aside/);
  });

  it("complex-disability without a key worker on the TAF leaves mental-health-cpa to decide", () => {
    expect(onlyAllowed(["complex-disability", "mental-health-cpa"], ["care-coordinator"])).toEqual(["care-coordinator"]);
    expect(onlyAllowed(["complex-disability", "mental-health-cpa"], ["key-worker", "care-coordinator"])).toEqual(["care-coordinator"]);
  });

  it("follows the precedence order child-protection-plan, looked-after, cin-assessment, adoption, care-leaver, mental-health-cpa, complex-disability", () => {
    expect(requiredRolesFor(["mental-health-cpa", "complex-disability"], ["key-worker"])).toEqual(["care-coordinator"]);
    expect(requiredRolesFor(["care-leaver-relevant", "mental-health-cpa"], [])).toEqual(["personal-adviser", "social-worker"]);
    expect(requiredRolesFor(["adoption", "mental-health-cpa"], [])).toEqual(["social-worker"]);
    expect(requiredRolesFor(["cin-assessment", "complex-disability"], ["key-worker"])).toEqual(["social-worker"]);
  });

  it("advisory and choice rules never block a statutory lead", () => {
    const result = check(["early-help", "sen", "child-in-need", "mental-health", "cin-assessment"], "social-worker");
    expect(result.allowed).toBe(true);
    expect(result.applied).toEqual(["early-help", "cin-assessment", "child-in-need", "sen", "mental-health"]);
    expect(result.advisories).toHaveLength(3);
  });

  it("a refusal still carries the advisories for the card", () => {
    const result = check(["child-protection-plan", "sen"], "senco");
    expect(result.allowed).toBe(false);
    expect(result.advisories.join(" ")).toMatch(/SENCO may be the lead professional/);
  });
});
