// Case references, people, fixed choices and a family's verbs, as the subcommands read them.
import { CASE_REFERENCE, type PersonRef } from "../domain/commands.js";
import { fail, type Attempt } from "./parse-failure.js";
import { capitalise } from "./spelling.js";
import { lower, quote, typed, type Token, type Words } from "./words.js";

export function readRef(token: Token | undefined): string | null {
  if (token === undefined) return null;
  const ref = token.value.replace(/[.,;:]+$/, "").toUpperCase();
  return CASE_REFERENCE.test(ref) ? ref : null;
}

export function takeRef(w: Words): string {
  const token = w.next();
  if (token === undefined) fail("Which case? Add the case reference, e.g. EH-2026-0042.");
  const ref = readRef(token);
  if (ref !== null) return ref;
  if (readPerson(token) !== null) {
    fail("That is a person, not a case reference: put the case reference first, e.g. EH-2026-0042.");
  }
  fail(`${quote(token.raw)} is not a case reference; one looks like EH-2026-0042.`);
}

const MENTION = /^<@([^\s|<>]+)(?:\|[^<>]*)?>$/;
const HANDLE = /^@([a-z0-9._-]+)$/i;

export function readPerson(token: Token | undefined): PersonRef | null {
  if (token === undefined) return null;
  // Sentence punctuation after a name ("@sam.patel, who…") is not part of the handle.
  const word = token.value.replace(/[.,;:!?]+$/, "");
  const mention = MENTION.exec(word);
  if (mention?.[1] !== undefined) return { by: "chat-id", id: mention[1] };
  const handle = HANDLE.exec(word);
  if (handle?.[1] !== undefined) return { by: "handle", handle: handle[1].toLowerCase() };
  return null;
}

export function takePerson(w: Words, who: string): PersonRef {
  const token = w.next();
  if (token === undefined) fail(`Who? Name ${who} with @, e.g. @sam.patel.`);
  const person = readPerson(token);
  if (person !== null) return person;
  if (token.value.startsWith("@")) {
    fail(
      `${quote(token.raw)} is not a handle I can read: name a person with @ and their handle ` +
        "(letters, digits, dots, dashes and underscores), e.g. @sam.patel.",
    );
  }
  fail(`${quote(token.raw)} is not a person: name a person with @, e.g. @sam.patel.`);
}

/**
 * "as lead professional", "as the lead practitioner", "as LP": the guidance uses both words and
 * people type either, so the phrase is allowed next to a person and carries no meaning.
 */
export function skipLeadPhrase(w: Words): void {
  let n = 0;
  if (lower(w.peek(n)) === "as") n++;
  if (["the", "a"].includes(lower(w.peek(n)))) n++;
  if (lower(w.peek(n)) === "lp") n++;
  else if (lower(w.peek(n)) === "lead" && ["professional", "practitioner"].includes(lower(w.peek(n + 1)))) n += 2;
  else return;
  w.skip(n);
}

/** One word from a fixed list; `aliases` map other accepted spellings onto it. */
export function pickChoice<T extends string>(
  token: Token,
  w: Words,
  choices: readonly T[],
  aliases: ReadonlyMap<string, T>,
  noun: string,
): T {
  const known = (word: string) => choices.some((c) => c === word) || aliases.has(word);
  const word = token.value.toLowerCase().replace(/_/g, "-");
  const found = choices.find((c) => c === word) ?? aliases.get(word);
  if (found !== undefined) return found;
  // "step up" or "long term sick": say how to write it rather than widen the grammar.
  for (const more of [1, 2]) {
    const following = Array.from({ length: more }, (_, k) => w.peek(k));
    if (following.some((t) => t === undefined)) break;
    const joined = [word, ...following.map(lower)].join("-");
    if (known(joined)) {
      fail(`Write ${quote(typed([token, ...(following as Token[])]))} as one word with hyphens: ${joined}.`);
    }
  }
  fail(`${quote(token.raw)} is not ${noun}; use one of ${choices.join(", ")}.`);
}


/** The family's next word, e.g. "open" after "case"; unknown or missing words list the choices. */
export function takeVerb(w: Words, attempt: Attempt, family: string, verbs: readonly string[]): string {
  const choices = verbs.map((v) => `${family} ${v}`).join(", ").replace(/, ([^,]*)$/, " or $1");
  const token = w.next();
  if (token === undefined) fail(`${capitalise(family)} what? Use ${choices}.`);
  const verb = token.value.toLowerCase();
  if (!verbs.includes(verb)) fail(`${quote(`${family} ${token.raw}`)} is not a command; use ${choices}.`);
  attempt.usage = `${family} ${verb}`;
  return verb;
}
