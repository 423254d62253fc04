// Putting off a reminder.
import { SNOOZABLE_NUDGES } from "../domain/types.js";
import { commandFamily, type CommandInputOf } from "./command-family.js";
import { pickChoice, takeRef } from "./readers.js";
import { expectEnd, type Words } from "./words.js";

const NUDGE_ALIASES: ReadonlyMap<string, (typeof SNOOZABLE_NUDGES)[number]> = new Map([
  ["reviews", "review"],
  ["handovers", "handover"],
  ["hand-over", "handover"],
  ["action", "plan"],
  ["actions", "plan"],
]);

/** `snooze <ref> [review|handover|contact|plan]`: without a nudge named, the one last sent to the sender. */
function parseSnooze(w: Words): CommandInputOf<"snooze"> {
  const ref = takeRef(w);
  const token = w.next();
  if (token === undefined) return { name: "snooze", ref };
  const nudge = pickChoice(token, w, SNOOZABLE_NUDGES, NUDGE_ALIASES, "a nudge you can snooze");
  expectEnd(w);
  return { name: "snooze", ref, nudge };
}

export const nudgeCommands = commandFamily<"snooze">({
  words: [{ word: "snooze", parse: parseSnooze }],
  usage: [
    {
      command: "snooze",
      usage: "snooze <ref> [review|handover|contact|plan]",
      summary: "Have the review, handover or missed check-in reminder just sent to you come again one working day later (once per reminder).",
    },
  ],
  usageOf: { snooze: "snooze" },
});
