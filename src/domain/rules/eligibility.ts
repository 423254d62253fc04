// Who may be a lead professional at all [DOMAIN §3; 002 §8.3–8.4, §8.6; 000 §3.13]. Every rule is
// checked so the proposer sees all the problems at once, not one per attempt.
import { formatDay } from "../presenters/format-time.js";
import { DateTime } from "luxon";
import type { EligibilityOverride, Practitioner } from "../types.js";

export const ELIGIBILITY_RULES = [
  "dbs",
  "newly-qualified",
  "mentor",
  "unqualified",
  "agency-worker",
  "capacity",
  "availability",
  "taf-member",
] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

export interface RuleFinding {
  rule: EligibilityRule;
  message: string;
}

export interface EligibilityInput {
  nominee: Practitioner;
  mentor: Practitioner | null;
  isTafMember: boolean;
  /** Open cases they already lead, not counting this one. */
  leadCaseCount: number;
  override: EligibilityOverride | null;
  /** ISO date. */
  today: string;
}

export interface EligibilityResult {
  eligible: boolean;
  refusals: RuleFinding[];
  warnings: RuleFinding[];
}

/** Newly qualified staff may not lead until this long after qualifying [002 §8.4.2]. */
export const MONTHS_BEFORE_LEADING = 18;
/** 18 months' wait plus at least 12 months under a mentor [002 §8.4.2]. */
export const MONTHS_UNTIL_EXPERIENCED = 30;

function monthsAfter(iso: string, months: number): string {
  const date = DateTime.fromISO(iso, { zone: "UTC" });
  if (!date.isValid) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${iso}"`);
  return date.plus({ months }).toFormat("yyyy-MM-dd");
}

/** Qualified at least `months` ago; month ends clamp, so 31 Aug + 18 months is the last day of February. */
function qualifiedFor(p: Practitioner, months: number, today: string): boolean {
  return p.qualifiedOn !== null && monthsAfter(p.qualifiedOn, months) <= today;
}

/** Fit to mentor a newly qualified lead professional [002 §8.4.2]. */
export function isExperiencedLead(p: Practitioner, today: string): boolean {
  return mentorShortfalls(p, today).length === 0;
}

/**
 * A mentor must be an experienced lead professional [002 §8.4.2], which the records show only as
 * 30 months since qualifying: the time a newly qualified LP needs to stop needing a mentor.
 * A manager's recommendation does not count. It lets someone without a formal qualification
 * train for and take on the role [002 §8.4.4]; it says nothing about experience in it, and for
 * someone qualified recently it would undo the very rule they are being mentored under.
 * Whether someone has led a case before is not cheaply knowable: cases keep only their current
 * lead, and past appointments live in the audit trail, which is not queried by person. So the
 * qualification rule stands alone until a practitioner's lead history is recorded.
 */
function mentorShortfalls(p: Practitioner, today: string): string[] {
  const gaps: string[] = [];
  if (p.qualifiedOn === null) {
    gaps.push("has no professional qualification on record (a manager's recommendation lets someone lead, not mentor)");
  } else if (!qualifiedFor(p, MONTHS_UNTIL_EXPERIENCED, today)) {
    gaps.push(`qualified less than ${MONTHS_UNTIL_EXPERIENCED} months ago`);
  }
  if (p.dbsCheckedOn === null) gaps.push("has no enhanced DBS check on record");
  if (p.availability === "long-term-sick") gaps.push("is on long-term sick leave");
  if (p.availability === "leaving") gaps.push("is leaving");
  return gaps;
}

function qualificationFinding(input: EligibilityInput): { refusal?: RuleFinding; warning?: RuleFinding } {
  const { nominee: p, mentor, today } = input;
  if (p.qualifiedOn === null) {
    if (p.managerRecommendation) return {};
    return {
      refusal: {
        rule: "unqualified",
        message: `${p.name} has no professional qualification on record, so can be lead professional only when their manager records a recommendation.`,
      },
    };
  }
  if (!qualifiedFor(p, MONTHS_BEFORE_LEADING, today)) {
    const from = monthsAfter(p.qualifiedOn, MONTHS_BEFORE_LEADING);
    return {
      refusal: {
        rule: "newly-qualified",
        message: `${p.name} qualified on ${formatDay(p.qualifiedOn)}; newly qualified staff can be lead professional ${MONTHS_BEFORE_LEADING} months after qualifying, so from ${formatDay(from)}.`,
      },
    };
  }
  if (qualifiedFor(p, MONTHS_UNTIL_EXPERIENCED, today)) return {};
  if (mentor === null || mentor.id === p.id) {
    return {
      refusal: {
        rule: "mentor",
        message: `${p.name} qualified less than ${MONTHS_UNTIL_EXPERIENCED} months ago, so needs a named mentor who is an experienced lead professional. Record a mentor for them first.`,
      },
    };
  }
  const gaps = mentorShortfalls(mentor, today);
  if (gaps.length > 0) {
    return {
      refusal: {
        rule: "mentor",
        message: `${p.name} needs a mentor who is an experienced lead professional, but their mentor ${mentor.name} ${gaps.join(", ")}.`,
      },
    };
  }
  return {
    warning: {
      rule: "mentor",
      message: `${p.name} qualified less than ${MONTHS_UNTIL_EXPERIENCED} months ago and will lead with ${mentor.name} as their mentor.`,
    },
  };
}

function workerKind(p: Practitioner): string {
  return `${p.employment === "agency" ? "an" : "a"} ${p.employment} worker`;
}

export function checkEligibility(input: EligibilityInput): EligibilityResult {
  const { nominee: p, override } = input;
  const refusals: RuleFinding[] = [];
  const warnings: RuleFinding[] = [];

  if (p.availability === "long-term-sick") {
    refusals.push({ rule: "availability", message: `${p.name} is marked as on long-term sick leave, so can't be proposed as lead professional.` });
  } else if (p.availability === "leaving") {
    refusals.push({ rule: "availability", message: `${p.name} is marked as leaving, so can't be proposed as lead professional.` });
  }

  if (!input.isTafMember) {
    refusals.push({ rule: "taf-member", message: `${p.name} isn't in this team around the family yet. Add them to the TAF first.` });
  }

  if (p.dbsCheckedOn === null) {
    refusals.push({ rule: "dbs", message: `${p.name} has no enhanced DBS check on record, which every lead professional needs.` });
  }

  const qualification = qualificationFinding(input);
  if (qualification.refusal) refusals.push(qualification.refusal);
  if (qualification.warning) warnings.push(qualification.warning);

  if (p.employment !== "permanent") {
    // An override recorded for someone else says nothing about this nominee.
    if (override && override.practitionerId === p.id) {
      warnings.push({
        rule: "agency-worker",
        message: `${p.name} is ${workerKind(p)} leading by a manager's exceptional override: "${override.reason}".`,
      });
    } else {
      refusals.push({
        rule: "agency-worker",
        message: `${p.name} is ${workerKind(p)}. Agency, bank and supply workers can be lead professional only in exceptional circumstances, with a manager's override recorded for this case.`,
      });
    }
  }

  const wouldLead = input.leadCaseCount + 1;
  if (wouldLead > p.lpCapacity) {
    warnings.push({
      rule: "capacity",
      message: `${p.name} would lead ${wouldLead} open cases, over their capacity of ${p.lpCapacity}; their manager will be told if they are appointed.`,
    });
  }

  return { eligible: refusals.length === 0, refusals, warnings };
}
