// Parsers throw ParseError so that each subcommand reads top to bottom; the one entry point
// (parse-command-text.ts) catches it and answers ok/err, never an exception.

/** What the user is attempting, set by the parsers as soon as they know, so any error shows the right usage line. */
export interface Attempt {
  /** A key of the usage table ("case open") or a first word ("case"); null while unknown. */
  usage: string | null;
}

export class ParseError extends Error {}

export function fail(message: string): never {
  throw new ParseError(message);
}
