// Contact with the family: recording a check-in, and how often the lead professional plans one.
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { fail, type Attempt } from "./parse-failure.js";
import { takeRef } from "./readers.js";
import { expectEnd, freeText, lower, quote, type Words } from "./words.js";

/** As the domain's schema allows: weekly up to once a quarter. */
const MIN_WEEKS = 1;
const MAX_WEEKS = 12;
const NOTE_MAX = 300;

function parseContact(w: Words, attempt: Attempt): CommandInputOf<"contact" | "contact-every"> {
  if (lower(w.peek()) === "every") {
    w.skip(1);
    attempt.usage = "contact every";
    return parseCadence(w);
  }
  attempt.usage = "contact";
  const ref = takeRef(w);
  const note = freeText(w.rest());
  const length = Array.from(note).length;
  if (length > NOTE_MAX) fail(`A contact note can be at most ${NOTE_MAX} characters (yours has ${length}). Keep it short: the detail belongs in the case record.`);
  return { name: "contact", ref, note };
}

/** `contact every <ref> <n> weeks`, `… week`, `… 1 week`, or `… off`. */
function parseCadence(w: Words): CommandInputOf<"contact-every"> {
  const ref = takeRef(w);
  const example = `e.g. contact every ${ref} 2 weeks, or contact every ${ref} off`;
  const token = w.next();
  if (token === undefined) fail(`How often? Say a number of weeks from ${MIN_WEEKS} to ${MAX_WEEKS}, ${example}.`);
  const word = lower(token);
  if (word === "off" || word === "none" || word === "stop") {
    expectEnd(w);
    return { name: "contact-every", ref, everyWeeks: null };
  }
  if (word === "week") {
    expectEnd(w);
    return { name: "contact-every", ref, everyWeeks: 1 };
  }
  if (!/^\d+$/.test(word)) fail(`${quote(token.raw)} is not a number of weeks: say how many weeks from ${MIN_WEEKS} to ${MAX_WEEKS}, ${example}.`);
  const n = Number(word);
  if (n < MIN_WEEKS || n > MAX_WEEKS) fail(`Contact can be planned every ${MIN_WEEKS} to ${MAX_WEEKS} weeks, not ${n}: ${example}.`);
  const unit = w.next();
  if (unit !== undefined && !["week", "weeks", "wk", "wks"].includes(lower(unit))) {
    fail(`The cadence is counted in weeks, so ${quote(unit.raw)} is not understood: ${example}.`);
  }
  expectEnd(w);
  return { name: "contact-every", ref, everyWeeks: n };
}

export const contactCommands = commandFamily<"contact" | "contact-every">({
  words: [{ word: "contact", parse: parseContact }],
  usage: [
    {
      command: "contact",
      usage: "contact <ref> [note]",
      summary: "The lead professional records a check-in with the family (a short note is optional).",
    },
    {
      command: "contact every",
      usage: "contact every <ref> <n> weeks|off",
      summary: "The lead professional (or the access team) plans a check-in every 1 to 12 weeks; a missed one nudges the lead.",
    },
  ],
  usageOf: { contact: "contact", "contact-every": "contact every" },
});
