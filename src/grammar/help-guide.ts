// What help teaches beyond the usage lines: the everyday commands in the groups people think in
// (choosing a lead, reviews, handover, escalation), the admin commands kept apart under
// `help admin`, and for one command an example and what its options mean. Commands are named by
// their usage key ("case open"); a unit test checks every usage entry is in exactly one group and
// every example parses, so help cannot drift from the grammar.

export interface HelpGroup {
  /** The word after `help` that lists just this group ("help reviews"). */
  topic: string;
  title: string;
  commands: readonly string[];
}

/** `help` lists these, in this order. */
export const EVERYDAY_GROUPS: readonly HelpGroup[] = [
  { topic: "cases", title: "Cases and the Team Around the Family", commands: ["case open", "case status", "case update", "case link", "taf add", "taf remove", "close"] },
  { topic: "lead", title: "Choosing a lead professional", commands: ["propose", "vote", "remind"] },
  { topic: "reviews", title: "Reviews", commands: ["review set", "review done", "snooze"] },
  { topic: "plan", title: "The plan", commands: ["plan", "plan add", "plan done", "plan drop", "plan move", "contact", "contact every"] },
  { topic: "handover", title: "Handover", commands: ["handover start"] },
  { topic: "escalation", title: "Escalation", commands: ["escalate", "escalate action", "resolve appoint", "resolve return", "ack"] },
  { topic: "you", title: "You and your caseload", commands: ["caseload", "whoami", "help"] },
];

/** `help admin`: the access team's and managers' commands. */
export const ADMIN_GROUP: HelpGroup = {
  topic: "admin",
  title: "Admin: the access team and managers",
  commands: ["practitioner add", "practitioner update", "practitioner import", "access channel", "override", "report", "audit"],
};

export interface HelpDetail {
  /** Typed as shown (no "/lead "); fictional references only. */
  examples: readonly string[];
  /** Each option or choice and what it means. */
  options?: readonly { name: string; meaning: string }[];
}

/** `help <command>`: an example for every command, and the options explained where there are any. */
export const HELP_DETAILS: Readonly<Record<string, HelpDetail>> = {
  help: { examples: ["help", "help admin", "help propose"], options: [{ name: "admin", meaning: "the access team's and managers' commands" }] },
  whoami: { examples: ["whoami"] },
  "case open": {
    examples: ["case open EH-2026-0042 --status early-help", "case open EH-2026-0042 --status early-help,child-in-need"],
    options: [
      { name: "--status", meaning: "one or more of the case's statuses, separated by commas" },
      { name: "--no-channel", meaning: "open the case without this channel, when the channel already serves another case; link one later with case link" },
    ],
  },
  "case status": { examples: ["case status EH-2026-0042"] },
  "case update": { examples: ["case update EH-2026-0042 --status child-in-need"], options: [{ name: "--status", meaning: "the case's statuses from now on (they replace the old ones)" }] },
  "case link": { examples: ["case link EH-2026-0042"] },
  "access channel": { examples: ["access channel"] },
  "taf add": { examples: ["taf add EH-2026-0042 @sam.patel"] },
  "taf remove": { examples: ["taf remove EH-2026-0042 @sam.patel"] },
  close: { examples: ["close EH-2026-0042 the family's goals are met"] },
  propose: {
    examples: ["propose EH-2026-0042 @sam.patel knows the family well --family agrees", "propose EH-2026-0042 @sam.patel --family prefers @hana.begum"],
    options: [
      { name: "--family agrees", meaning: "the family agrees with the nominee" },
      { name: "--family prefers @who", meaning: "the family would rather have someone else: shown prominently on the vote" },
      { name: "--family not-asked", meaning: "the family has not been asked yet (the default)" },
    ],
  },
  vote: {
    examples: ["vote EH-2026-0042 agree", "vote EH-2026-0042 object the school sees the child daily", "vote EH-2026-0042 accept"],
    options: [
      { name: "agree | abstain", meaning: "your vote as a TAF member" },
      { name: "object <reason>", meaning: "an objection always needs a reason" },
      { name: "accept | decline [reason]", meaning: "the nominee's answer, instead of a vote" },
    ],
  },
  remind: { examples: ["remind EH-2026-0042"] },
  override: { examples: ["override EH-2026-0042 @sam.patel covering a long-term vacancy"] },
  "review set": { examples: ["review set EH-2026-0042 2026-12-18", "review set EH-2026-0042 18/12/2026"] },
  "review done": {
    examples: ["review done EH-2026-0042 continue next 2027-03-12"],
    options: [
      { name: "continue | step-up | step-down | closure", meaning: "what the review decided" },
      { name: "next <date>", meaning: "the date of the next review" },
    ],
  },
  snooze: {
    examples: ["snooze EH-2026-0042", "snooze EH-2026-0042 handover"],
    options: [{ name: "review | handover | contact | plan", meaning: "which reminder (the one sent to you last when left out); plan: an action you own" }],
  },
  plan: { examples: ["plan EH-2026-0042"] },
  "plan add": {
    examples: ["plan add EH-2026-0042 @sam.patel arrange a meeting with the school by friday", "plan add EH-2026-0042 family attend the parenting course by 2027-01-15"],
    options: [
      { name: "@owner | family", meaning: "who will do it: a member of the Team Around the Family, or the family" },
      { name: "by <date>", meaning: "when it is due; left out, at the case's next review" },
      { name: "who", meaning: "any member of the Team Around the Family" },
    ],
  },
  "plan done": {
    examples: ["plan done EH-2026-0042 2", "plan done EH-2026-0042 2 meeting held"],
    options: [{ name: "who", meaning: "the action's owner, their line manager or the lead professional; the family's actions: the lead professional" }],
  },
  "plan drop": { examples: ["plan drop EH-2026-0042 3 no longer needed after the review"], options: [{ name: "<reason>", meaning: "why it is dropped (required)" }] },
  "plan move": { examples: ["plan move EH-2026-0042 3 2026-12-18 waiting for a panel date", "plan move EH-2026-0042 3 next friday the family asked"], options: [{ name: "<date> <reason>", meaning: "the new due date (after today) and why" }] },
  contact: {
    examples: ["contact EH-2026-0042", "contact EH-2026-0042 home visit, all well"],
    options: [
      { name: "note", meaning: "optional, up to 300 characters; never a child's personal details" },
      { name: "who", meaning: "only the lead professional: checking back with the family is their part of the plan; other TAF members' work with the family is their own" },
    ],
  },
  "contact every": {
    examples: ["contact every EH-2026-0042 2 weeks", "contact every EH-2026-0042 week", "contact every EH-2026-0042 off"],
    options: [
      { name: "<n> weeks", meaning: "1 to 12: a check-in is due that long after the last contact; a missed one nudges the lead professional, then weekly" },
      { name: "off", meaning: "no cadence (the default): no check-in nudges" },
      { name: "who", meaning: "the lead professional or the access team" },
    ],
  },
  "handover start": {
    examples: ["handover start EH-2026-0042 leaving by 2026-12-18"],
    options: [
      { name: "leaving | long-term-sick | work-complete | family-request | legal-proceedings | transition", meaning: "why the role is handed on" },
      { name: "by <date>", meaning: "when the handover should be finished" },
    ],
  },
  escalate: { examples: ["escalate EH-2026-0042 the TAF cannot agree who should lead"] },
  "escalate action": { examples: ["escalate EH-2026-0042 action 3 no reply to three reminders"] },
  "resolve appoint": { examples: ["resolve EH-2026-0042 appoint @sam.patel best placed to work with the family"] },
  "resolve return": { examples: ["resolve EH-2026-0042 return please meet again with the school"] },
  ack: { examples: ["ack EH-2026-0042"] },
  caseload: { examples: ["caseload", "caseload @sam.patel"] },
  report: { examples: ["report", "report from 2026-11-01 to 2026-11-30"], options: [{ name: "from <date> / to <date>", meaning: "the period (the last 4 weeks when left out)" }] },
  audit: { examples: ["audit EH-2026-0042"] },
  "practitioner add": {
    examples: ['practitioner add @sam.patel --name "Sam Patel" --role social-worker --agency "Children\'s Services" --dbs 2025-03-01 --qualified 2019-07-01'],
    options: [
      { name: "--role / --agency / --manager", meaning: "who they are and who manages them" },
      { name: "--dbs / --qualified", meaning: "dates of the enhanced DBS check and of qualifying: both decide whether they may lead" },
      { name: "--employment", meaning: "agency, bank and supply workers lead only with a manager's override" },
      { name: "--capacity", meaning: "how many cases they can lead at once" },
      { name: "--access-team / --coordinator / --executive", meaning: "duties beyond practice" },
    ],
  },
  "practitioner update": {
    examples: ["practitioner update @sam.patel --availability long-term-sick", "practitioner update @sam.patel --no-mentor"],
    options: [{ name: "--no-<option>", meaning: "turns a switch off or clears a value" }],
  },
  "practitioner import": {
    examples: [
      "practitioner import\nhandle,name,role,agency,manager,dbs,slack_id\nalex.morgan,Alex Morgan,manager,Children's Services,,2024-05-01,U0ALEXM01\nsam.patel,Sam Patel,social-worker,Children's Services,alex.morgan,2025-03-14,U0SAMPA01",
      "practitioner import --apply\n(the same CSV, once the dry run shows no problems)",
    ],
    options: [
      { name: "--dry-run", meaning: "the default: checks every line and says what would be added, updated or left unchanged; writes nothing" },
      { name: "--apply", meaning: "writes the whole file in one go, only when no line has a problem" },
      { name: "columns", meaning: "handle (required), name, role, agency (all three for someone new), manager (a handle in the file or registered), dbs, qualified (YYYY-MM-DD), employment, slack_id, teams_aad_id; an empty cell leaves that detail as it is; at most 500 rows" },
    ],
  },
};
