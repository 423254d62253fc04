// Handing the lead professional role on.
import { HANDOVER_TRIGGERS } from "../domain/types.js";
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { parseDate } from "./dates.js";
import { fail, type Attempt } from "./parse-failure.js";
import { pickChoice, takeRef, takeVerb } from "./readers.js";
import { lower, type Words } from "./words.js";

const TRIGGER_ALIASES: ReadonlyMap<string, (typeof HANDOVER_TRIGGERS)[number]> = new Map([
  ["sick", "long-term-sick"],
  ["left", "leaving"],
  ["leaves", "leaving"],
]);

function parseHandover(w: Words, attempt: Attempt): CommandInputOf<"handover-start"> {
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

export const handoverCommands = commandFamily<"handover-start">({
  words: [{ word: "handover", parse: parseHandover }],
  usage: [
    {
      command: "handover start",
      usage:
        "handover start <ref> leaving|long-term-sick|work-complete|family-request|legal-proceedings|transition [by <date>]",
      summary: "Start handing the lead professional role on; the current lead stays until a successor is agreed.",
    },
  ],
  usageOf: { "handover-start": "handover start" },
});
