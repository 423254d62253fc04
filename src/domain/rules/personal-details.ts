// What in a practitioner's free text (a reason, a note, a review outcome, a plan action) looks like
// a child's personal details [DOMAIN §1, §10, §11]: a date of birth, a postcode, an NHS number, a
// phone number or an email address. Chat carries case references only, so such text is held and
// the person asked to take it out (or to say it is not a child's details). The checks lean
// towards asking: a false alarm costs one click, a leak cannot be taken back.
import { DateTime } from "luxon";

export type PersonalDetailKind = "date-of-birth" | "postcode" | "nhs-number" | "phone-number" | "email";

export interface PersonalDetailFinding {
  kind: PersonalDetailKind;
  /** What matched, for the person's own eyes only: never logged or posted. */
  match: string;
}

export const PERSONAL_DETAIL_LABEL: Record<PersonalDetailKind, string> = {
  "date-of-birth": "a date of birth",
  postcode: "a postcode",
  "nhs-number": "an NHS number",
  "phone-number": "a phone number",
  email: "an email address",
};

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

// UK postcodes (outward code, space optional, inward code), e.g. "M1 1AE", "SW1A 2AA", "wn11ab".
const POSTCODE = /\b(?:[A-Za-z][0-9]{1,2}|[A-Za-z][A-HJ-Ya-hj-y][0-9]{1,2}|[A-Za-z][0-9][A-Za-z]|[A-Za-z][A-HJ-Ya-hj-y][0-9][A-Za-z])\s?[0-9][A-Za-z]{2}\b/g;

// Ten digits, alone or grouped 3-3-4 with spaces or hyphens: how NHS numbers are written.
const NHS = /(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])/g;

// UK mobiles and landlines (07…, 01…, 02…, 03…, 08…) and +44 forms, with the usual spacing.
const PHONE = /(?<![\w+])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\d)/g;

const MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
// 14/02/2015, 14-2-15, 14.02.2015, 2015-02-14, 14 Feb 2015, 14th February 2015, February 14 2015.
const NUMERIC_DATE = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})\b/g;
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const WORDED_DATE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTHS})\\.?,?\\s+(\\d{4})\\b`, "gi");
const WORDED_DATE_US = new RegExp(`\\b(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, "gi");
const BIRTH_WORDS = /\b(?:d\.?o\.?b\.?|date of birth|born|birthday|b\.d\.)\b/i;

/** True when the ten digits pass the NHS number's modulus 11 check. */
export function isNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const sum = [...digits.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

function monthNumber(word: string): number {
  return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].indexOf(word.slice(0, 3).toLowerCase()) + 1;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

interface FoundDate {
  match: string;
  date: DateTime;
}

function datesIn(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  const push = (match: string, year: number, month: number, day: number) => {
    const date = DateTime.fromObject({ year, month, day }, { zone: "UTC" });
    if (date.isValid) found.push({ match, date });
  };
  for (const m of text.matchAll(ISO_DATE)) push(m[0], Number(m[1]), Number(m[2]), Number(m[3]));
  for (const m of text.matchAll(NUMERIC_DATE)) {
    if (/^\d{4}-/.test(m[0])) continue;
    // Day first: the British order.
    push(m[0], fullYear(m[3]!), Number(m[2]), Number(m[1]));
  }
  for (const m of text.matchAll(WORDED_DATE)) push(m[0], Number(m[3]), monthNumber(m[2]!), Number(m[1]));
  for (const m of text.matchAll(WORDED_DATE_US)) push(m[0], Number(m[3]), monthNumber(m[1]!), Number(m[2]));
  return found;
}

/**
 * What in `text` looks like a child's personal details. `today` is the deployment's calendar
 * date (YYYY-MM-DD): a full date at least a year before it (or any date beside words such as
 * "DOB" or "born") reads as a date of birth; dates of meetings and reviews are recent or ahead.
 */
export function findPersonalDetails(text: string, today: string): PersonalDetailFinding[] {
  const findings: PersonalDetailFinding[] = [];
  const seen = new Set<string>();
  const add = (kind: PersonalDetailKind, match: string) => {
    const key = `${kind}:${match}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push({ kind, match });
  };

  const emails = [...text.matchAll(EMAIL)].map((m) => m[0]);
  for (const e of emails) add("email", e);
  // Postcodes and numbers inside an email address are the address, already reported.
  const rest = emails.reduce((t, e) => t.split(e).join(" "), text);

  const yearAgo = DateTime.fromISO(today, { zone: "UTC" }).minus({ years: 1 });
  const birthWords = BIRTH_WORDS.test(rest);
  for (const d of datesIn(rest)) {
    if (birthWords || d.date <= yearAgo) add("date-of-birth", d.match);
  }
  for (const m of rest.matchAll(POSTCODE)) add("postcode", m[0]);

  const numbers = new Set<string>();
  for (const m of rest.matchAll(NHS)) {
    const digits = `${m[1]}${m[2]}${m[3]}`;
    // A ten-digit run starting 0 is a phone number's shape; an NHS number passes its check digit.
    if (digits.startsWith("0") && !isNhsNumber(digits)) continue;
    if (isNhsNumber(digits) || /[ -]/.test(m[0])) {
      add("nhs-number", m[0]);
      numbers.add(digits);
    }
  }
  for (const m of rest.matchAll(PHONE)) {
    const digits = m[0].replace(/\D/g, "");
    if (numbers.has(digits)) continue;
    add("phone-number", m[0].trim());
  }
  return findings;
}

/** One sentence naming what was found, by kind only (the matches stay with the person). */
export function describeFindings(findings: readonly PersonalDetailFinding[]): string {
  const kinds = [...new Set(findings.map((f) => PERSONAL_DETAIL_LABEL[f.kind]))];
  if (kinds.length <= 1) return kinds[0] ?? "";
  return `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)}`;
}

/** The free text a command carries: what a person typed as a reason or a note. */
export function freeTextOf(command: object): string[] {
  return Object.entries(command)
    .filter(([key, value]) => FREE_TEXT_FIELDS.has(key) && typeof value === "string" && value.trim() !== "")
    .map(([, value]) => value as string);
}

const FREE_TEXT_FIELDS = new Set(["reason", "note", "text"]);

/** The flag a person adds to send text the check stopped, once they know it is not a child's details. */
export const NOT_CHILD_DETAILS_FLAG = "--not-child-details";

/**
 * The refusal for a command whose free text looks like a child's personal details, or null.
 * Nothing runs and nothing is posted; the person takes the details out, or says they are not a
 * child's by sending the command again with the flag.
 */
export function personalDetailsHold(command: object, today: string): { code: "personal-details"; message: string } | null {
  const findings = freeTextOf(command).flatMap((text) => findPersonalDetails(text, today));
  if (findings.length === 0) return null;
  return {
    code: "personal-details",
    message:
      `Nothing was sent: your text looks like it holds ${describeFindings(findings)}. Chat carries case references only, never a child's personal details. ` +
      `Take it out and send the command again. If it is not a child's details, send the same command with \`${NOT_CHILD_DETAILS_FLAG}\` at the end.`,
  };
}

/** The typed text without the flag, and whether the flag was there (anywhere, as a word of its own). */
export function takeNotChildDetailsFlag(text: string): { text: string; notChildDetails: boolean } {
  const pattern = /(^|\s)--not-child-details(?=\s|$)/gi;
  if (!pattern.test(text)) return { text, notChildDetails: false };
  return { text: text.replace(pattern, " ").replace(/\s{2,}/g, " ").trim(), notChildDetails: true };
}
