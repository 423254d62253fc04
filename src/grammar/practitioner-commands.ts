// Registering practitioners and changing the details that decide whether they may lead.
import type { z } from "zod";
import type { practitionerFields } from "../domain/commands.js";
import { AVAILABILITIES, EMPLOYMENT_TYPES, ROLES } from "../domain/types.js";
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { parseDate } from "./dates.js";
import { fail, type Attempt } from "./parse-failure.js";
import { readPerson, takePerson, takeVerb } from "./readers.js";
import { closest } from "./spelling.js";
import { isOption, quote, readOption, type Token, type Words } from "./words.js";

type FieldsInput = z.input<typeof practitionerFields>;
type FieldKey = keyof FieldsInput;
type OptionSpec = { example: string } & (
  | { kind: "text"; field: "name" | "agency" }
  | { kind: "choice"; field: "role" | "employment" | "availability"; choices: readonly string[]; noun: string }
  | { kind: "person"; field: "manager" | "mentor" }
  | { kind: "date"; field: "dbs" | "qualified" }
  | { kind: "number"; field: "capacity" }
  | { kind: "switch"; field: "recommended" | "accessTeam" | "coordinator" | "executive" }
  | { kind: "handle"; field: "handle" }
);

const PRACTITIONER_OPTIONS: ReadonlyMap<string, OptionSpec> = new Map<string, OptionSpec>([
  ["handle", { kind: "handle", field: "handle", example: "--handle sam.patel" }],
  ["name", { kind: "text", field: "name", example: '--name "Sam Patel"' }],
  ["role", { kind: "choice", field: "role", choices: ROLES, noun: "a role", example: "--role social-worker" }],
  ["agency", { kind: "text", field: "agency", example: '--agency "Children\'s Social Care"' }],
  ["manager", { kind: "person", field: "manager", example: "--manager @alex.morgan" }],
  ["dbs", { kind: "date", field: "dbs", example: "--dbs 2025-03-14" }],
  ["qualified", { kind: "date", field: "qualified", example: "--qualified 2019-07-01" }],
  ["recommended", { kind: "switch", field: "recommended", example: "--recommended" }],
  [
    "employment",
    { kind: "choice", field: "employment", choices: EMPLOYMENT_TYPES, noun: "an employment type", example: "--employment permanent" },
  ],
  ["mentor", { kind: "person", field: "mentor", example: "--mentor @alex.morgan" }],
  ["capacity", { kind: "number", field: "capacity", example: "--capacity 8" }],
  [
    "availability",
    { kind: "choice", field: "availability", choices: AVAILABILITIES, noun: "an availability", example: "--availability available" },
  ],
  ["access-team", { kind: "switch", field: "accessTeam", example: "--access-team" }],
  ["coordinator", { kind: "switch", field: "coordinator", example: "--coordinator" }],
  ["co-ordinator", { kind: "switch", field: "coordinator", example: "--coordinator" }],
  ["executive", { kind: "switch", field: "executive", example: "--executive" }],
]);

const CHOICE_ALIASES: ReadonlyMap<string, string> = new Map([
  ["sick", "long-term-sick"],
  ["left", "leaving"],
  ["leaves", "leaving"],
]);

function parsePractitioner(w: Words, attempt: Attempt): CommandInputOf<Names> {
  const verb = takeVerb(w, attempt, "practitioner", ["add", "update", "import"]);
  // The CSV of an import arrives on the lines after the command, read by readImportText before
  // words are split; here the command came on one line, so there is no file.
  if (verb === "import") fail(NO_CSV);
  const person = takePerson(w, "the practitioner");
  const fields: Partial<Record<FieldKey, unknown>> = {};
  let handle: string | undefined;
  const seen = new Set<string>();
  while (!w.done()) {
    const token = w.next() as Token;
    if (!isOption(token)) {
      fail(`${quote(token.raw)} is not an option; options start with --, e.g. --role social-worker.`);
    }
    const option = readOption(token);
    // Everything up to the next option is this option's value: --name Sam Patel needs no quotes.
    const values = [...(option.inline ? [option.inline] : []), ...w.untilOption()];
    let spec = PRACTITIONER_OPTIONS.get(option.name);
    let negated = false;
    if (spec === undefined && option.name.startsWith("no-")) {
      spec = PRACTITIONER_OPTIONS.get(option.name.slice(3));
      negated = spec !== undefined;
    }
    if (spec === undefined) {
      const guess = closest(option.name, [...PRACTITIONER_OPTIONS.keys()]);
      fail(`practitioner ${verb} has no option --${option.name}.${guess === null ? "" : ` Did you mean --${guess}?`}`);
    }
    if (spec.kind === "handle" && verb === "update") fail("A handle cannot be changed with practitioner update.");
    if (seen.has(spec.field)) fail(`--${option.name.replace(/^no-/, "")} is given more than once.`);
    seen.add(spec.field);
    const value = optionValue(spec, `--${option.name}`, values, negated);
    if (spec.kind === "handle") handle = value as string;
    else fields[spec.field] = value;
  }
  if (verb === "update" && seen.size === 0) {
    fail("Say what to change, e.g. practitioner update @sam.patel --role teacher.");
  }
  const practitionerFieldsInput = fields as FieldsInput;
  return verb === "add"
    ? { name: "practitioner-add", person, ...(handle === undefined ? {} : { handle }), fields: practitionerFieldsInput }
    : { name: "practitioner-update", person, fields: practitionerFieldsInput };
}

function optionValue(spec: OptionSpec, flag: string, values: Token[], negated: boolean): unknown {
  const text = values.map((t) => t.value).join(" ").trim();
  if (negated) {
    if (spec.kind !== "switch" && spec.kind !== "person" && spec.kind !== "date") {
      fail(`${flag} is not an option: give a new value instead, e.g. ${spec.example}.`);
    }
    if (values.length > 0) fail(`${flag} takes no value.`);
    return spec.kind === "switch" ? false : null;
  }
  if (spec.kind === "switch") {
    if (values.length === 0 || ["yes", "true", "on"].includes(text.toLowerCase())) return true;
    if (["no", "false", "off"].includes(text.toLowerCase())) return false;
    fail(`${flag} is a switch and takes no value; write ${flag.replace(/^--/, "--no-")} to turn it off.`);
  }
  if (values.length === 0) fail(`${flag} needs a value, e.g. ${spec.example}.`);
  switch (spec.kind) {
    case "text":
      return text;
    case "choice": {
      // "--role social worker" and "--role Social_Worker" both mean social-worker.
      const word = text.toLowerCase().replace(/[\s_]+/g, "-");
      const found = spec.choices.find((c) => c === word) ?? CHOICE_ALIASES.get(word);
      if (found === undefined || !spec.choices.includes(found)) {
        fail(`${quote(text)} is not ${spec.noun}; use one of ${spec.choices.join(", ")}.`);
      }
      return found;
    }
    case "person": {
      if (values.length === 1 && ["none", "nobody"].includes(text.toLowerCase())) return null;
      if (values.length > 1) fail(`${flag} takes one person, e.g. ${spec.example}.`);
      const person = readPerson(values[0]);
      if (person === null) fail(`${quote(text)} is not a person: name a person with @, e.g. ${spec.example}, or say none.`);
      return person;
    }
    case "date":
      if (["none", "never"].includes(text.toLowerCase())) return null;
      return parseDate(values);
    case "number": {
      const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
      if (!(n >= 0 && n <= 100)) fail(`${flag} needs a whole number from 0 to 100, not ${quote(text)}.`);
      return n;
    }
    case "handle": {
      const handle = text.replace(/^@/, "").toLowerCase();
      if (values.length > 1 || !/^[a-z0-9._-]{1,64}$/.test(handle)) {
        fail(`${quote(text)} is not a handle: use letters, digits, dots, dashes and underscores, e.g. ${spec.example}.`);
      }
      return handle;
    }
  }
}

// Shared by add and update so the two can never drift apart; update cannot change the handle.
const PRACTITIONER_OPTION_USAGE =
  '[--name "…"] [--role r] [--agency "…"] [--manager @m|none] [--dbs <date>|none] ' +
  "[--qualified <date>|none] [--recommended] [--employment permanent|agency|bank|supply] " +
  "[--mentor @m|none] [--capacity n] [--availability available|long-term-sick|leaving] " +
  "[--access-team] [--coordinator] [--executive]";

const NO_CSV =
  "Paste the CSV on the lines after `practitioner import`, starting with its header row, e.g. handle,name,role,agency. Type `help practitioner import` for the columns.";
const IMPORT_HEAD = /^\s*(?:\/lead\s+)?(?:lead\s+)?(?:practitioner|professional)\s+import(?=\s|$)([^\r\n]*)(?:\r?\n|\r|$)/i;

/**
 * `practitioner import [--apply]` with the CSV on the following lines. Read from the text as sent,
 * because splitting into words would lose the line ends the CSV needs. null: not an import.
 */
export function readImportText(text: string, attempt: Attempt): CommandInputOf<"practitioner-import"> | null {
  const head = IMPORT_HEAD.exec(text);
  if (head === null) return null;
  attempt.usage = "practitioner import";
  let apply: boolean | undefined;
  for (const word of (head[1] ?? "").trim().split(/\s+/).filter(Boolean)) {
    const flag = word.toLowerCase();
    const wants = flag === "--apply" || flag === "--confirm" ? true : flag === "--dry-run" ? false : undefined;
    if (wants === undefined) fail(`practitioner import takes only --dry-run (the default) or --apply, not ${quote(word)}; the CSV goes on the next lines.`);
    if (apply !== undefined && apply !== wants) fail("Choose one of --dry-run and --apply.");
    apply = wants;
  }
  const csv = text.slice(head[0].length);
  if (csv.trim() === "") fail(NO_CSV);
  return { name: "practitioner-import", csv, apply: apply ?? false };
}

type Names = "practitioner-add" | "practitioner-update" | "practitioner-import";

export const practitionerCommands = commandFamily<Names>({
  words: [{ word: "practitioner", aliases: ["professional"], parse: parsePractitioner }],
  usage: [
    {
      command: "practitioner add",
      usage: `practitioner add @who [--handle h] ${PRACTITIONER_OPTION_USAGE}`,
      summary: "Register a practitioner and the details that decide whether they may lead.",
    },
    {
      command: "practitioner update",
      usage: `practitioner update @who ${PRACTITIONER_OPTION_USAGE} (--no-<option> turns a switch off or clears a value)`,
      summary: "Change a practitioner's details.",
    },
    {
      command: "practitioner import",
      usage: "practitioner import [--dry-run|--apply] then the CSV on the next lines (header: handle,name,role,agency,manager,dbs,qualified,employment,slack_id,teams_aad_id)",
      summary: "Register or update staff in bulk from a CSV: a dry run listing every problem by line unless --apply; any problem writes nothing.",
    },
  ],
  usageOf: { "practitioner-add": "practitioner add", "practitioner-update": "practitioner update", "practitioner-import": "practitioner import" },
});
