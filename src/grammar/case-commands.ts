// A case and its people: opening, status, linking channels, the Team Around the Family, closing.
import { CASE_STATUSES } from "../domain/types.js";
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { fail, type Attempt } from "./parse-failure.js";
import { takePerson, takeRef, takeVerb } from "./readers.js";
import { expectEnd, freeText, isOption, quote, readOption, type Token, type Words } from "./words.js";

type CaseStatus = (typeof CASE_STATUSES)[number];

function parseCase(w: Words, attempt: Attempt): CommandInputOf<"case-open" | "case-status" | "case-update" | "case-link"> {
  const verb = takeVerb(w, attempt, "case", ["open", "status", "update", "link"]);
  const ref = takeRef(w);
  if (verb === "status" || verb === "link") {
    expectEnd(w);
    return verb === "status" ? { name: "case-status", ref } : { name: "case-link", ref };
  }
  const { statuses, noChannel } = takeStatuses(w, `case ${verb} ${ref}`, verb === "open");
  if (verb === "update") return { name: "case-update", ref, statuses };
  return noChannel ? { name: "case-open", ref, statuses, noChannel } : { name: "case-open", ref, statuses };
}

/**
 * `--status a,b`, `--statuses a b`, or the statuses on their own: all mean the same. When
 * opening, `--no-channel` confirms opening the case without this channel.
 */
function takeStatuses(w: Words, example: string, opening: boolean): { statuses: CaseStatus[]; noChannel: boolean } {
  let noChannel = false;
  const words: Token[] = [];
  while (!w.done()) {
    const token = w.next() as Token;
    if (!isOption(token)) {
      words.push(token);
      continue;
    }
    const option = readOption(token);
    if (opening && option.name === "no-channel" && option.inline === null) {
      noChannel = true;
      continue;
    }
    if (option.name !== "status" && option.name !== "statuses") {
      fail(`There is no option --${option.name} here; give the statuses with --status, e.g. ${example} --status early-help.`);
    }
    if (option.inline !== null) words.push(option.inline);
  }
  const statuses = new Set<CaseStatus>();
  for (const item of words.flatMap((t) => t.value.split(/[,\s]+/))) {
    const word = item.toLowerCase().replace(/_/g, "-");
    if (word === "" || word === "and" || word === "&") continue;
    const status = CASE_STATUSES.find((s) => s === word);
    if (status === undefined) {
      fail(`${quote(item)} is not a case status; the statuses are ${CASE_STATUSES.join(", ")}.`);
    }
    statuses.add(status);
  }
  if (statuses.size === 0) fail(`Give the case's statuses with --status, e.g. ${example} --status early-help.`);
  return { statuses: [...statuses], noChannel };
}

function parseTaf(w: Words, attempt: Attempt): CommandInputOf<"taf-add" | "taf-remove"> {
  const verb = takeVerb(w, attempt, "taf", ["add", "remove"]);
  const ref = takeRef(w);
  const person = takePerson(w, verb === "add" ? "the practitioner to add" : "the practitioner to remove");
  expectEnd(w);
  return { name: verb === "add" ? "taf-add" : "taf-remove", ref, person };
}

function parseAccessChannel(w: Words, attempt: Attempt): CommandInputOf<"access-channel"> {
  takeVerb(w, attempt, "access", ["channel"]);
  expectEnd(w);
  return { name: "access-channel" };
}

function parseClose(w: Words): CommandInputOf<"close"> {
  const ref = takeRef(w);
  return { name: "close", ref, reason: freeText(w.rest()) };
}

export const caseCommands = commandFamily<"case-open" | "case-status" | "case-update" | "case-link" | "access-channel" | "taf-add" | "taf-remove" | "close">({
  words: [
    { word: "case", parse: parseCase },
    { word: "access", parse: parseAccessChannel },
    { word: "taf", aliases: ["tac"], parse: parseTaf },
    { word: "close", parse: parseClose },
  ],
  usage: [
    {
      command: "case open",
      usage: "case open <ref> --status <status>[,<status>…] [--no-channel]",
      summary: "Open a case with one or more statuses, e.g. --status early-help; it takes this channel as its own. --no-channel opens it without one (when this channel already serves another case).",
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
    { command: "close", usage: "close <ref> [reason]", summary: "Recommend closing the case; the TAF confirms it by vote." },
  ],
  usageOf: {
    "case-open": "case open",
    "case-status": "case status",
    "case-update": "case update",
    "case-link": "case link",
    "access-channel": "access channel",
    "taf-add": "taf add",
    "taf-remove": "taf remove",
    close: "close",
  },
});
