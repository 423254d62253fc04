// The one command grammar shared by Slack and Teams: "/lead propose EH-2026-0042 @sam.patel …"
// becomes a domain command. Both adapters hand over plain text in which mentions look like
// Slack's `<@U0123ABC>` (the Teams adapter rewrites its <at> mentions first) and the bot's own
// mention is already gone.
//
// Parsing is total: whatever arrives, the caller gets ok/err, never an exception, because a
// throw here would surface as an apology with a correlation id instead of a fixable message.
// Internally helpers throw ParseError so that each subcommand reads top to bottom; the one
// entry point catches it. The result is always re-validated by the domain's zod schema.
//
// Each command family (the *-commands.ts files beside this one) owns its words, usage lines and
// parsers; this file finds the family from the first word and checks the result.
import { command as commandSchema, type Command } from "../domain/commands.js";
import { FIRST_WORDS } from "./command-families.js";
import type { CommandInput } from "./command-family.js";
import { fail, ParseError, type Attempt } from "./parse-failure.js";
import { readImportText } from "./practitioner-commands.js";
import { readRef } from "./readers.js";
import { closest } from "./spelling.js";
import { usageFor } from "./usage.js";
import { clean, quote, stripPrefix, tokenize, type Token, Words } from "./words.js";
import { describeIssue } from "./zod-issues.js";

export type ParseResult = { ok: true; command: Command } | { ok: false; error: string; usage: string | null };

/** Longer texts are refused before tokenising: no real command comes close. */
export const MAX_COMMAND_LENGTH = 2000;

export function parseCommandText(text: string): ParseResult {
  const attempt: Attempt = { usage: null };
  try {
    if (typeof text !== "string") return failure("I can only read a command typed as text.", null);
    const staffImport = readImportText(clean(text), attempt);
    if (staffImport !== null) return checked(staffImport, attempt);
    if (text.length > MAX_COMMAND_LENGTH) {
      probeUsage(text.slice(0, 300), attempt);
      return failure(
        `That command is ${text.length} characters long; the most I read is ${MAX_COMMAND_LENGTH}. Shorten it and try again.`,
        attempt.usage,
      );
    }
    return checked(parseWords(new Words(stripPrefix(tokenize(clean(text)))), attempt), attempt);
  } catch (err) {
    if (err instanceof ParseError) return failure(err.message, attempt.usage);
    return failure("I could not read that command. Type `help` to see the commands.", attempt.usage);
  }
}

function checked(candidate: CommandInput, attempt: Attempt): ParseResult {
  const result = commandSchema.safeParse(candidate);
  if (!result.success) return failure(describeIssue(result.error.issues[0]), attempt.usage);
  return { ok: true, command: result.data };
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

function parseWords(w: Words, attempt: Attempt): CommandInput {
  const first = w.next();
  if (first === undefined) return { name: "help" };
  const entry = FIRST_WORDS.get(first.value.toLowerCase());
  if (entry === undefined) return unknownCommand(first);
  attempt.usage = entry.word;
  return entry.parse(w, attempt);
}

function unknownCommand(first: Token): never {
  if (readRef(first) !== null) {
    fail("Start with what you want to do, then the case reference, e.g. case status EH-2026-0042. Type `help` to see the commands.");
  }
  const guess = closest(first.value.toLowerCase(), [...FIRST_WORDS.keys()]);
  const hint = guess === null ? "" : ` Did you mean \`${guess}\`?`;
  fail(`I don't know the command ${quote(first.raw)}.${hint} Type \`help\` to see the commands.`);
}
