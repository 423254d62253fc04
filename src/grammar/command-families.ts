// The grammar: every command family, in the order help lists them. A domain command that no
// family parses fails to compile here, so the grammar cannot fall behind the domain.
import type { CommandName } from "../domain/commands.js";
import { allocationCommands } from "./allocation-commands.js";
import { caseCommands } from "./case-commands.js";
import { contactCommands } from "./contact-commands.js";
import type { AnyCommandFamily, AnyFirstWord, CommandFamily } from "./command-family.js";
import { escalationCommands } from "./escalation-commands.js";
import { generalCommands } from "./general-commands.js";
import { handoverCommands } from "./handover-commands.js";
import { nudgeCommands } from "./nudge-commands.js";
import { planCommands } from "./plan-commands.js";
import { oversightCommands } from "./oversight-commands.js";
import { practitionerCommands } from "./practitioner-commands.js";
import { reviewCommands } from "./review-commands.js";

const FAMILIES = [
  generalCommands,
  caseCommands,
  allocationCommands,
  reviewCommands,
  planCommands,
  contactCommands,
  handoverCommands,
  escalationCommands,
  nudgeCommands,
  oversightCommands,
  practitionerCommands,
] as const;

type NamesOf<F> = F extends CommandFamily<infer N> ? N : never;
type Parsed = NamesOf<(typeof FAMILIES)[number]>;
const everyCommandParsed: [Exclude<CommandName, Parsed>] extends [never] ? true : Exclude<CommandName, Parsed> = true;
void everyCommandParsed;

export const COMMAND_FAMILIES: readonly AnyCommandFamily[] = FAMILIES;

/** Every first word and alias, in the grammar's order; "did you mean" picks from these. */
export const FIRST_WORDS: ReadonlyMap<string, AnyFirstWord> = new Map(
  COMMAND_FAMILIES.flatMap((f) => f.words.flatMap((w) => [w.word, ...(w.aliases ?? [])].map((spelling) => [spelling, w] as const))),
);

/** The usage key a refusal of each domain command shows. */
export const USAGE_KEYS = Object.assign({}, ...COMMAND_FAMILIES.map((f) => f.usageOf)) as Record<CommandName, string>;
