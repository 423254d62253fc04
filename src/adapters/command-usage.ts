// The usage table of the one command grammar (see command-text.ts). Help views and parse errors
// both read it, so a usage line shown to the user is always the grammar the parser accepts.
// Lines start without the slash: Slack shows them after "/lead ", Teams after the bot mention.

export interface UsageEntry {
  /** The subcommand as typed, e.g. "propose", "case open", "review done". */
  command: string;
  usage: string;
  summary: string;
}

// Shared by add and update so the two can never drift apart; update cannot change the handle.
const PRACTITIONER_OPTIONS =
  '[--name "…"] [--role r] [--agency "…"] [--manager @m|none] [--dbs <date>|none] ' +
  "[--qualified <date>|none] [--recommended] [--employment permanent|agency|bank|supply] " +
  "[--mentor @m|none] [--capacity n] [--availability available|long-term-sick|leaving] " +
  "[--access-team] [--coordinator] [--executive]";

export const USAGE: readonly UsageEntry[] = [
  { command: "help", usage: "help [topic]", summary: "Show the commands, or how to use one of them." },
  { command: "whoami", usage: "whoami", summary: "Show who the bot thinks you are and which duties you hold." },
  {
    command: "case open",
    usage: "case open <ref> --status <status>[,<status>…]",
    summary: "Open a case with one or more statuses, e.g. --status early-help.",
  },
  {
    command: "case status",
    usage: "case status <ref>",
    summary: "Show a case's statuses, lead professional, TAF and next review.",
  },
  {
    command: "case update",
    usage: "case update <ref> --status <status>[,<status>…]",
    summary: "Replace a case's statuses; the statutory lead rules are checked again.",
  },
  {
    command: "case link",
    usage: "case link <ref>",
    summary: "Make this channel the case's channel on this platform (where its cards and messages go).",
  },
  { command: "access channel", usage: "access channel", summary: "Access team only: make this channel the access team channel." },
  { command: "taf add", usage: "taf add <ref> @who", summary: "Add a practitioner to the case's Team Around the Family." },
  { command: "taf remove", usage: "taf remove <ref> @who", summary: "Remove a practitioner from the case's Team Around the Family." },
  {
    command: "propose",
    usage: "propose <ref> @who [reason] [--family agrees|prefers @who|not-asked]",
    summary: "Propose a lead professional for the case; the TAF votes on it.",
  },
  {
    command: "vote",
    usage: "vote <ref> agree|object <reason>|abstain|accept|decline [reason]",
    summary: "Vote on the case's open proposal; the nominee accepts or declines instead.",
  },
  { command: "review set", usage: "review set <ref> <date>", summary: "Set the date of the case's next review." },
  {
    command: "review done",
    usage: "review done <ref> continue|step-up|step-down|closure [next <date>]",
    summary: "Record a review's outcome and, optionally, the next review date.",
  },
  {
    command: "handover start",
    usage:
      "handover start <ref> leaving|long-term-sick|work-complete|family-request|legal-proceedings|transition [by <date>]",
    summary: "Start handing the lead professional role on; the current lead stays until a successor is agreed.",
  },
  { command: "escalate", usage: "escalate <ref> <reason>", summary: "Take a disagreement about the case to the line managers." },
  {
    command: "resolve appoint",
    usage: "resolve <ref> appoint @who <reason>",
    summary: "Settle an escalation by appointing the lead professional yourself.",
  },
  {
    command: "resolve return",
    usage: "resolve <ref> return <reason>",
    summary: "Settle an escalation by sending the case back to the TAF for a new proposal.",
  },
  { command: "ack", usage: "ack <ref>", summary: "Acknowledge an escalation alert so its repeat reminders stop." },
  {
    command: "snooze",
    usage: "snooze <ref> [review|handover]",
    summary: "Put off your next review or handover reminder for the case by one working day (once per reminder).",
  },
  { command: "close", usage: "close <ref> [reason]", summary: "Recommend closing the case; the TAF confirms it by vote." },
  {
    command: "override",
    usage: "override <ref> @who <reason>",
    summary: "Record a manager's exception letting an agency, bank or supply worker lead this case.",
  },
  {
    command: "caseload",
    usage: "caseload [@who]",
    summary: "Show the cases you, your reports or someone else lead against their capacity (the access team sees everyone who leads a case).",
  },
  {
    command: "report",
    usage: "report [from <date>] [to <date>]",
    summary: "Access team or co-ordinator: the compliance figures for a period (default the last 4 weeks), with a CSV file.",
  },
  { command: "audit", usage: "audit <ref>", summary: "Access team: the case's whole audit trail as a CSV file." },
  {
    command: "practitioner add",
    usage: `practitioner add @who [--handle h] ${PRACTITIONER_OPTIONS}`,
    summary: "Register a practitioner and the details that decide whether they may lead.",
  },
  {
    command: "practitioner update",
    usage: `practitioner update @who ${PRACTITIONER_OPTIONS} (--no-<option> turns a switch off or clears a value)`,
    summary: "Change a practitioner's details.",
  },
];

// Other words the parser accepts for the first word; help topics use the same spellings.
const FIRST_WORD_ALIASES: ReadonlyMap<string, string> = new Map([
  ["acknowledge", "ack"],
  ["professional", "practitioner"],
  ["tac", "taf"],
]);

function normalise(command: string): string {
  const words = command.trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words[0] === "/lead") words.shift();
  if (words[0] === "lead" && words.length > 1) words.shift();
  const first = words[0];
  if (first !== undefined) words[0] = FIRST_WORD_ALIASES.get(first) ?? first;
  return words.join(" ");
}

/**
 * The usage line of a subcommand ("case open"), or of every subcommand of a family ("case"),
 * one per line. Null when nothing matches.
 */
export function usageFor(command: string): string | null {
  if (typeof command !== "string") return null;
  const key = normalise(command);
  if (key.length === 0) return null;
  const exact = USAGE.find((e) => e.command === key);
  if (exact) return exact.usage;
  const family = USAGE.filter((e) => e.command.startsWith(`${key} `));
  return family.length > 0 ? family.map((e) => e.usage).join("\n") : null;
}
