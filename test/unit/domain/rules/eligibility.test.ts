import { describe, expect, it } from "vitest";
import type { EligibilityOverride, Practitioner } from "../../../../src/domain/types.js";
import {
  checkEligibility,
  isExperiencedLead,
  type EligibilityInput,
} from "../../../../src/domain/rules/eligibility.js";

const TODAY = "2026-11-23";

function practitioner(overrides: Partial<Practitioner> = {}): Practitioner {
  return {
    id: "p-nominee",
    handle: "priya.shah",
    name: "Priya Shah",
    role: "family-support-worker",
    agency: "Family Support Service",
    managerId: "p-manager",
    dbsCheckedOn: "2024-03-01",
    qualifiedOn: "2019-07-15",
    managerRecommendation: false,
    employment: "permanent",
    mentorId: null,
    lpCapacity: 8,
    availability: "available",
    duties: { accessTeam: false, coordinator: false, executive: false },
    chat: {},
    ...overrides,
  };
}

const mentor = (overrides: Partial<Practitioner> = {}) =>
  practitioner({ id: "p-mentor", handle: "tom.hughes", name: "Tom Hughes", qualifiedOn: "2015-09-01", ...overrides });

function input(overrides: Partial<EligibilityInput> = {}): EligibilityInput {
  return { nominee: practitioner(), mentor: null, isTafMember: true, leadCaseCount: 0, override: null, today: TODAY, ...overrides };
}

function override(overrides: Partial<EligibilityOverride> = {}): EligibilityOverride {
  return {
    caseId: "case-1",
    practitionerId: "p-nominee",
    approvedById: "p-manager",
    reason: "Severe staff shortage in the team this winter",
    at: new Date("2026-11-20T10:00:00Z"),
    ...overrides,
  };
}

const rulesOf = (findings: { rule: string }[]) => findings.map((f) => f.rule);

describe("§3 eligibility", () => {
  it("an experienced, available, permanent TAF member with a DBS check is eligible with nothing to note", () => {
    expect(checkEligibility(input())).toEqual({ eligible: true, refusals: [], warnings: [] });
  });

  it("§3.1 dbs: without an enhanced DBS check on record the nominee is refused", () => {
    const result = checkEligibility(input({ nominee: practitioner({ dbsCheckedOn: null }) }));
    expect(result.eligible).toBe(false);
    expect(rulesOf(result.refusals)).toEqual(["dbs"]);
    expect(result.refusals[0]?.message).toMatch(/^Priya Shah has no enhanced DBS check on record/);
  });

  it("§3.2 newly-qualified: refused less than 18 months after qualifying", () => {
    const result = checkEligibility(input({ nominee: practitioner({ qualifiedOn: "2026-01-10" }), mentor: mentor() }));
    expect(rulesOf(result.refusals)).toEqual(["newly-qualified"]);
    expect(result.refusals[0]?.message).toMatch(/Priya Shah qualified on Sat 10 Jan 2026.*from Sat 10 Jul 2027/);
  });

  it("§3.2 newly-qualified: one day short of 18 months is still refused", () => {
    const result = checkEligibility(input({ nominee: practitioner({ qualifiedOn: "2025-05-24" }), mentor: mentor() }));
    expect(rulesOf(result.refusals)).toEqual(["newly-qualified"]);
  });

  it("§3.2 newly-qualified: exactly 18 months after qualifying is eligible with a mentor", () => {
    const result = checkEligibility(input({ nominee: practitioner({ qualifiedOn: "2025-05-23" }), mentor: mentor() }));
    expect(result.eligible).toBe(true);
    expect(rulesOf(result.warnings)).toEqual(["mentor"]);
  });

  it("§3.2 newly-qualified: month ends clamp, so 31 Aug + 18 months is 28 Feb", () => {
    const nominee = practitioner({ qualifiedOn: "2024-08-31" });
    expect(checkEligibility(input({ nominee, mentor: mentor(), today: "2026-02-27" })).eligible).toBe(false);
    expect(checkEligibility(input({ nominee, mentor: mentor(), today: "2026-02-28" })).eligible).toBe(true);
  });

  it("§3.2 mentor: from 18 to 30 months, eligible with an experienced mentor and a warning naming them", () => {
    const result = checkEligibility(input({ nominee: practitioner({ qualifiedOn: "2024-11-23", mentorId: "p-mentor" }), mentor: mentor() }));
    expect(result.eligible).toBe(true);
    expect(result.warnings).toEqual([
      { rule: "mentor", message: "Priya Shah qualified less than 30 months ago and will lead with Tom Hughes as their mentor." },
    ]);
  });

  it("§3.2 mentor: from 18 to 30 months without a mentor is refused", () => {
    const result = checkEligibility(input({ nominee: practitioner({ qualifiedOn: "2024-11-23" }) }));
    expect(rulesOf(result.refusals)).toEqual(["mentor"]);
    expect(result.refusals[0]?.message).toMatch(/^Priya Shah qualified less than 30 months ago, so needs a named mentor/);
  });

  it("§3.2 mentor: a mentor who is not an experienced lead professional is refused, saying why", () => {
    const nominee = practitioner({ qualifiedOn: "2024-11-23" });
    const notExperienced = checkEligibility(input({ nominee, mentor: mentor({ qualifiedOn: "2025-01-01" }) }));
    expect(rulesOf(notExperienced.refusals)).toEqual(["mentor"]);
    expect(notExperienced.refusals[0]?.message).toMatch(/their mentor Tom Hughes qualified less than 30 months ago/);
    const noDbs = checkEligibility(input({ nominee, mentor: mentor({ dbsCheckedOn: null }) }));
    expect(noDbs.refusals[0]?.message).toMatch(/Tom Hughes has no enhanced DBS check on record/);
    const away = checkEligibility(input({ nominee, mentor: mentor({ availability: "long-term-sick" }) }));
    expect(away.refusals[0]?.message).toMatch(/Tom Hughes is on long-term sick leave/);
  });

  it("§3.2 mentor: a nominee cannot be their own mentor", () => {
    const nominee = practitioner({ qualifiedOn: "2024-11-23" });
    expect(rulesOf(checkEligibility(input({ nominee, mentor: nominee })).refusals)).toEqual(["mentor"]);
  });

  it("§3.2 mentor: exactly 30 months after qualifying no mentor is needed", () => {
    expect(checkEligibility(input({ nominee: practitioner({ qualifiedOn: "2024-05-23" }) }))).toEqual({ eligible: true, refusals: [], warnings: [] });
    expect(rulesOf(checkEligibility(input({ nominee: practitioner({ qualifiedOn: "2024-05-24" }) })).refusals)).toEqual(["mentor"]);
  });

  it("§3.2 unqualified: without a qualification only a manager's recommendation makes them eligible", () => {
    const refused = checkEligibility(input({ nominee: practitioner({ qualifiedOn: null }) }));
    expect(rulesOf(refused.refusals)).toEqual(["unqualified"]);
    expect(refused.refusals[0]?.message).toMatch(/^Priya Shah has no professional qualification on record.*recommendation/);
    expect(checkEligibility(input({ nominee: practitioner({ qualifiedOn: null, managerRecommendation: true }) })).eligible).toBe(true);
  });

  it("§3.3 agency-worker: agency, bank and supply workers are refused without an override", () => {
    for (const employment of ["agency", "bank", "supply"] as const) {
      const result = checkEligibility(input({ nominee: practitioner({ employment }) }));
      expect(rulesOf(result.refusals), employment).toEqual(["agency-worker"]);
      expect(result.refusals[0]?.message).toMatch(new RegExp(`^Priya Shah is an? ${employment} worker\\..*override`));
    }
  });

  it("§3.3 agency-worker: a manager's override allows them, with a warning quoting its reason", () => {
    const result = checkEligibility(input({ nominee: practitioner({ employment: "agency" }), override: override() }));
    expect(result.eligible).toBe(true);
    expect(result.warnings).toEqual([
      {
        rule: "agency-worker",
        message: 'Priya Shah is an agency worker leading by a manager\'s exceptional override: "Severe staff shortage in the team this winter".',
      },
    ]);
  });

  it("§3.3 agency-worker: an override recorded for someone else does not count", () => {
    const result = checkEligibility(input({ nominee: practitioner({ employment: "supply" }), override: override({ practitionerId: "p-other" }) }));
    expect(rulesOf(result.refusals)).toEqual(["agency-worker"]);
  });

  it("§3.4 capacity: exactly at capacity is fine", () => {
    expect(checkEligibility(input({ leadCaseCount: 7 })).warnings).toEqual([]);
  });

  it("§3.4 capacity: over capacity warns that the manager will be told, but does not refuse", () => {
    const result = checkEligibility(input({ leadCaseCount: 8 }));
    expect(result.eligible).toBe(true);
    expect(result.warnings).toEqual([
      { rule: "capacity", message: "Priya Shah would lead 9 open cases, over their capacity of 8; their manager will be told if they are appointed." },
    ]);
    expect(rulesOf(checkEligibility(input({ nominee: practitioner({ lpCapacity: 0 }) })).warnings)).toEqual(["capacity"]);
  });

  it("§3.5 availability: long-term sick or leaving cannot be proposed", () => {
    const sick = checkEligibility(input({ nominee: practitioner({ availability: "long-term-sick" }) }));
    expect(rulesOf(sick.refusals)).toEqual(["availability"]);
    expect(sick.refusals[0]?.message).toMatch(/^Priya Shah is marked as on long-term sick leave/);
    const leaving = checkEligibility(input({ nominee: practitioner({ availability: "leaving" }) }));
    expect(rulesOf(leaving.refusals)).toEqual(["availability"]);
    expect(leaving.refusals[0]?.message).toMatch(/^Priya Shah is marked as leaving/);
  });

  it("§3.6 taf-member: the nominee must be a member of the TAF", () => {
    const result = checkEligibility(input({ isTafMember: false }));
    expect(rulesOf(result.refusals)).toEqual(["taf-member"]);
    expect(result.refusals[0]?.message).toMatch(/^Priya Shah isn't in this team around the family yet/);
  });

  it("reports every refusal and warning at once", () => {
    const nominee = practitioner({ dbsCheckedOn: null, qualifiedOn: null, employment: "bank", availability: "leaving", lpCapacity: 2 });
    const result = checkEligibility(input({ nominee, isTafMember: false, leadCaseCount: 2 }));
    expect(rulesOf(result.refusals)).toEqual(["availability", "taf-member", "dbs", "unqualified", "agency-worker"]);
    expect(rulesOf(result.warnings)).toEqual(["capacity"]);
  });

  it("messages name the practitioner and stay in plain words", () => {
    const nominee = practitioner({ dbsCheckedOn: null, qualifiedOn: null, employment: "agency", availability: "leaving" });
    const result = checkEligibility(input({ nominee, isTafMember: false, leadCaseCount: 9 }));
    for (const finding of [...result.refusals, ...result.warnings]) {
      expect(finding.message).toContain("Priya Shah");
      expect(finding.message).not.toMatch(/\bchild/i);
    }
  });
});

describe("isExperiencedLead", () => {
  it("qualified 30 or more months ago, with a DBS check and available", () => {
    expect(isExperiencedLead(mentor({ qualifiedOn: "2024-05-23" }), TODAY)).toBe(true);
    expect(isExperiencedLead(mentor({ qualifiedOn: "2024-05-24" }), TODAY)).toBe(false);
  });

  it("a manager's recommendation never stands in for 30 months' qualification [002 §8.4.2, §8.4.4]", () => {
    expect(isExperiencedLead(mentor({ qualifiedOn: "2026-01-01", managerRecommendation: true }), TODAY)).toBe(false);
    expect(isExperiencedLead(mentor({ qualifiedOn: null, managerRecommendation: true }), TODAY)).toBe(false);
    expect(isExperiencedLead(mentor({ qualifiedOn: null }), TODAY)).toBe(false);
    expect(isExperiencedLead(mentor({ qualifiedOn: "2024-05-23", managerRecommendation: true }), TODAY)).toBe(true);
  });

  it("a nominee whose only mentor was qualified 10 months ago but recommended is refused, saying why", () => {
    const nominee = practitioner({ qualifiedOn: "2024-11-23", mentorId: "p-mentor" });
    const result = checkEligibility(input({ nominee, mentor: mentor({ qualifiedOn: "2026-01-23", managerRecommendation: true }) }));
    expect(rulesOf(result.refusals)).toEqual(["mentor"]);
    expect(result.refusals[0]?.message).toMatch(/their mentor Tom Hughes qualified less than 30 months ago/);
    const unqualified = checkEligibility(input({ nominee, mentor: mentor({ qualifiedOn: null, managerRecommendation: true }) }));
    expect(unqualified.refusals[0]?.message).toMatch(/Tom Hughes has no professional qualification on record/);
  });

  it("but never without a DBS check or while unavailable", () => {
    expect(isExperiencedLead(mentor({ dbsCheckedOn: null }), TODAY)).toBe(false);
    expect(isExperiencedLead(mentor({ availability: "leaving" }), TODAY)).toBe(false);
    expect(isExperiencedLead(mentor({ availability: "long-term-sick" }), TODAY)).toBe(false);
  });
});
