// One of every view, in its variants, with fictional practitioners and case references only.
import { errorView, helpView } from "../../src/application/command-runner.js";
import type { PersonView, ProposalView, View } from "../../src/domain/views.js";

const person = (id: string, name: string, role: string, agency: string): PersonView => ({ id, name, role, agency });
export const tom = person("p-tom", "Tom Teacher", "teacher", "Oak Primary School");
export const hana = person("p-hana", "Hana Health", "health-visitor", "Health Visiting");
export const sam = person("p-sam", "Sam Social", "social-worker", "Children's Social Care");
export const meg = person("p-meg", "Meg Manager", "manager", "Early Help");
const deadline = new Date("2026-11-25T17:00:00Z");
const ref = "EH-2026-0042";

export const openProposal: ProposalView = {
  type: "proposal",
  proposalId: "3f1c1a52-8b7e-4f7e-9a4b-1c2d3e4f5a6b",
  caseRef: ref,
  kind: "appoint",
  nominee: tom,
  proposer: hana,
  reason: "Tom sees the family every day at school.",
  familyView: "The family prefers Sam Social.",
  familyPrefersOther: true,
  notes: ["Tom leads 7 of 8 cases."],
  deadline,
  state: "open",
  nomineeResponse: "awaiting",
  tally: { agree: 1, object: 1, abstain: 0, notVoted: 1, electorate: 3, quorum: 2 },
  votes: [
    { voter: hana, choice: "agree", reason: null },
    { voter: sam, choice: "object", reason: "The family asked for me." },
  ],
  notVotedYet: [tom],
  outcomeReason: null,
};

const escalationId = "7a1c1a52-8b7e-4f7e-9a4b-1c2d3e4f5a6b";

export const VIEW_SAMPLES: { name: string; view: View }[] = [
  { name: "open proposal", view: openProposal },
  { name: "open closure proposal", view: { ...openProposal, kind: "closure", nominee: null, familyPrefersOther: false, familyView: "The family agrees.", votes: [] } },
  { name: "closed proposal", view: { ...openProposal, state: "agreed", nomineeResponse: "accepted", outcomeReason: "3 agreed, no objections" } },
  { name: "decision agreed", view: { type: "decision", caseRef: ref, kind: "appoint", outcome: "agreed", lead: tom, previousLead: hana, reason: "Agreed by the TAF." } },
  { name: "decision closure", view: { type: "decision", caseRef: ref, kind: "closure", outcome: "agreed", lead: null, previousLead: null, reason: "Support is no longer needed." } },
  { name: "decision disagreed", view: { type: "decision", caseRef: ref, kind: "appoint", outcome: "disagreed", lead: null, previousLead: null, reason: "The nominee declined." } },
  {
    name: "open escalation",
    view: { type: "escalation", escalationId, caseRef: ref, level: 1, levelName: "line managers", reason: "The TAF could not agree.", deciders: [meg], deadline, state: "open", resolution: null },
  },
  {
    name: "open escalation from a vote",
    view: {
      type: "escalation",
      escalationId,
      caseRef: ref,
      level: 1,
      levelName: "line managers",
      reason: "The TAF could not agree a lead professional: 1 objection stood.",
      deciders: [meg],
      deadline,
      state: "open",
      resolution: null,
      dispute: {
        kind: "appoint",
        nominee: tom,
        proposer: hana,
        reason: "Tom sees the family every day at school.",
        familyView: "The family prefers Sam Social.",
        familyPrefersOther: true,
        nomineeResponse: "accepted",
        tally: { agree: 2, object: 1, abstain: 0, notVoted: 0, electorate: 3, quorum: 2 },
        objections: [{ voter: sam, reason: "The family asked for me." }],
        notes: ["Tom leads 7 of 8 cases."],
        outcomeReason: "1 objection stood",
      },
    },
  },
  {
    name: "resolved escalation, the decider's answer",
    view: {
      type: "escalation",
      escalationId,
      caseRef: ref,
      level: 1,
      levelName: "line managers",
      reason: "No agreement.",
      deciders: [meg],
      deadline,
      state: "resolved",
      resolution: "Appointed Hana Health: closest to the family.",
      confirmation: `You appointed Hana Health as lead professional for ${ref}.`,
    },
  },
  {
    name: "resolved escalation",
    view: { type: "escalation", escalationId, caseRef: ref, level: 3, levelName: "executive group", reason: "No agreement.", deciders: [meg], deadline: null, state: "resolved", resolution: "Appointed Hana Health." },
  },
  {
    name: "case",
    view: {
      type: "case",
      caseRef: ref,
      open: true,
      statuses: ["early-help", "sen"],
      lead: tom,
      reviewDate: "2026-12-01",
      taf: [{ ...tom, isLead: true }, { ...hana, isLead: false }],
      openProposal: { proposalId: openProposal.proposalId, nominee: "Hana Health", deadline },
      openEscalation: { level: 2, deadline },
      openHandover: { outgoing: "Tom Teacher", trigger: "leaving", deadline },
      notes: ["Case opened."],
    },
  },
  ...(["started", "completed", "reminder", "missed"] as const).map((event) => ({
    name: `handover ${event}`,
    view: { type: "handover", caseRef: ref, event, outgoing: tom, successor: event === "completed" ? hana : null, trigger: "transition", deadline, ...(event === "reminder" ? { snoozeKey: "handover-reminder-h1-2wd-1796115600" } : {}) } as View,
  })),
  ...(["set", "done", "reminder", "overdue", "date-missing"] as const).map((event) => ({
    name: `review ${event}`,
    view: {
      type: "review",
      caseRef: ref,
      event,
      reviewDate: event === "date-missing" ? null : "2026-12-01",
      outcome: event === "done" ? "step-down" : null,
      lead: tom,
      workingDaysBefore: event === "reminder" ? 5 : null,
      ...(event === "reminder" ? { snoozeKey: "review-reminder-c1-5wd-1796115600" } : {}),
    } as View,
  })),
  {
    name: "missed check-in",
    view: { type: "contact", caseRef: ref, event: "missed", everyWeeks: 2, since: "2026-11-13", sinceContact: true, snoozeKey: "contact-missed-c1-from1795000000000-1796115600" },
  },
  { name: "missed check-in, snoozed copy", view: { type: "contact", caseRef: ref, event: "missed", everyWeeks: 1, since: "2026-11-13", sinceContact: false } },
  {
    name: "case with a contact cadence",
    view: {
      type: "case",
      caseRef: ref,
      open: true,
      statuses: ["early-help"],
      lead: tom,
      reviewDate: null,
      taf: [{ ...tom, isLead: true }],
      openProposal: null,
      openEscalation: null,
      openHandover: null,
      notes: [],
      contact: { everyWeeks: 2, lastContactOn: "2026-11-13" },
    },
  },
  {
    name: "plan",
    view: {
      type: "plan",
      caseRef: ref,
      caseOpen: true,
      notice: "Action 3 is done.",
      actions: [
        { n: 1, text: "Arrange a meeting with the school", owner: tom, dueDate: "2026-11-20", status: "open", workingDaysOverdue: 3, closedOn: null },
        { n: 2, text: "Attend the parenting course", owner: null, dueDate: "2026-12-18", status: "open", workingDaysOverdue: 0, closedOn: null },
        { n: 3, text: "Refer to the <school nurse> & drop-in", owner: hana, dueDate: "2026-11-27", status: "done", workingDaysOverdue: 0, closedOn: "2026-11-26" },
        { n: 4, text: "No longer needed", owner: sam, dueDate: "2026-11-27", status: "dropped", workingDaysOverdue: 0, closedOn: "2026-11-25" },
      ],
      counts: { done: 1, open: 2, overdue: 1, dropped: 1 },
    },
  },
  {
    name: "plan behind: reconvene",
    view: {
      type: "plan",
      caseRef: ref,
      caseOpen: true,
      actions: [
        { n: 1, text: "Arrange a meeting with the school", owner: tom, dueDate: "2026-11-20", status: "open", workingDaysOverdue: 3, closedOn: null },
        { n: 2, text: "Attend the parenting course", owner: null, dueDate: "2026-11-18", status: "open", workingDaysOverdue: 5, closedOn: null },
      ],
      counts: { done: 0, open: 2, overdue: 2, dropped: 0 },
      reconvene: true,
    },
  },
  {
    name: "plan action due soon",
    view: { type: "plan-nudge", caseRef: ref, event: "reminder", n: 1, text: "Arrange a meeting with the school", owner: tom, lead: hana, dueDate: "2026-12-08", workingDaysBefore: 2, workingDaysOverdue: 0, snoozeKey: "plan-reminder-a1-due20261208-2wd-1796115600" },
  },
  { name: "family's action due today, snoozed copy", view: { type: "plan-nudge", caseRef: ref, event: "reminder", n: 2, text: "Attend the <parenting> course", owner: null, lead: tom, dueDate: "2026-12-08", workingDaysBefore: 0, workingDaysOverdue: 0, snoozedUntil: new Date("2026-12-08T09:00:00Z") } },
  { name: "plan action overdue", view: { type: "plan-nudge", caseRef: ref, event: "overdue", n: 1, text: "Arrange a meeting with the school", owner: tom, lead: hana, dueDate: "2026-11-20", workingDaysBefore: null, workingDaysOverdue: 6 } },
  { name: "plan action long overdue, escalatable", view: { type: "plan-nudge", caseRef: ref, event: "overdue", n: 1, text: "Arrange a meeting with the school", owner: tom, lead: hana, dueDate: "2026-11-06", workingDaysBefore: null, workingDaysOverdue: 16, escalatableAfter: 10 } },
  { name: "plan action done", view: { type: "plan-nudge", caseRef: ref, event: "done", n: 1, text: "Arrange a meeting with the school", owner: tom, lead: hana, dueDate: "2026-11-20", workingDaysBefore: null, workingDaysOverdue: 0, by: tom } },
  { name: "plan action moved", view: { type: "plan-nudge", caseRef: ref, event: "moved", n: 1, text: "Arrange a meeting with the school", owner: tom, lead: hana, dueDate: "2026-12-18", workingDaysBefore: null, workingDaysOverdue: 0, by: hana } },
  { name: "plan action of a closed case", view: { type: "plan-nudge", caseRef: ref, event: "overdue", n: 1, text: "Arrange a meeting with the school", owner: tom, lead: hana, dueDate: "2026-11-20", workingDaysBefore: null, workingDaysOverdue: 6, caseClosed: true } },
  { name: "empty plan of a closed case", view: { type: "plan", caseRef: ref, caseOpen: false, actions: [], counts: { done: 0, open: 0, overdue: 0, dropped: 0 } } },
  {
    name: "review reminder with the plan behind",
    view: {
      type: "review", caseRef: ref, event: "reminder", reviewDate: "2026-12-08", outcome: null, lead: tom, workingDaysBefore: 5, snoozeKey: "review-reminder-c1-5wd-1",
      plan: { done: 1, open: 3, overdue: 2, overdueOwners: ["Hana Health", "the family"], reconvene: true },
    },
  },
  {
    name: "review recorded, actions carried and dropped",
    view: {
      type: "review", caseRef: ref, event: "done", reviewDate: "2027-03-01", outcome: "continue", lead: tom, workingDaysBefore: null,
      plan: { done: 2, open: 2, overdue: 0, overdueOwners: [], reconvene: false }, carried: [1, 3], dropped: [2],
    },
  },
  {
    name: "plan action overdue, reconvene",
    view: { type: "plan-nudge", caseRef: ref, event: "overdue", n: 2, text: "Attend the parenting course", owner: null, lead: tom, dueDate: "2026-11-18", workingDaysBefore: null, workingDaysOverdue: 5, reconvene: { overdue: 2, of: 3 } },
  },
  { name: "review today", view: { type: "review", caseRef: ref, event: "reminder", reviewDate: "2026-12-01", outcome: null, lead: tom, workingDaysBefore: 0 } },
  { name: "caseload", view: { type: "caseload", rows: [{ practitioner: tom, leadCases: 9, capacity: 8, overCapacity: true, overdueReviews: 1, handoversInFlight: 0, actions: { open: 2, overdue: 1 }, cases: [] }] } },
  { name: "empty caseload", view: { type: "caseload", rows: [] } },
  {
    name: "report",
    view: { type: "report", title: "Compliance report 2026-11-02 to 2026-11-27", caseRef: null, rows: [{ label: "Open cases", value: "31" }], file: { filename: "leadbot-report.csv", content: "Figure,Value\r\n" } },
  },
  { name: "empty report", view: { type: "report", title: "Weekly digest", caseRef: null, rows: [], file: null } },
  { name: "text", view: { type: "text", tone: "success", caseRef: ref, text: "Done & dusted." } },
  { name: "help", view: helpView() },
  { name: "help on a topic", view: helpView("vote") },
  { name: "error", view: errorView("That is not a case reference.", "vote <ref> agree|object <reason>|abstain", "0b7c-ref") },
];
