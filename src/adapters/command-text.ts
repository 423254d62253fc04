// The one command grammar shared by Slack and Teams: "/lead propose EH-2026-0042 @sam.patel …"
// becomes a domain command. Both adapters hand over plain text in which mentions look like
// Slack's `<@U0123ABC>` (the Teams adapter rewrites its <at> mentions first) and the bot's own
// mention is already gone.
//
// Parsing is total: whatever arrives, the caller gets ok/err, never an exception, because a
// throw here would surface as an apology with a correlation id instead of a fixable message.
// Internally helpers throw ParseError so that each subcommand reads top to bottom; the one
// entry point catches it. The result is always re-validated by the domain's zod schema.
import type { z } from "zod";
import {
  CASE_REFERENCE,
  command as commandSchema,
  type Command,
  type DateExpr,
  type PersonRef,
  type practitionerFields,
} from "../domain/commands.js";
import {
  AVAILABILITIES,
  CASE_STATUSES,
  EMPLOYMENT_TYPES,
  HANDOVER_TRIGGERS,
  REVIEW_OUTCOMES,
  ROLES,
  SNOOZABLE_NUDGES,
} from "../domain/types.js";
import { usageFor } from "./command-usage.js";

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; usage: string | null };

/** Longer texts are refused before tokenising: no real command comes close. */
export const MAX_COMMAND_LENGTH = 2000;

type CommandInput = z.input<typeof commandSchema>;
type FieldsInput = z.input<typeof practitionerFields>;
type FamilyInput = Extract<CommandInput, { name: "propose" }>["family"];
type CaseStatus = (typeof CASE_STATUSES)[number];

export function parseCommandText(text: string): ParseResult {
  // Set by the parsers as soon as they know what the user is attempting, so that any error,
  // however deep, comes back with the right usage line.
  const attempt: Attempt = { usage: null };
  try {
    if (typeof text !== "string") return failure("I can only read a command typed as text.", null);
    if (text.length > MAX_COMMAND_LENGTH) {
      probeUsage(text.slice(0, 300), attempt);
      return failure(
        `That command is ${text.length} characters long; the most I read is ${MAX_COMMAND_LENGTH}. Shorten it and try again.`,
        attempt.usage,
      );
    }
    const candidate = parseWords(new Words(stripPrefix(tokenize(clean(text)))), attempt);
    const checked = commandSchema.safeParse(candidate);
    if (!checked.success) return failure(describeIssue(checked.error.issues[0]), attempt.usage);
    return { ok: true, command: checked.data };
  } catch (err) {
    if (err instanceof ParseError) return failure(err.message, attempt.usage);
    return failure("I could not read that command. Type `help` to see the commands.", attempt.usage);
  }
}

interface Attempt {
  /** A key of the usage table ("case open") or a family ("case"); null while unknown. */
  usage: string | null;
}

class ParseError extends Error {}

function fail(message: string): never {
  throw new ParseError(message);
}

function failure(error: string, usageKey: string | null): ParseResult {
  return { ok: false, error, usage: usageKey === null ? null : usageFor(usageKey) };
}

function probeUsage(text: string, attempt: Attempt): void {
  try {
    parseWords(new Words(stripPrefix(tokenize(clean(text)))), attempt);
  } catch {
    // Only the usage key it set on the way matters.
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens

interface Token {
  /** The word with its quotes removed. */
  value: string;
  /** The word as typed, quotes included: free-text reasons keep what the user wrote. */
  raw: string;
}

// Phones and Macs turn "straight" quotes into curly ones as people type.
const QUOTES = new Set(['"', "\u201C", "\u201D", "\u201E"]);
const CLOSING_QUOTES = new Set(['"', "\u201C", "\u201D"]);
const SPACE = /\s/;

function clean(text: string): string {
  return (
    text
      // Zero-width characters arrive with copied text and would glue or split words invisibly.
      .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, " ")
  );
}

/**
 * Splits on whitespace. A quoted stretch is part of one word (so `--name "Sam Patel"` is two
 * words), as is a Slack `<@U1|sam patel>` span whose label may contain spaces. A quote that is
 * never closed is an ordinary character, so a stray inch mark in a reason does no harm.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && SPACE.test(text.charAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    let value = "";
    while (i < text.length && !SPACE.test(text.charAt(i))) {
      const ch = text.charAt(i);
      if (QUOTES.has(ch)) {
        const close = indexOfClosingQuote(text, i + 1);
        if (close !== -1) {
          value += text.slice(i + 1, close);
          i = close + 1;
          continue;
        }
      } else if (ch === "<" && /[@#!a-z]/i.test(text.charAt(i + 1))) {
        const close = text.indexOf(">", i + 1);
        const inner = close === -1 ? "" : text.slice(i + 1, close);
        if (close !== -1 && close - i <= 256 && !/[<\n]/.test(inner)) {
          value += text.slice(i, close + 1);
          i = close + 1;
          continue;
        }
      }
      value += ch;
      i++;
    }
    tokens.push({ value, raw: text.slice(start, i) });
  }
  return tokens;
}

function indexOfClosingQuote(text: string, from: number): number {
  for (let j = from; j < text.length; j++) if (CLOSING_QUOTES.has(text.charAt(j))) return j;
  return -1;
}

/** Slack sends the text after "/lead"; Teams users often type "lead …" after the mention. */
function stripPrefix(tokens: Token[]): Token[] {
  let i = 0;
  if (lower(tokens[i]) === "/lead") i++;
  if (lower(tokens[i]) === "lead") i++;
  return tokens.slice(i);
}

function lower(token: Token | undefined): string {
  return token === undefined ? "" : token.value.toLowerCase();
}

class Words {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  peek(ahead = 0): Token | undefined {
    return this.tokens[this.i + ahead];
  }
  next(): Token | undefined {
    const token = this.tokens[this.i];
    if (token !== undefined) this.i++;
    return token;
  }
  skip(n: number): void {
    this.i = Math.min(this.tokens.length, this.i + n);
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }
  rest(): Token[] {
    const rest = this.tokens.slice(this.i);
    this.i = this.tokens.length;
    return rest;
  }
  untilOption(): Token[] {
    const taken: Token[] = [];
    for (let t = this.peek(); t !== undefined && !isOption(t); t = this.peek()) taken.push(this.next() as Token);
    return taken;
  }
}

/** Quotes what the user typed inside an error message, short and unable to ping anyone. */
function quote(typed: string): string {
  const flat = typed.replace(/\s+/g, " ").trim().replace(/</g, "\u2039").replace(/>/g, "\u203A");
  const chars = Array.from(flat);
  return `"${chars.length > 40 ? `${chars.slice(0, 39).join("")}…` : flat}"`;
}

function typed(tokens: readonly Token[]): string {
  return tokens.map((t) => t.raw).join(" ");
}

/** A reason as typed; one fully quoted word loses its quotes, anything else is kept verbatim. */
function freeText(tokens: readonly Token[]): string {
  const only = tokens.length === 1 ? tokens[0] : undefined;
  if (only !== undefined && QUOTES.has(only.raw.charAt(0)) && QUOTES.has(only.raw.charAt(only.raw.length - 1))) {
    return only.value;
  }
  return typed(tokens);
}

function expectEnd(w: Words): void {
  if (!w.done()) fail(`I didn't expect ${quote(typed(w.rest()))} at the end of the command.`);
}

// ---------------------------------------------------------------------------------------------
// Options: --name value, --name=value, and the em dash a Mac makes of "--".

function isOption(token: Token): boolean {
  return /^(?:--|\u2014|\u2013)[a-z]/i.test(token.raw);
}

interface Option {
  name: string;
  inline: Token | null;
}

function readOption(token: Token): Option {
  const body = token.value.replace(/^(?:--|\u2014|\u2013)/, "");
  const eq = body.indexOf("=");
  const name = (eq === -1 ? body : body.slice(0, eq)).toLowerCase().replace(/_/g, "-");
  const inline = eq === -1 ? null : body.slice(eq + 1);
  return { name, inline: inline === null || inline === "" ? null : { value: inline, raw: inline } };
}

// ---------------------------------------------------------------------------------------------
// Case references, people, lead-professional wording

function readRef(token: Token | undefined): string | null {
  if (token === undefined) return null;
  const ref = token.value.replace(/[.,;:]+$/, "").toUpperCase();
  return CASE_REFERENCE.test(ref) ? ref : null;
}

function takeRef(w: Words): string {
  const token = w.next();
  if (token === undefined) fail("Which case? Add the case reference, e.g. EH-2026-0042.");
  const ref = readRef(token);
  if (ref !== null) return ref;
  if (readPerson(token) !== null) {
    fail("That is a person, not a case reference: put the case reference first, e.g. EH-2026-0042.");
  }
  fail(`${quote(token.raw)} is not a case reference; one looks like EH-2026-0042.`);
}

const MENTION = /^<@([^\s|<>]+)(?:\|[^<>]*)?>$/;
const HANDLE = /^@([a-z0-9._-]+)$/i;

function readPerson(token: Token | undefined): PersonRef | null {
  if (token === undefined) return null;
  // Sentence punctuation after a name ("@sam.patel, who…") is not part of the handle.
  const word = token.value.replace(/[.,;:!?]+$/, "");
  const mention = MENTION.exec(word);
  if (mention?.[1] !== undefined) return { by: "chat-id", id: mention[1] };
  const handle = HANDLE.exec(word);
  if (handle?.[1] !== undefined) return { by: "handle", handle: handle[1].toLowerCase() };
  return null;
}

function takePerson(w: Words, who: string): PersonRef {
  const token = w.next();
  if (token === undefined) fail(`Who? Name ${who} with @, e.g. @sam.patel.`);
  const person = readPerson(token);
  if (person !== null) return person;
  if (token.value.startsWith("@")) {
    fail(
      `${quote(token.raw)} is not a handle I can read: name a person with @ and their handle ` +
        "(letters, digits, dots, dashes and underscores), e.g. @sam.patel.",
    );
  }
  fail(`${quote(token.raw)} is not a person: name a person with @, e.g. @sam.patel.`);
}

/**
 * "as lead professional", "as the lead practitioner", "as LP": the guidance uses both words and
 * people type either, so the phrase is allowed next to a person and carries no meaning.
 */
function skipLeadPhrase(w: Words): void {
  let n = 0;
  if (lower(w.peek(n)) === "as") n++;
  if (["the", "a"].includes(lower(w.peek(n)))) n++;
  if (lower(w.peek(n)) === "lp") n++;
  else if (lower(w.peek(n)) === "lead" && ["professional", "practitioner"].includes(lower(w.peek(n + 1)))) n += 2;
  else return;
  w.skip(n);
}

/** One word from a fixed list; `aliases` map other accepted spellings onto it. */
function pickChoice<T extends string>(
  token: Token,
  w: Words,
  choices: readonly T[],
  aliases: ReadonlyMap<string, T>,
  noun: string,
): T {
  const known = (word: string) => choices.some((c) => c === word) || aliases.has(word);
  const word = token.value.toLowerCase().replace(/_/g, "-");
  const found = choices.find((c) => c === word) ?? aliases.get(word);
  if (found !== undefined) return found;
  // "step up" or "long term sick": say how to write it rather than widen the grammar.
  for (const more of [1, 2]) {
    const following = Array.from({ length: more }, (_, k) => w.peek(k));
    if (following.some((t) => t === undefined)) break;
    const joined = [word, ...following.map(lower)].join("-");
    if (known(joined)) {
      fail(`Write ${quote(typed([token, ...(following as Token[])]))} as one word with hyphens: ${joined}.`);
    }
  }
  fail(`${quote(token.raw)} is not ${noun}; use one of ${choices.join(", ")}.`);
}

// ---------------------------------------------------------------------------------------------
// Dates

const MONTHS: ReadonlyMap<string, number> = new Map([
  ["jan", 1], ["january", 1], ["feb", 2], ["february", 2], ["mar", 3], ["march", 3],
  ["apr", 4], ["april", 4], ["may", 5], ["jun", 6], ["june", 6], ["jul", 7], ["july", 7],
  ["aug", 8], ["august", 8], ["sep", 9], ["sept", 9], ["september", 9], ["oct", 10], ["october", 10],
  ["nov", 11], ["november", 11], ["dec", 12], ["december", 12],
]);
const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ["monday", 1], ["mon", 1], ["tuesday", 2], ["tue", 2], ["tues", 2], ["wednesday", 3], ["wed", 3],
  ["thursday", 4], ["thu", 4], ["thur", 4], ["thurs", 4], ["friday", 5], ["fri", 5],
  ["saturday", 6], ["sat", 6], ["sunday", 7], ["sun", 7],
]);
const DATE_FORMS =
  "2026-12-01, 1/12/2026, 1 December 2026, today, tomorrow, friday, next friday, " +
  "in 3 days, in 2 weeks, in 1 month or in 10 working days";

/**
 * All the words given are one date. Day-first, as in the UK. A date without a year is refused:
 * the command carries no clock, and guessing the year near December goes wrong.
 */
function parseDate(tokens: readonly Token[]): DateExpr {
  const shown = quote(typed(tokens));
  const s = tokens
    .map((t) => t.value)
    .join(" ")
    .toLowerCase()
    .replace(/,/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^on /, "");
  const unreadable = (): never => fail(`${shown} is not a date I can read; try ${DATE_FORMS}.`);

  if (s === "today") return { kind: "today" };
  if (s === "tomorrow") return { kind: "tomorrow" };

  let m = /^(?:(this|next) )?([a-z]+)$/.exec(s);
  const weekday = WEEKDAYS.get(m?.[2] ?? "");
  if (m && weekday !== undefined) return { kind: "weekday", weekday, next: m[1] === "next" };

  m = /^in (\d{1,9}|a|an|one) (?:(working|business)[ -])?(day|week|month)s?$/.exec(s);
  if (m) {
    const amount = /^\d/.test(m[1] ?? "") ? Number(m[1]) : 1;
    if (amount > 3650) fail(`${shown} is too far ahead; use a number up to 3650.`);
    if (m[2] !== undefined && m[3] !== "day") fail(`${shown}: only days can be working days, e.g. in 10 working days.`);
    const unit = m[2] !== undefined ? "working-days" : m[3] === "week" ? "weeks" : m[3] === "month" ? "months" : "days";
    return { kind: "in", amount, unit };
  }

  m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return calendarDate(Number(m[1]), Number(m[2]), Number(m[3]), shown);

  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$/.exec(s);
  if (m) return calendarDate(fullYear(m[3] ?? ""), Number(m[2]), Number(m[1]), shown);

  // "1 December 2026", "1st of Dec 2026", and "December 1 2026" since the month word is unambiguous.
  m =
    /^(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?(?: (\d{4}))?$/.exec(s) ??
    /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?(?: (\d{4}))?$/.exec(s);
  if (m) {
    const dayFirst = /^\d/.test(m[1] ?? "");
    const month = MONTHS.get((dayFirst ? m[2] : m[1]) ?? "");
    const day = Number(dayFirst ? m[1] : m[2]);
    if (month === undefined) return unreadable();
    if (m[3] === undefined) fail(`${shown} has no year; add it, as in 1 December 2026.`);
    return calendarDate(Number(m[3]), month, day, shown);
  }
  return unreadable();
}

/** Two-digit years: 00–69 are this century, 70–99 the last (a DBS check from "03/05/98"). */
function fullYear(digits: string): number {
  const n = Number(digits);
  if (digits.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

function calendarDate(year: number, month: number, day: number, shown: string): DateExpr {
  if (year < 1900 || year > 2199) fail(`${shown} is not a date I can use: the year ${year} is out of range.`);
  if (month < 1 || month > 12) fail(`${shown} is not a real date: there is no month ${month}.`);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    fail(`${shown} is not a real date: ${MONTH_NAMES[month - 1]} ${year} has ${days} days.`);
  }
  const pad = (n: number) => String(n).padStart(2, "0");
  return { kind: "iso", date: `${year}-${pad(month)}-${pad(day)}` };
}

// ---------------------------------------------------------------------------------------------
// The subcommands

type Parser = (w: Words, attempt: Attempt) => CommandInput;

const COMMANDS: ReadonlyMap<string, { usage: string; parse: Parser }> = new Map([
  ["help", { usage: "help", parse: parseHelp }],
  ["whoami", { usage: "whoami", parse: parseWhoami }],
  ["case", { usage: "case", parse: parseCase }],
  ["taf", { usage: "taf", parse: parseTaf }],
  ["tac", { usage: "taf", parse: parseTaf }],
  ["propose", { usage: "propose", parse: parsePropose }],
  ["vote", { usage: "vote", parse: parseVote }],
  ["review", { usage: "review", parse: parseReview }],
  ["handover", { usage: "handover", parse: parseHandover }],
  ["escalate", { usage: "escalate", parse: parseEscalate }],
  ["resolve", { usage: "resolve", parse: parseResolve }],
  ["ack", { usage: "ack", parse: parseAcknowledge }],
  ["acknowledge", { usage: "ack", parse: parseAcknowledge }],
  ["snooze", { usage: "snooze", parse: parseSnooze }],
  ["close", { usage: "close", parse: parseClose }],
  ["override", { usage: "override", parse: parseOverride }],
  ["caseload", { usage: "caseload", parse: parseCaseload }],
  ["report", { usage: "report", parse: parseReport }],
  ["audit", { usage: "audit", parse: parseAudit }],
  ["practitioner", { usage: "practitioner", parse: parsePractitioner }],
  ["access", { usage: "access channel", parse: parseAccessChannel }],
  ["professional", { usage: "practitioner", parse: parsePractitioner }],
]);

function parseWords(w: Words, attempt: Attempt): CommandInput {
  const first = w.next();
  if (first === undefined) return { name: "help" };
  const entry = COMMANDS.get(first.value.toLowerCase());
  if (entry === undefined) return unknownCommand(first);
  attempt.usage = entry.usage;
  return entry.parse(w, attempt);
}

function unknownCommand(first: Token): never {
  if (readRef(first) !== null) {
    fail("Start with what you want to do, then the case reference, e.g. case status EH-2026-0042. Type `help` to see the commands.");
  }
  const guess = closest(first.value.toLowerCase(), [...COMMANDS.keys()]);
  const hint = guess === null ? "" : ` Did you mean \`${guess}\`?`;
  fail(`I don't know the command ${quote(first.raw)}.${hint} Type \`help\` to see the commands.`);
}

/** The family's next word, e.g. "open" after "case"; unknown or missing words list the choices. */
function takeVerb(w: Words, attempt: Attempt, family: string, verbs: readonly string[]): string {
  const choices = verbs.map((v) => `${family} ${v}`).join(", ").replace(/, ([^,]*)$/, " or $1");
  const token = w.next();
  if (token === undefined) fail(`${capitalise(family)} what? Use ${choices}.`);
  const verb = token.value.toLowerCase();
  if (!verbs.includes(verb)) fail(`${quote(`${family} ${token.raw}`)} is not a command; use ${choices}.`);
  attempt.usage = `${family} ${verb}`;
  return verb;
}

function parseHelp(w: Words): CommandInput {
  const topic = w
    .rest()
    .map((t) => t.value)
    .join(" ")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\/?lead(?: |$)/, "")
    .trim();
  return topic === "" ? { name: "help" } : { name: "help", topic };
}

function parseAccessChannel(w: Words, attempt: Attempt): CommandInput {
  takeVerb(w, attempt, "access", ["channel"]);
  expectEnd(w);
  return { name: "access-channel" };
}

function parseWhoami(w: Words): CommandInput {
  expectEnd(w);
  return { name: "whoami" };
}

function parseCase(w: Words, attempt: Attempt): CommandInput {
  const verb = takeVerb(w, attempt, "case", ["open", "status", "update", "link"]);
  const ref = takeRef(w);
  if (verb === "status" || verb === "link") {
    expectEnd(w);
    return verb === "status" ? { name: "case-status", ref } : { name: "case-link", ref };
  }
  const statuses = takeStatuses(w, `case ${verb} ${ref}`);
  return verb === "open" ? { name: "case-open", ref, statuses } : { name: "case-update", ref, statuses };
}

/** `--status a,b`, `--statuses a b`, or the statuses on their own: all mean the same. */
function takeStatuses(w: Words, example: string): CaseStatus[] {
  const words: Token[] = [];
  while (!w.done()) {
    const token = w.next() as Token;
    if (!isOption(token)) {
      words.push(token);
      continue;
    }
    const option = readOption(token);
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
  return [...statuses];
}

function parseTaf(w: Words, attempt: Attempt): CommandInput {
  const verb = takeVerb(w, attempt, "taf", ["add", "remove"]);
  const ref = takeRef(w);
  const person = takePerson(w, verb === "add" ? "the practitioner to add" : "the practitioner to remove");
  expectEnd(w);
  return { name: verb === "add" ? "taf-add" : "taf-remove", ref, person };
}

function parsePropose(w: Words): CommandInput {
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

function parseVote(w: Words): CommandInput {
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

const OUTCOME_ALIASES: ReadonlyMap<string, (typeof REVIEW_OUTCOMES)[number]> = new Map([
  ["close", "closure"],
  ["recommend-closure", "closure"],
]);

function parseReview(w: Words, attempt: Attempt): CommandInput {
  const verb = takeVerb(w, attempt, "review", ["set", "done"]);
  const ref = takeRef(w);
  if (verb === "set") {
    const words = w.rest();
    if (words.length === 0) fail(`When is the review? Add a date, e.g. review set ${ref} 2026-12-01.`);
    return { name: "review-set", ref, date: parseDate(words) };
  }
  const token = w.next();
  const outcomes = REVIEW_OUTCOMES.join(", ");
  if (token === undefined) fail(`What did the review decide? Say ${outcomes}.`);
  const outcome = pickChoice(token, w, REVIEW_OUTCOMES, OUTCOME_ALIASES, "a review outcome");
  // "next friday" after the outcome reads as "next: friday"; "next next friday" skips a week.
  if (lower(w.peek()) === "next") {
    w.skip(1);
    if (lower(w.peek()) === "review") w.skip(1);
    const words = w.rest();
    if (words.length === 0) fail(`Add the next review date after "next", e.g. next 2026-12-01.`);
    return { name: "review-done", ref, outcome, next: parseDate(words) };
  }
  const words = w.rest();
  return words.length === 0
    ? { name: "review-done", ref, outcome }
    : { name: "review-done", ref, outcome, next: parseDate(words) };
}

const TRIGGER_ALIASES: ReadonlyMap<string, (typeof HANDOVER_TRIGGERS)[number]> = new Map([
  ["sick", "long-term-sick"],
  ["left", "leaving"],
  ["leaves", "leaving"],
]);

function parseHandover(w: Words, attempt: Attempt): CommandInput {
  takeVerb(w, attempt, "handover", ["start"]);
  const ref = takeRef(w);
  const token = w.next();
  if (token === undefined) fail(`Why is the lead professional changing? Say ${HANDOVER_TRIGGERS.join(", ")}.`);
  const trigger = pickChoice(token, w, HANDOVER_TRIGGERS, TRIGGER_ALIASES, "a handover reason");
  const saidBy = lower(w.peek()) === "by";
  if (saidBy) w.skip(1);
  const words = w.rest();
  if (words.length > 0) return { name: "handover-start", ref, trigger, by: parseDate(words) };
  if (saidBy) fail(`Add the date after "by", e.g. by 2026-12-01.`);
  return { name: "handover-start", ref, trigger };
}

function parseEscalate(w: Words): CommandInput {
  const ref = takeRef(w);
  const reason = freeText(w.rest());
  if (reason.trim() === "") fail(`Say what the disagreement is about, e.g. escalate ${ref} <reason>.`);
  return { name: "escalate", ref, reason };
}

function parseResolve(w: Words, attempt: Attempt): CommandInput {
  const actions = ["appoint", "return"];
  // "resolve appoint EH-2026-0042 …" is accepted too: the decision is the word people lead with.
  let action = actions.includes(lower(w.peek())) ? lower(w.next()) : null;
  const ref = takeRef(w);
  if (action === null) {
    const token = w.next();
    if (token === undefined) fail(`How is it resolved? Say appoint @who <reason> or return <reason>.`);
    action = lower(token);
    if (!actions.includes(action)) {
      fail(`${quote(token.raw)} is not a way to resolve; say appoint @who <reason> or return <reason>.`);
    }
  }
  attempt.usage = `resolve ${action}`;
  if (action === "return") {
    const reason = freeText(w.rest());
    if (reason.trim() === "") fail(`Say why the case goes back to the TAF, e.g. resolve ${ref} return <reason>.`);
    return { name: "resolve-return", ref, reason };
  }
  skipLeadPhrase(w);
  const person = takePerson(w, "the practitioner you appoint");
  skipLeadPhrase(w);
  const reason = freeText(w.rest());
  if (reason.trim() === "") fail(`An appointment needs a reason on the record, e.g. resolve ${ref} appoint @sam.patel <reason>.`);
  return { name: "resolve-appoint", ref, person, reason };
}

function parseAcknowledge(w: Words): CommandInput {
  const ref = takeRef(w);
  expectEnd(w);
  return { name: "acknowledge", ref };
}

const NUDGE_ALIASES: ReadonlyMap<string, (typeof SNOOZABLE_NUDGES)[number]> = new Map([
  ["reviews", "review"],
  ["handovers", "handover"],
  ["hand-over", "handover"],
]);

/** `snooze <ref> [review|handover]`: without a nudge named, the sender's soonest one. */
function parseSnooze(w: Words): CommandInput {
  const ref = takeRef(w);
  const token = w.next();
  if (token === undefined) return { name: "snooze", ref };
  const nudge = pickChoice(token, w, SNOOZABLE_NUDGES, NUDGE_ALIASES, "a nudge you can snooze");
  expectEnd(w);
  return { name: "snooze", ref, nudge };
}

function parseClose(w: Words): CommandInput {
  const ref = takeRef(w);
  return { name: "close", ref, reason: freeText(w.rest()) };
}

function parseOverride(w: Words): CommandInput {
  const ref = takeRef(w);
  skipLeadPhrase(w);
  const person = takePerson(w, "the practitioner the exception is for");
  skipLeadPhrase(w);
  const reason = freeText(w.rest());
  if (reason.trim() === "") fail(`An override needs a reason on the record, e.g. override ${ref} @sam.patel <reason>.`);
  return { name: "override", ref, person, reason };
}

function parseCaseload(w: Words): CommandInput {
  if (w.done()) return { name: "caseload" };
  const person = takePerson(w, "whose caseload you want");
  expectEnd(w);
  return { name: "caseload", person };
}

/**
 * `report [from <date>] [to <date>]`, either part optional and in either order; each date is
 * every word up to the other keyword, so "from 1 November 2026 to 30 November 2026" reads.
 */
function parseReport(w: Words): CommandInput {
  const dates: { from?: Token[]; to?: Token[] } = {};
  let current: "from" | "to" | null = null;
  while (!w.done()) {
    const token = w.next() as Token;
    const word = lower(token);
    if (word === "from" || word === "to") {
      if (dates[word] !== undefined) fail(`"${word}" is given twice; say report from <date> to <date>.`);
      dates[word] = [];
      current = word;
      continue;
    }
    if (current === null) {
      fail(`Say which period: report from <date> to <date>, e.g. report from 2026-11-01 to 2026-11-30 (both optional).`);
    }
    dates[current]!.push(token);
  }
  const date = (key: "from" | "to") => {
    const words = dates[key];
    if (words === undefined) return {};
    if (words.length === 0) fail(`Add the date after "${key}", e.g. ${key} 2026-11-01.`);
    return { [key]: parseDate(words) };
  };
  return { name: "report", ...date("from"), ...date("to") };
}

function parseAudit(w: Words): CommandInput {
  const ref = takeRef(w);
  expectEnd(w);
  return { name: "audit", ref };
}

// ---------------------------------------------------------------------------------------------
// practitioner add / update

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

function parsePractitioner(w: Words, attempt: Attempt): CommandInput {
  const verb = takeVerb(w, attempt, "practitioner", ["add", "update"]);
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

// ---------------------------------------------------------------------------------------------
// Zod issues in plain words

type Issue = z.ZodError["issues"][number];

const FIELD_LABELS: ReadonlyMap<string, string> = new Map([
  ["ref", "the case reference"],
  ["reason", "the reason"],
  ["topic", "the help topic"],
  ["handle", "the handle"],
  ["id", "the mention"],
  ["name", "the name"],
  ["agency", "the agency"],
  ["capacity", "the capacity"],
  ["statuses", "the list of statuses"],
  ["date", "the date"],
  ["amount", "the number in the date"],
]);

function describeIssue(issue: Issue | undefined): string {
  if (issue === undefined) return "I could not read that command.";
  const key = [...issue.path].reverse().find((p): p is string => typeof p === "string") ?? "";
  const label = FIELD_LABELS.get(key) ?? `the ${key || "command"}`;
  switch (issue.code) {
    case "too_big":
      return issue.origin === "string"
        ? `${capitalise(label)} is too long: at most ${String(issue.maximum)} characters.`
        : `${capitalise(label)} must be at most ${String(issue.maximum)}.`;
    case "too_small":
      return issue.origin === "string" && Number(issue.minimum) <= 1
        ? `${capitalise(label)} is missing.`
        : `${capitalise(label)} must be at least ${String(issue.minimum)}.`;
    default:
      return `${capitalise(label)} is not valid: ${issue.message}.`;
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The nearest known word within two edits, to answer a typo with "did you mean". */
function closest(word: string, known: readonly string[]): string | null {
  if (word.length > 30) return null;
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
