// Choosing the lead professional: proposing, voting, and a manager's override of the rules.
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { fail } from "./parse-failure.js";
import { readRef, skipLeadPhrase, takePerson, takeRef } from "./readers.js";
import { expectEnd, freeText, isOption, lower, quote, readOption, type Token, type Words } from "./words.js";

type FamilyInput = CommandInputOf<"propose">["family"];

function parsePropose(w: Words): CommandInputOf<"propose"> {
  const ref = takeRef(w);
  skipLeadPhrase(w);
  const nominee = takePerson(w, "the practitioner you propose");
  skipLeadPhrase(w);
  // The reason is every word that is not part of --family, wherever --family sits.
  const reason: Token[] = [];
  let family: FamilyInput;
  while (!w.done()) {
    const token = w.next() as Token;
    if (!isOption(token)) {
      reason.push(token);
      continue;
    }
    const option = readOption(token);
    if (option.name !== "family" && option.name !== "family-view") {
      fail(`propose has no option --${option.name}; it takes --family agrees, --family prefers @who or --family not-asked.`);
    }
    if (family !== undefined) fail("--family is given twice.");
    family = takeFamilyView(w, option.inline);
  }
  return { name: "propose", ref, nominee, reason: freeText(reason), ...(family ? { family } : {}) };
}

function takeFamilyView(w: Words, inline: Token | null): FamilyInput {
  const views = "agrees, prefers @who or not-asked";
  const token = inline ?? (w.peek() !== undefined && !isOption(w.peek() as Token) ? w.next() : undefined);
  if (token === undefined) fail(`--family needs the family's view: ${views}.`);
  const word = token.value.toLowerCase();
  if (word === "agrees" || word === "agree") return { kind: "agrees" };
  if (word === "prefers" || word === "prefer") {
    return { kind: "prefers", person: takePerson(w, "the practitioner the family prefers") };
  }
  if (["not-asked", "not-yet-asked", "notasked"].includes(word)) return { kind: "not-asked" };
  if (word === "not") {
    if (lower(w.peek()) === "yet") w.skip(1);
    if (lower(w.peek()) === "asked") {
      w.skip(1);
      return { kind: "not-asked" };
    }
  }
  fail(`${quote(token.raw)} is not a family view; use ${views}.`);
}

const VOTE_CHOICES = ["agree", "object", "abstain", "accept", "decline"] as const;

function parseVote(w: Words): CommandInputOf<"vote"> {
  const ways = "agree, object (with a reason), abstain, accept or decline";
  let choiceToken: Token | undefined;
  // "vote agree EH-2026-0042" reads as naturally as the documented order.
  if (VOTE_CHOICES.some((c) => c === lower(w.peek())) && readRef(w.peek(1)) !== null) choiceToken = w.next();
  const ref = takeRef(w);
  choiceToken ??= w.next();
  if (choiceToken === undefined) fail(`How do you vote? Say ${ways}.`);
  const word = lower(choiceToken);
  const choice = VOTE_CHOICES.find((c) => c === word);
  if (choice === undefined) fail(`${quote(choiceToken.raw)} is not a vote; say ${ways}.`);
  const reason = freeText(w.rest());
  if (choice === "object" && reason.trim() === "") {
    fail(`An objection needs a reason, e.g. vote ${ref} object <why>.`);
  }
  return { name: "vote", ref, choice, reason };
}

function parseOverride(w: Words): CommandInputOf<"override"> {
  const ref = takeRef(w);
  skipLeadPhrase(w);
  const person = takePerson(w, "the practitioner the exception is for");
  skipLeadPhrase(w);
  const reason = freeText(w.rest());
  if (reason.trim() === "") fail(`An override needs a reason on the record, e.g. override ${ref} @sam.patel <reason>.`);
  return { name: "override", ref, person, reason };
}

/** `remind <ref>`: the proposer or the LP nudges those still to vote on the open proposal. */
function parseRemind(w: Words): CommandInputOf<"remind"> {
  const ref = takeRef(w);
  expectEnd(w);
  return { name: "remind", ref };
}

export const allocationCommands = commandFamily<"propose" | "vote" | "remind" | "override">({
  words: [
    { word: "propose", parse: parsePropose },
    { word: "vote", parse: parseVote },
    { word: "remind", parse: parseRemind },
    { word: "override", parse: parseOverride },
  ],
  usage: [
    {
      command: "propose",
      usage: "propose <ref> @who [reason] [--family agrees|prefers @who|not-asked]",
      summary: "Propose a lead professional for the case; the TAF votes on it.",
    },
    {
      command: "vote",
      usage: "vote <ref> agree|object <reason>|abstain|accept|decline [reason]",
      summary: "Vote on the case's open proposal; the nominee accepts or declines instead. A vote can be changed until it closes.",
    },
    {
      command: "remind",
      usage: "remind <ref>",
      summary: "Proposer or lead professional: nudge the TAF members who have not voted yet (once every 4 hours).",
    },
    {
      command: "override",
      usage: "override <ref> @who <reason>",
      summary: "Record a manager's exception letting an agency, bank or supply worker lead this case.",
    },
  ],
  usageOf: { propose: "propose", vote: "vote", remind: "remind", override: "override" },
});
