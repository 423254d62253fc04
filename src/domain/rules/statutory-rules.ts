// Who may lead a case with a given status [DOMAIN §2; 000 Annex A; 003]. The table is data so the
// card, the help text and the checks all read the same rules.
import type { CaseStatus, Role } from "../types.js";

export type LeadRuleKind = "statutory" | "advisory" | "choice";

export interface LeadRule {
  id: string;
  /** Plain words for refusals and notes, e.g. "child protection plan". */
  title: string;
  statuses: readonly CaseStatus[];
  kind: LeadRuleKind;
  /** Statutory: the roles that may lead. Advisory: the roles the guidance suggests. null: anyone eligible. */
  roles: readonly Role[] | null;
  /** Statutory only when a practitioner with this role is on the TAF; otherwise a free choice. */
  statutoryOnlyWithOnTaf?: Role;
  reason: string;
}

export interface StatutoryCheck {
  allowed: boolean;
  refusal: string | null;
  /** Ids of the rules that bound or informed the check; rules set aside appear in `advisories`. */
  applied: string[];
  advisories: string[];
}

export const ROLE_NAMES: Record<Role, string> = {
  "social-worker": "social worker",
  "personal-adviser": "personal adviser",
  senco: "SENCO",
  "key-worker": "key worker",
  "care-coordinator": "care co-ordinator",
  "yot-officer": "YOT supervising officer",
  "residential-key-worker": "residential key worker",
  "health-visitor": "health visitor",
  "school-nurse": "school nurse",
  teacher: "teacher",
  "family-support-worker": "family support worker",
  "early-help-practitioner": "early help practitioner",
  "youth-worker": "youth worker",
  manager: "manager",
  other: "practitioner in another role",
};

export const LEAD_RULES: readonly LeadRule[] = [
  {
    id: "early-help",
    title: "early help",
    statuses: ["early-help"],
    kind: "choice",
    roles: null,
    reason: "Any eligible practitioner may lead early help; the family's wish should be met unless there is a good or statutory reason not to [003].",
  },
  {
    id: "cin-assessment",
    title: "child in need assessment",
    statuses: ["cin-assessment"],
    kind: "statutory",
    roles: ["social-worker"],
    reason: "During a child in need assessment the allocated social worker must be the lead professional [000 Annex A].",
  },
  {
    id: "child-in-need",
    title: "child in need",
    statuses: ["child-in-need"],
    kind: "advisory",
    roles: null,
    reason: "After the child in need assessment any relevant practitioner may lead; where social care still delivers or funds services, the social worker may be the better lead professional [000 Annex A].",
  },
  {
    id: "child-protection-plan",
    title: "child protection plan",
    statuses: ["child-protection-plan"],
    kind: "statutory",
    roles: ["social-worker"],
    reason: "A child on a child protection plan must have the named social worker as lead professional [000 Annex A].",
  },
  {
    id: "looked-after",
    title: "looked after",
    statuses: ["looked-after"],
    kind: "statutory",
    roles: ["social-worker"],
    reason: "A looked-after child must have the allocated social worker as lead professional; a residential key worker gives day-to-day support but is not the lead professional [000 Annex A].",
  },
  {
    id: "care-leaver-eligible",
    title: "care leaver (eligible)",
    statuses: ["care-leaver-eligible"],
    kind: "statutory",
    roles: ["social-worker"],
    reason: "A care leaver who is still looked after must have the social worker as lead professional, who may also act as personal adviser [000 Annex A].",
  },
  {
    id: "care-leaver-relevant",
    title: "care leaver (relevant)",
    statuses: ["care-leaver-relevant"],
    kind: "statutory",
    roles: ["personal-adviser", "social-worker"],
    reason: "A care leaver who left care before 18 must have the personal adviser, or the social worker, as lead professional [000 Annex A].",
  },
  {
    id: "adoption",
    title: "adoption",
    statuses: ["adoption"],
    kind: "statutory",
    roles: ["social-worker"],
    reason: "Where adoption is the plan, the child's social worker must be the lead professional [000 Annex A].",
  },
  {
    id: "sen",
    title: "special educational needs",
    statuses: ["sen"],
    kind: "advisory",
    roles: ["senco"],
    reason: "The SENCO may be the lead professional; where needs go well beyond school someone else may be better placed, and in Year 9 with a statement the personal adviser is likely to lead [000 Annex A].",
  },
  {
    id: "complex-disability",
    title: "complex disability or health needs",
    statuses: ["complex-disability"],
    kind: "statutory",
    roles: ["key-worker"],
    statutoryOnlyWithOnTaf: "key-worker",
    reason: "Where the family has a key worker, the key worker is the lead professional [000 Annex A].",
  },
  {
    id: "mental-health-cpa",
    title: "mental health care programme approach",
    statuses: ["mental-health-cpa"],
    kind: "statutory",
    roles: ["care-coordinator"],
    reason: "Where the care programme approach is followed, the care co-ordinator must be the lead professional [000 Annex A].",
  },
  {
    id: "mental-health",
    title: "mental health",
    statuses: ["mental-health"],
    kind: "choice",
    roles: null,
    reason: "Without the care programme approach any practitioner may be appointed lead professional [000 Annex A].",
  },
  {
    id: "young-offender",
    title: "young offender",
    statuses: ["young-offender"],
    kind: "advisory",
    roles: ["yot-officer"],
    reason: "The YOT supervising officer may be the lead professional if that is agreed locally with the mainstream agencies [000 Annex A].",
  },
];

/** When two statutory rules name different roles, the earlier one here wins [DOMAIN §2]. */
export const STATUTORY_PRECEDENCE: readonly string[] = [
  "child-protection-plan",
  "looked-after",
  "cin-assessment",
  "adoption",
  "care-leaver-eligible",
  "care-leaver-relevant",
  "mental-health-cpa",
  "complex-disability",
];

// The statuses under which the young-offender rule gives way to the social worker [000 Annex A].
const SOCIAL_WORKER_OVER_YOT: readonly CaseStatus[] = ["looked-after", "child-protection-plan"];

const byPrecedence = (a: LeadRule, b: LeadRule) => STATUTORY_PRECEDENCE.indexOf(a.id) - STATUTORY_PRECEDENCE.indexOf(b.id);

export function roleList(roles: readonly Role[]): string {
  return roles.map((r) => `${/^[aeiou]/i.test(ROLE_NAMES[r]) ? "an" : "a"} ${ROLE_NAMES[r]}`).join(" or ");
}

interface Resolution {
  /** Statutory rules that hold, strictest first. */
  binding: LeadRule[];
  setAside: { rule: LeadRule; by: LeadRule }[];
  /** Roles every binding rule accepts; null when no statutory rule binds. */
  roles: Role[] | null;
  advisory: LeadRule[];
  choice: LeadRule[];
}

function resolve(statuses: readonly CaseStatus[], tafRoles: readonly Role[]): Resolution {
  const applicable = LEAD_RULES.filter((rule) => rule.statuses.some((s) => statuses.includes(s)));
  const isStatutory = (rule: LeadRule) =>
    rule.kind === "statutory" && (!rule.statutoryOnlyWithOnTaf || tafRoles.includes(rule.statutoryOnlyWithOnTaf));
  const statutory = applicable.filter(isStatutory).sort(byPrecedence);
  const binding: LeadRule[] = [];
  const setAside: Resolution["setAside"] = [];
  let roles: Role[] | null = null;
  for (const rule of statutory) {
    const ruleRoles = rule.roles ?? [];
    const common: Role[] = roles === null ? [...ruleRoles] : roles.filter((r) => ruleRoles.includes(r));
    if (common.length === 0 && binding[0]) {
      setAside.push({ rule, by: binding[0] });
      continue;
    }
    binding.push(rule);
    roles = common;
  }
  return {
    binding,
    setAside,
    roles,
    advisory: applicable.filter((r) => r.kind === "advisory"),
    choice: applicable.filter((r) => r.kind === "choice" || (r.kind === "statutory" && !isStatutory(r))),
  };
}

function advisoryNote(rule: LeadRule, statuses: readonly CaseStatus[]): string {
  if (rule.id === "young-offender" && statuses.some((s) => SOCIAL_WORKER_OVER_YOT.includes(s))) {
    return "Young offender: because the case is also looked after or on a child protection plan, the lead professional must be the social worker, not the YOT supervising officer [000 Annex A].";
  }
  return `${capitalise(rule.title)}: ${rule.reason}`;
}

function choiceNote(rule: LeadRule): string | null {
  if (rule.id === "early-help") return `Early help: ${rule.reason}`;
  if (rule.statutoryOnlyWithOnTaf) {
    return `${capitalise(rule.title)}: no ${ROLE_NAMES[rule.statutoryOnlyWithOnTaf]} is on the TAF, so any appointed practitioner may lead. If the family has a key worker, add them to the TAF: the key worker is then the lead professional [000 Annex A].`;
  }
  return null;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function checkStatutoryLead(
  statuses: readonly CaseStatus[],
  nomineeRole: Role,
  tafRoles: readonly Role[],
): StatutoryCheck {
  const r = resolve(statuses, tafRoles);
  const advisories = [
    ...r.setAside.map(
      ({ rule, by }) =>
        `The ${rule.title} rule (${roleList(rule.roles ?? [])}) was set aside because the stricter ${by.title} rule takes precedence and names ${roleList(by.roles ?? [])}.`,
    ),
    ...r.advisory.map((rule) => advisoryNote(rule, statuses)),
    ...r.choice.map(choiceNote).filter((note): note is string => note !== null),
  ];
  const applied = LEAD_RULES.filter((rule) => [...r.binding, ...r.advisory, ...r.choice].includes(rule)).map((rule) => rule.id);
  const broken = r.binding.find((rule) => !(rule.roles ?? []).includes(nomineeRole));
  if (!broken || !r.roles) return { allowed: true, refusal: null, applied, advisories };
  const refusal = `${capitalise(broken.title)} rule: the lead professional must be ${roleList(r.roles)}, and the nominee is ${roleList([nomineeRole])}. ${broken.reason}`;
  return { allowed: false, refusal, applied, advisories };
}

/** The roles the statutory rules leave for the lead professional, or null when any role may lead. */
export function requiredRolesFor(statuses: readonly CaseStatus[], tafRoles: readonly Role[]): Role[] | null {
  return resolve(statuses, tafRoles).roles;
}
