// The usage lines of the one command grammar, gathered from the command families. Help views and
// parse errors both read them, so a usage line shown to the user is always the grammar the
// parser accepts.
import type { CommandName } from "../domain/commands.js";
import type { UsageEntry } from "./command-family.js";
import { COMMAND_FAMILIES, FIRST_WORDS, USAGE_KEYS } from "./command-families.js";

export type { UsageEntry } from "./command-family.js";

export const USAGE: readonly UsageEntry[] = COMMAND_FAMILIES.flatMap((f) => f.usage);

function normalise(command: string): string {
  const words = command.trim().toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  if (words[0] === "/lead") words.shift();
  if (words[0] === "lead" && words.length > 1) words.shift();
  const first = words[0];
  // Other words the parser accepts for the first word; help topics use the same spellings.
  if (first !== undefined) words[0] = FIRST_WORDS.get(first)?.word ?? first;
  return words.join(" ");
}

/**
 * The usage line of a subcommand ("case open"), or of every subcommand of a family ("case"),
 * one per line. Null when nothing matches.
 */
export function usageFor(command: string): string | null {
  if (typeof command !== "string") return null;
  const key = normalise(command);
  if (key.length === 0) return null;
  const exact = USAGE.find((e) => e.command === key);
  if (exact) return exact.usage;
  const family = USAGE.filter((e) => e.command.startsWith(`${key} `));
  return family.length > 0 ? family.map((e) => e.usage).join("\n") : null;
}

/** The usage line(s) a refusal of the command shows. */
export function usageOfCommand(name: CommandName): string | null {
  return usageFor(USAGE_KEYS[name]);
}
