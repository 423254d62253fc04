// The plan: the actions the Team Around the Family agreed, their owners and due dates [DOMAIN §11].
import type { DateExpr } from "../domain/commands.js";
import { MAX_ACTION_TEXT } from "../domain/plan/plan-rules.js";
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { parseDate } from "./dates.js";
import { fail, ParseError, type Attempt } from "./parse-failure.js";
import { readPerson, readRef, takeRef } from "./readers.js";
import { freeText, lower, quote, type Token, type Words } from "./words.js";

/** The longest date people type: "in 10 working days", "next friday", "1 December 2026". */
const LONGEST_DATE = 4;

type PlanName = "plan" | "plan-add" | "plan-done" | "plan-drop" | "plan-move";

function parsePlan(w: Words, attempt: Attempt): CommandInputOf<PlanName> {
  const first = w.peek();
  // `plan EH-2026-0042` shows the plan; anything else is a verb.
  if (first === undefined || readRef(first) !== null) {
    attempt.usage = "plan";
    const ref = takeRef(w);
    if (!w.done()) fail(`To change the plan say what to do first, e.g. plan add ${ref} @sam.patel …, plan done ${ref} 1.`);
    return { name: "plan", ref };
  }
  const verbs = ["add", "done", "drop", "move"];
  const verb = lower(w.next());
  if (!verbs.includes(verb)) fail(`${quote(`plan ${first.raw}`)} is not a command; use plan <ref>, plan add, plan done, plan drop or plan move.`);
  attempt.usage = `plan ${verb}`;
  const ref = takeRef(w);
  if (verb === "add") return parseAdd(w, ref);
  const n = takeNumber(w, ref);
  if (verb === "done") return { name: "plan-done", ref, n, note: limited(freeText(w.rest()), "A note") };
  if (verb === "drop") {
    const reason = limited(freeText(w.rest()), "A reason");
    if (reason.length === 0) fail(`Why is action ${n} dropped? Add a reason, e.g. plan drop ${ref} ${n} the family moved school.`);
    return { name: "plan-drop", ref, n, reason };
  }
  const rest = w.rest();
  if (rest.length === 0) fail(`Move action ${n} to when? Add the new date and a reason, e.g. plan move ${ref} ${n} 2026-12-18 waiting for a panel date.`);
  const { date, after } = leadingDate(rest);
  const reason = limited(freeText(after), "A reason");
  if (reason.length === 0) fail(`Why does action ${n} move? Add a reason after the date, e.g. plan move ${ref} ${n} ${firstWord(rest)} waiting for a panel date.`);
  return { name: "plan-move", ref, n, date, reason };
}

function parseAdd(w: Words, ref: string): CommandInputOf<"plan-add"> {
  const ownerToken = w.next();
  const example = `e.g. plan add ${ref} @sam.patel arrange a school meeting by friday`;
  if (ownerToken === undefined) fail(`Who will do it? Name the owner with @, or say family, ${example}.`);
  const person = readPerson(ownerToken);
  const owner = person !== null ? { kind: "person" as const, person } : lower(ownerToken) === "family" || lower(ownerToken) === "the-family" ? { kind: "family" as const } : null;
  if (owner === null) fail(`${quote(ownerToken.raw)} is not an owner: name a TAF member with @ or say family, ${example}.`);
  const words = w.rest();
  const { text, by } = trailingDate(words);
  const action = limited(freeText(text), "An action");
  if (action.length === 0) fail(`What was agreed? Add the action after the owner, ${example}.`);
  return by === undefined ? { name: "plan-add", ref, owner, text: action } : { name: "plan-add", ref, owner, text: action, by };
}

function takeNumber(w: Words, ref: string): number {
  const token = w.next();
  if (token === undefined) fail(`Which action? Give its number from the plan card (\`plan ${ref}\` lists them).`);
  return actionNumberOf(token.value, token.raw, ref);
}

/** An action number as typed ("3", "#3"), or the refusal; `raw` is how the reply repeats it. */
export function actionNumberOf(value: string, raw: string, ref: string): number {
  const digits = value.replace(/^#/, "");
  if (!/^\d{1,4}$/.test(digits) || Number(digits) === 0) fail(`${quote(raw)} is not an action number; the plan card numbers them 1, 2, 3… (\`plan ${ref}\`).`);
  return Number(digits);
}

/** Free text of a plan command, refused over MAX_ACTION_TEXT characters; `what` names it in the reply. */
export function limited(text: string, what: string): string {
  const length = Array.from(text).length;
  if (length > MAX_ACTION_TEXT) fail(`${what} can be at most ${MAX_ACTION_TEXT} characters (yours has ${length}). Keep it short: the detail belongs in the case record.`);
  return text;
}

/** The first word as typed, to repeat it in an example. */
const firstWord = (tokens: readonly Token[]) => tokens[0]?.raw ?? "";

/** Reads the date only when the words are one; null otherwise. */
function dateOf(tokens: readonly Token[]): DateExpr | null {
  try {
    return parseDate(tokens);
  } catch (error) {
    if (error instanceof ParseError) return null;
    throw error;
  }
}

/** "… by friday": the last "by" whose words after it are a date ends the text. */
function trailingDate(words: readonly Token[]): { text: Token[]; by?: DateExpr } {
  for (let i = words.length - 2; i >= 0; i--) {
    if (lower(words[i]) !== "by") continue;
    const after = words.slice(i + 1);
    if (after.length > LONGEST_DATE) continue;
    const by = dateOf(after);
    // "meet by the school gate" is text; the reply names the due date it got, so a misspelt date shows.
    if (by !== null) return { text: words.slice(0, i), by };
  }
  return { text: [...words] };
}

/** "2026-12-18 waiting for a panel date": the longest start that is a date, then the reason. */
function leadingDate(words: readonly Token[]): { date: DateExpr; after: Token[] } {
  for (let k = Math.min(LONGEST_DATE, words.length); k >= 1; k--) {
    const date = dateOf(words.slice(0, k));
    if (date !== null) return { date, after: words.slice(k) };
  }
  return { date: parseDate(words.slice(0, 1)), after: [] };
}

export const planCommands = commandFamily<PlanName>({
  words: [{ word: "plan", parse: parsePlan }],
  usage: [
    { command: "plan", usage: "plan <ref>", summary: "The case's plan: open, overdue and done actions, and who owns what." },
    {
      command: "plan add",
      usage: "plan add <ref> @owner|family <action> [by <date>]",
      summary: "Add an action the Team Around the Family agreed (due at the next review when no date is given).",
    },
    { command: "plan done", usage: "plan done <ref> <n> [note]", summary: "Mark action n done (its owner, their line manager or the lead professional)." },
    { command: "plan drop", usage: "plan drop <ref> <n> <reason>", summary: "Drop action n, saying why." },
    { command: "plan move", usage: "plan move <ref> <n> <date> <reason>", summary: "Move action n's due date, saying why." },
  ],
  usageOf: { plan: "plan", "plan-add": "plan add", "plan-done": "plan done", "plan-drop": "plan drop", "plan-move": "plan move" },
});
