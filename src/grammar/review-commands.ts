// Reviews: setting the next date and recording an outcome.
import { REVIEW_OUTCOMES } from "../domain/types.js";
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { parseDate } from "./dates.js";
import { fail, type Attempt } from "./parse-failure.js";
import { pickChoice, takeRef, takeVerb } from "./readers.js";
import { lower, type Words } from "./words.js";

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

export const reviewCommands = commandFamily<"review-set" | "review-done">({
  words: [{ word: "review", parse: parseReview }],
  usage: [
    { command: "review set", usage: "review set <ref> <date>", summary: "Set the date of the case's next review." },
    {
      command: "review done",
      usage: "review done <ref> continue|step-up|step-down|closure [next <date>]",
      summary: "Record a review's outcome and, optionally, the next review date.",
    },
  ],
  usageOf: { "review-set": "review set", "review-done": "review done" },
});
