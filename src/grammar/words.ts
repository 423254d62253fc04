// Words as typed: tokens (quotes and Slack mention spans kept whole), a cursor over them, and
// the small readers every subcommand shares (options, free text, the end of the command).
import { fail } from "./parse-failure.js";

export interface Token {
  /** The word with its quotes removed. */
  value: string;
  /** The word as typed, quotes included: free-text reasons keep what the user wrote. */
  raw: string;
}

// Phones and Macs turn "straight" quotes into curly ones as people type.
const QUOTES = new Set(['"', "\u201C", "\u201D", "\u201E"]);
const CLOSING_QUOTES = new Set(['"', "\u201C", "\u201D"]);
const SPACE = /\s/;

export function clean(text: string): string {
  return (
    text
      // Zero-width characters arrive with copied text and would glue or split words invisibly.
      .replace(/[\u200B-\u200D\u2060\uFEFF]/g, "")
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, " ")
  );
}

/**
 * Splits on whitespace. A quoted stretch is part of one word (so `--name "Sam Patel"` is two
 * words), as is a Slack `<@U1|sam patel>` span whose label may contain spaces. A quote that is
 * never closed is an ordinary character, so a stray inch mark in a reason does no harm.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && SPACE.test(text.charAt(i))) i++;
    if (i >= text.length) break;
    const start = i;
    let value = "";
    while (i < text.length && !SPACE.test(text.charAt(i))) {
      const ch = text.charAt(i);
      if (QUOTES.has(ch)) {
        const close = indexOfClosingQuote(text, i + 1);
        if (close !== -1) {
          value += text.slice(i + 1, close);
          i = close + 1;
          continue;
        }
      } else if (ch === "<" && /[@#!a-z]/i.test(text.charAt(i + 1))) {
        const close = text.indexOf(">", i + 1);
        const inner = close === -1 ? "" : text.slice(i + 1, close);
        if (close !== -1 && close - i <= 256 && !/[<\n]/.test(inner)) {
          value += text.slice(i, close + 1);
          i = close + 1;
          continue;
        }
      }
      value += ch;
      i++;
    }
    tokens.push({ value, raw: text.slice(start, i) });
  }
  return tokens;
}

function indexOfClosingQuote(text: string, from: number): number {
  for (let j = from; j < text.length; j++) if (CLOSING_QUOTES.has(text.charAt(j))) return j;
  return -1;
}

/** Slack sends the text after "/lead"; Teams users often type "lead …" after the mention. */
export function stripPrefix(tokens: Token[]): Token[] {
  let i = 0;
  if (lower(tokens[i]) === "/lead") i++;
  if (lower(tokens[i]) === "lead") i++;
  return tokens.slice(i);
}

export function lower(token: Token | undefined): string {
  return token === undefined ? "" : token.value.toLowerCase();
}

export class Words {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  peek(ahead = 0): Token | undefined {
    return this.tokens[this.i + ahead];
  }
  next(): Token | undefined {
    const token = this.tokens[this.i];
    if (token !== undefined) this.i++;
    return token;
  }
  skip(n: number): void {
    this.i = Math.min(this.tokens.length, this.i + n);
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }
  rest(): Token[] {
    const rest = this.tokens.slice(this.i);
    this.i = this.tokens.length;
    return rest;
  }
  untilOption(): Token[] {
    const taken: Token[] = [];
    for (let t = this.peek(); t !== undefined && !isOption(t); t = this.peek()) taken.push(this.next() as Token);
    return taken;
  }
}

/** Quotes what the user typed inside an error message, short and unable to ping anyone. */
export function quote(typed: string): string {
  const flat = typed.replace(/\s+/g, " ").trim().replace(/</g, "\u2039").replace(/>/g, "\u203A");
  const chars = Array.from(flat);
  return `"${chars.length > 40 ? `${chars.slice(0, 39).join("")}…` : flat}"`;
}

export function typed(tokens: readonly Token[]): string {
  return tokens.map((t) => t.raw).join(" ");
}

/** A reason as typed; one fully quoted word loses its quotes, anything else is kept verbatim. */
export function freeText(tokens: readonly Token[]): string {
  const only = tokens.length === 1 ? tokens[0] : undefined;
  if (only !== undefined && QUOTES.has(only.raw.charAt(0)) && QUOTES.has(only.raw.charAt(only.raw.length - 1))) {
    return only.value;
  }
  return typed(tokens);
}

export function expectEnd(w: Words): void {
  if (!w.done()) fail(`I didn't expect ${quote(typed(w.rest()))} at the end of the command.`);
}

// Options: --name value, --name=value, and the em dash a Mac makes of "--".

export function isOption(token: Token): boolean {
  return /^(?:--|\u2014|\u2013)[a-z]/i.test(token.raw);
}

export interface Option {
  name: string;
  inline: Token | null;
}

export function readOption(token: Token): Option {
  const body = token.value.replace(/^(?:--|\u2014|\u2013)/, "");
  const eq = body.indexOf("=");
  const name = (eq === -1 ? body : body.slice(0, eq)).toLowerCase().replace(/_/g, "-");
  const inline = eq === -1 ? null : body.slice(eq + 1);
  return { name, inline: inline === null || inline === "" ? null : { value: inline, raw: inline } };
}

