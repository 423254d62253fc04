// Reviews: setting the next date and recording an outcome.
import { REVIEW_OUTCOMES } from "../domain/types.js";
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { parseDate } from "./dates.js";
import { fail, type Attempt } from "./parse-failure.js";
import { pickChoice, takeRef, takeVerb } from "./readers.js";
import { actionNumberOf } from "./plan-commands.js";
import { lower, type Token, type Words } from "./words.js";

const OUTCOME_ALIASES: ReadonlyMap<string, (typeof REVIEW_OUTCOMES)[number]> = new Map([
  ["close", "closure"],
  ["recommend-closure", "closure"],
]);

function parseReview(w: Words, attempt: Attempt): CommandInputOf<"review-set" | "review-done"> {
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
  const rest = w.rest();
  // "carry 1 3" and "drop 2" come after the date, if any: no date form has either word.
  const cut = rest.findIndex((t) => PLAN_WORDS.includes(lower(t)));
  const dateWords = cut === -1 ? rest : rest.slice(0, cut);
  const plan = cut === -1 ? {} : parsePlanChanges(rest.slice(cut), ref);
  // "next friday" after the outcome reads as "next: friday"; "next next friday" skips a week.
  let words = dateWords;
  if (lower(words[0]) === "next") {
    words = words.slice(lower(words[1]) === "review" ? 2 : 1);
    if (words.length === 0) fail(`Add the next review date after "next", e.g. next 2026-12-01.`);
  }
  return words.length === 0 ? { name: "review-done", ref, outcome, ...plan } : { name: "review-done", ref, outcome, next: parseDate(words), ...plan };
}

const PLAN_WORDS = ["carry", "drop"];

/** "carry 1 3 drop 2", "carry all", "drop 2,4": which open actions the review carries forward or drops. */
function parsePlanChanges(tokens: readonly Token[], ref: string): { carry?: number[] | "all"; drop?: number[] } {
  const lists: Record<string, string[]> = {};
  let current: string | null = null;
  for (const t of tokens) {
    const word = lower(t);
    if (PLAN_WORDS.includes(word)) {
      if (lists[word]) fail(`Say ${word} once, with every action number after it, e.g. ${word} 1 3.`);
      current = word;
      lists[word] = [];
      continue;
    }
    lists[current!]!.push(...t.value.split(",").filter((part) => part !== ""));
  }
  const numbers = (word: string): number[] => {
    const items = lists[word]!;
    if (items.length === 0) fail(`Which actions does the review ${word}? Give their numbers, e.g. ${word} 1 3 (\`plan ${ref}\` lists them).`);
    return [...new Set(items.map((item) => actionNumberOf(item, item, ref)))];
  };
  const carryAll = lists.carry?.length === 1 && lists.carry[0]!.toLowerCase() === "all";
  const carry = lists.carry ? (carryAll ? ("all" as const) : numbers("carry")) : undefined;
  const drop = lists.drop ? numbers("drop") : undefined;
  if (Array.isArray(carry) && drop?.some((n) => carry.includes(n))) fail("An action can be carried forward or dropped, not both.");
  return { ...(carry ? { carry } : {}), ...(drop ? { drop } : {}) };
}

export const reviewCommands = commandFamily<"review-set" | "review-done">({
  words: [{ word: "review", parse: parseReview }],
  usage: [
    { command: "review set", usage: "review set <ref> <date>", summary: "Set the date of the case's next review." },
    {
      command: "review done",
      usage: "review done <ref> continue|step-up|step-down|closure [next <date>] [carry <n…>|all] [drop <n…>]",
      summary: "Record a review's outcome, optionally the next review date, and which open actions it carries forward or drops.",
    },
  ],
  usageOf: { "review-set": "review set", "review-done": "review done" },
});
