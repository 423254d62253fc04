// The shape of one command family's spec: the first words that start its commands and how to
// read the rest, the usage line and summary of each subcommand, and the line a refusal of each
// of its domain commands shows. The grammar is the list of these (command-families.ts).
import type { z } from "zod";
import type { command, CommandName } from "../domain/commands.js";
import type { Attempt } from "./parse-failure.js";
import type { Words } from "./words.js";

/** What a parser builds; the domain's schema validates it (and fills defaults) afterwards. */
export type CommandInput = z.input<typeof command>;
export type CommandInputOf<N extends CommandName> = Extract<CommandInput, { name: N }>;

/**
 * One subcommand as typed and as help shows it. Lines start without the slash: Slack shows them
 * after "/lead ", Teams after the bot mention.
 */
export interface UsageEntry {
  /** The subcommand as typed, e.g. "propose", "case open", "review done". */
  command: string;
  usage: string;
  summary: string;
}

/** Reads the words after the first one; throws a ParseError (see fail) when it cannot. */
export type Parser<N extends CommandName> = (w: Words, attempt: Attempt) => CommandInputOf<N>;

export interface FirstWord<N extends CommandName> {
  /** As typed, lower case; also the usage key shown while the rest is not read yet. */
  word: string;
  /** Other spellings people type for the same word; help topics accept them too. */
  aliases?: readonly string[];
  parse: Parser<N>;
}

export interface CommandFamily<N extends CommandName> {
  words: readonly FirstWord<N>[];
  /** In the order help lists them. */
  usage: readonly UsageEntry[];
  /** For each of the family's domain commands, the usage key ("case open", or a first word for all its lines) its refusals show. */
  usageOf: Record<N, string>;
}

/** Any family, as the grammar holds them side by side. */
export interface AnyCommandFamily {
  words: readonly { word: string; aliases?: readonly string[]; parse: (w: Words, attempt: Attempt) => CommandInput }[];
  usage: readonly UsageEntry[];
  usageOf: Partial<Record<CommandName, string>>;
}
export type AnyFirstWord = AnyCommandFamily["words"][number];

/** Declares a family, so its parsers can only build its own commands. */
export function commandFamily<N extends CommandName>(spec: CommandFamily<N>): CommandFamily<N> {
  return spec;
}
