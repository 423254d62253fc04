import { describe, expect, it } from "vitest";
import { MAX_COMMAND_LENGTH, parseCommandText } from "../../../src/grammar/parse-command-text.js";
import { USAGE, usageFor } from "../../../src/grammar/usage.js";
import { command, type Command } from "../../../src/domain/commands.js";
import { CASE_STATUSES } from "../../../src/domain/types.js";

// Staff handles and ids below are fictional; no child details appear anywhere.
const REF = "EH-2026-0042";

function ok(text: string): Command {
  const result = parseCommandText(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error}`);
  return result.command;
}

function err(text: string): { error: string; usage: string | null } {
  const result = parseCommandText(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got ${JSON.stringify(result.command)}`);
  return { error: result.error, usage: result.usage };
}

/** The usage line the error must come back with. */
function usage(key: string): string {
  const line = usageFor(key);
  if (line === null) throw new Error(`no usage for ${key}`);
  return line;
}

const sam = { by: "handle", handle: "sam.patel" } as const;
const alex = { by: "handle", handle: "alex.morgan" } as const;

describe("usage table", () => {
  it("has a usage line and a one-sentence summary for every subcommand", () => {
    const names = USAGE.map((e) => e.command);
    expect(new Set(names).size).toBe(names.length);
    for (const e of USAGE) {
      expect(e.usage.startsWith("/")).toBe(false);
      expect(e.usage.startsWith(e.command.split(" ")[0] ?? "")).toBe(true);
      expect(e.summary).toMatch(/^[A-Z][^]*\.$/);
      expect(usageFor(e.command)).toBe(e.usage);
    }
    expect(usageFor("propose")).toBe(
      "propose <ref> @who [reason] [--family agrees|prefers @who|not-asked]",
    );
  });

  it("answers families, aliases, prefixes and unknown words", () => {
    expect(usageFor("case")?.split("\n")).toEqual([
      usage("case open"),
      usage("case status"),
      usage("case update"),
      usage("case link"),
    ]);
    expect(usageFor("Acknowledge")).toBe("ack <ref>");
    expect(usageFor("/lead  Review   Done")).toBe(usage("review done"));
    expect(usageFor("professional add")).toBe(usage("practitioner add"));
    expect(usageFor("tac add")).toBe(usage("taf add"));
    expect(usageFor("nonsense")).toBeNull();
    expect(usageFor("")).toBeNull();
    expect(usageFor("constructor")).toBeNull();
  });
});

describe("help and whoami", () => {
  it("reads empty text and help as the help command", () => {
    expect(ok("")).toEqual({ name: "help" });
    expect(ok("   \n ")).toEqual({ name: "help" });
    expect(ok("/lead")).toEqual({ name: "help" });
    expect(ok("lead")).toEqual({ name: "help" });
    expect(ok("help")).toEqual({ name: "help" });
    expect(ok("HELP Propose")).toEqual({ name: "help", topic: "propose" });
    expect(ok("/lead help  case   open")).toEqual({ name: "help", topic: "case open" });
    expect(ok("lead help /lead vote")).toEqual({ name: "help", topic: "vote" });
  });

  it("refuses a help topic that is too long", () => {
    const e = err(`help ${"x".repeat(50)}`);
    expect(e.error).toMatch(/help topic is too long.*40/);
    expect(e.usage).toBe(usage("help"));
  });

  it("reads whoami and refuses anything after it", () => {
    expect(ok("whoami")).toEqual({ name: "whoami" });
    expect(ok("/lead WhoAmI")).toEqual({ name: "whoami" });
    const e = err("whoami please");
    expect(e.error).toContain('"please"');
    expect(e.usage).toBe(usage("whoami"));
  });
});

describe("unknown commands", () => {
  it("suggests help, and the nearest command for a typo", () => {
    const e = err("propse EH-1 @sam.patel");
    expect(e.error).toContain('"propse"');
    expect(e.error).toContain("`propose`");
    expect(e.error).toContain("help");
    expect(e.usage).toBeNull();
    expect(err("frobnicate").error).not.toContain("Did you mean");
    expect(err("constructor").usage).toBeNull();
    expect(err("__proto__").usage).toBeNull();
  });

  it("explains that the command comes before the case reference", () => {
    const e = err(`${REF} propose @sam.patel`);
    expect(e.error).toMatch(/Start with what you want to do/);
    expect(e.usage).toBeNull();
  });
});

describe("case", () => {
  it("opens, shows and updates a case", () => {
    expect(ok(`case open ${REF} --status early-help`)).toEqual({
      name: "case-open",
      ref: REF,
      statuses: ["early-help"],
    });
    expect(ok("case open eh-2026-0042 --statuses early-help,sen")).toEqual({
      name: "case-open",
      ref: REF,
      statuses: ["early-help", "sen"],
    });
    expect(ok(`case open ${REF} --status=child-in-need, SEN --status sen`)).toEqual({
      name: "case-open",
      ref: REF,
      statuses: ["child-in-need", "sen"],
    });
    expect(ok(`case open ${REF} early-help and young_offender`)).toEqual({
      name: "case-open",
      ref: REF,
      statuses: ["early-help", "young-offender"],
    });
    expect(ok(`case status ${REF}`)).toEqual({ name: "case-status", ref: REF });
    expect(ok(`CASE UPDATE ${REF} --STATUS Looked-After,child-protection-plan`)).toEqual({
      name: "case-update",
      ref: REF,
      statuses: ["looked-after", "child-protection-plan"],
    });
  });

  it("lists the case subcommands when the verb is missing or unknown", () => {
    for (const text of ["case", `case close ${REF}`]) {
      const e = err(text);
      expect(e.error).toContain("case open");
      expect(e.error).toContain("case update");
      expect(e.usage).toBe(usageFor("case"));
    }
  });

  it("names a missing or malformed case reference", () => {
    const missing = err("case open");
    expect(missing.error).toMatch(/Which case\?.*EH-2026-0042/);
    expect(missing.usage).toBe(usage("case open"));
    const bad = err("case status 42");
    expect(bad.error).toContain('"42" is not a case reference');
    expect(bad.usage).toBe(usage("case status"));
    const person = err("case status @sam.patel");
    expect(person.error).toMatch(/person, not a case reference/);
  });

  it("lists the valid statuses when one is unknown, and asks for missing ones", () => {
    const unknown = err(`case open ${REF} --status early-help,wibble`);
    expect(unknown.error).toContain('"wibble" is not a case status');
    for (const s of CASE_STATUSES) expect(unknown.error).toContain(s);
    expect(unknown.usage).toBe(usage("case open"));
    const none = err(`case update ${REF}`);
    expect(none.error).toContain("--status");
    expect(none.usage).toBe(usage("case update"));
    const option = err(`case open ${REF} --colour red`);
    expect(option.error).toContain("--colour");
    expect(err(`case status ${REF} now`).usage).toBe(usage("case status"));
  });
});

describe("taf", () => {
  it("adds and removes members by mention or handle", () => {
    expect(ok(`taf add ${REF} <@U0123ABC>`)).toEqual({
      name: "taf-add",
      ref: REF,
      person: { by: "chat-id", id: "U0123ABC" },
    });
    expect(ok(`TAF remove ${REF} @Sam.Patel`)).toEqual({ name: "taf-remove", ref: REF, person: sam });
    expect(ok(`tac add ${REF} @sam.patel`)).toEqual({ name: "taf-add", ref: REF, person: sam });
  });

  it("asks for a person named with @", () => {
    const missing = err(`taf add ${REF}`);
    expect(missing.error).toContain("with @");
    expect(missing.usage).toBe(usage("taf add"));
    const word = err(`taf remove ${REF} sam`);
    expect(word.error).toContain('"sam" is not a person: name a person with @');
    expect(word.usage).toBe(usage("taf remove"));
    const odd = err(`taf add ${REF} @zoë`);
    expect(odd.error).toMatch(/not a handle.*letters, digits/);
    const extra = err(`taf add ${REF} @sam.patel @alex.morgan`);
    expect(extra.error).toContain('"@alex.morgan"');
    expect(extra.usage).toBe(usage("taf add"));
    expect(err("taf").usage).toBe(usageFor("taf"));
  });
});

describe("mentions", () => {
  it("reads Slack mentions with and without a label, and typed handles", () => {
    const person = (text: string) => (ok(`caseload ${text}`) as Extract<Command, { name: "caseload" }>).person;
    expect(person("<@U0123ABC>")).toEqual({ by: "chat-id", id: "U0123ABC" });
    expect(person("<@U0123ABC|sam>")).toEqual({ by: "chat-id", id: "U0123ABC" });
    expect(person("<@U0123ABC|Sam Patel>")).toEqual({ by: "chat-id", id: "U0123ABC" });
    expect(person("<@29:1AbC-dEf_123>")).toEqual({ by: "chat-id", id: "29:1AbC-dEf_123" });
    expect(person("@Sam.Patel")).toEqual(sam);
    expect(person("@sam_p-2")).toEqual({ by: "handle", handle: "sam_p-2" });
    expect(person("@sam.patel.")).toEqual(sam);
  });

  it("turns an over-long mention into a plain sentence", () => {
    const e = err(`taf add ${REF} <@${"U".repeat(70)}>`);
    expect(e.error).toMatch(/mention is too long.*64/);
    expect(e.usage).toBe(usage("taf add"));
  });
});

describe("propose", () => {
  it("reads a bare proposal with the schema's defaults", () => {
    expect(ok(`propose ${REF} @sam.patel`)).toEqual({
      name: "propose",
      ref: REF,
      nominee: sam,
      reason: "",
      family: { kind: "not-asked" },
    });
  });

  it("reads the reason and --family wherever it sits after the nominee", () => {
    const expected = {
      name: "propose",
      ref: REF,
      nominee: sam,
      reason: "already works with the family",
      family: { kind: "agrees" },
    };
    expect(ok(`propose ${REF} @sam.patel already works with the family --family agrees`)).toEqual(expected);
    expect(ok(`propose ${REF} @sam.patel --family agrees already works with the family`)).toEqual(expected);
    expect(ok(`propose ${REF} @sam.patel already works --family=agrees with the family`)).toEqual(expected);
    expect(ok(`propose ${REF} @sam.patel already works with the family \u2014family agrees`)).toEqual(expected);
    expect(ok(`propose ${REF} @sam.patel "already works with the family" --family agrees`)).toEqual(expected);
  });

  it("reads every family view", () => {
    const family = (text: string) =>
      (ok(`propose ${REF} @sam.patel ${text}`) as Extract<Command, { name: "propose" }>).family;
    expect(family("--family prefers @alex.morgan")).toEqual({ kind: "prefers", person: alex });
    expect(family("--family prefers <@U0999>")).toEqual({ kind: "prefers", person: { by: "chat-id", id: "U0999" } });
    expect(family("--family not-asked")).toEqual({ kind: "not-asked" });
    expect(family("--family not-yet-asked")).toEqual({ kind: "not-asked" });
    expect(family("--family not yet asked")).toEqual({ kind: "not-asked" });
    expect(family("--FAMILY AGREES")).toEqual({ kind: "agrees" });
  });

  it("accepts lead professional and lead practitioner wording", () => {
    const expected = { name: "propose", ref: REF, nominee: sam, reason: "knows the school", family: { kind: "not-asked" } };
    expect(ok(`propose ${REF} @sam.patel as lead professional knows the school`)).toEqual(expected);
    expect(ok(`propose ${REF} @sam.patel as the lead practitioner knows the school`)).toEqual(expected);
    expect(ok(`propose ${REF} lead practitioner @sam.patel knows the school`)).toEqual(expected);
    expect(ok(`propose ${REF} @sam.patel as LP knows the school`)).toEqual(expected);
    // "as" that does not start the phrase stays part of the reason.
    expect((ok(`propose ${REF} @sam.patel as agreed at the meeting`) as { reason: string }).reason).toBe(
      "as agreed at the meeting",
    );
  });

  it("names every problem with the propose usage line", () => {
    const cases: [string, RegExp][] = [
      [`propose ${REF}`, /Who\?.*@/],
      [`propose ${REF} sam.patel`, /"sam.patel" is not a person/],
      [`propose ${REF} @sam.patel --family`, /--family needs the family's view/],
      [`propose ${REF} @sam.patel --family maybe`, /"maybe" is not a family view/],
      [`propose ${REF} @sam.patel --family prefers`, /Who\?.*@/],
      [`propose ${REF} @sam.patel --family prefers alex`, /"alex" is not a person/],
      [`propose ${REF} @sam.patel --family agrees --family agrees`, /--family is given twice/],
      [`propose ${REF} @sam.patel --urgent`, /no option --urgent/],
      [`propose ${REF} @sam.patel ${"x".repeat(501)}`, /reason is too long.*500/],
      ["propose", /Which case\?/],
    ];
    for (const [text, problem] of cases) {
      const e = err(text);
      expect(e.error, text).toMatch(problem);
      expect(e.usage, text).toBe(usage("propose"));
    }
  });
});

describe("vote", () => {
  it("reads every choice", () => {
    expect(ok(`vote ${REF} agree`)).toEqual({ name: "vote", ref: REF, choice: "agree", reason: "" });
    expect(ok(`vote ${REF} object the family asked for someone else`)).toEqual({
      name: "vote",
      ref: REF,
      choice: "object",
      reason: "the family asked for someone else",
    });
    expect(ok(`vote ${REF} ABSTAIN`)).toEqual({ name: "vote", ref: REF, choice: "abstain", reason: "" });
    expect(ok(`vote ${REF} accept`)).toEqual({ name: "vote", ref: REF, choice: "accept", reason: "" });
    expect(ok(`vote ${REF} decline at capacity until March`)).toEqual({
      name: "vote",
      ref: REF,
      choice: "decline",
      reason: "at capacity until March",
    });
    expect(ok(`vote agree ${REF}`)).toEqual({ name: "vote", ref: REF, choice: "agree", reason: "" });
  });

  it("requires a reason to object and names unknown choices", () => {
    const noReason = err(`vote ${REF} object`);
    expect(noReason.error).toMatch(/objection needs a reason/);
    expect(noReason.usage).toBe(usage("vote"));
    const quotedEmpty = err(`vote ${REF} object ""`);
    expect(quotedEmpty.error).toMatch(/objection needs a reason/);
    const missing = err(`vote ${REF}`);
    expect(missing.error).toMatch(/How do you vote\?/);
    expect(missing.usage).toBe(usage("vote"));
    const unknown = err(`vote ${REF} maybe`);
    expect(unknown.error).toMatch(/"maybe" is not a vote/);
    expect(unknown.usage).toBe(usage("vote"));
  });
});

describe("dates", () => {
  const date = (text: string) => (ok(`review set ${REF} ${text}`) as Extract<Command, { name: "review-set" }>).date;

  it("reads calendar dates in ISO and UK forms", () => {
    expect(date("2026-12-01")).toEqual({ kind: "iso", date: "2026-12-01" });
    expect(date("2028-02-29")).toEqual({ kind: "iso", date: "2028-02-29" });
    expect(date("1/12/2026")).toEqual({ kind: "iso", date: "2026-12-01" });
    expect(date("01/12/26")).toEqual({ kind: "iso", date: "2026-12-01" });
    expect(date("1.12.2026")).toEqual({ kind: "iso", date: "2026-12-01" });
    expect(date("1 December 2026")).toEqual({ kind: "iso", date: "2026-12-01" });
    expect(date("1st Dec 2026")).toEqual({ kind: "iso", date: "2026-12-01" });
    expect(date("1 dec, 2026")).toEqual({ kind: "iso", date: "2026-12-01" });
    expect(date("December 1 2026")).toEqual({ kind: "iso", date: "2026-12-01" });
    expect(date('"1 December 2026"')).toEqual({ kind: "iso", date: "2026-12-01" });
    expect(date("on 1 December 2026")).toEqual({ kind: "iso", date: "2026-12-01" });
  });

  it("reads relative dates", () => {
    expect(date("today")).toEqual({ kind: "today" });
    expect(date("Tomorrow")).toEqual({ kind: "tomorrow" });
    expect(date("friday")).toEqual({ kind: "weekday", weekday: 5, next: false });
    expect(date("next Friday")).toEqual({ kind: "weekday", weekday: 5, next: true });
    expect(date("this mon")).toEqual({ kind: "weekday", weekday: 1, next: false });
    expect(date("sunday")).toEqual({ kind: "weekday", weekday: 7, next: false });
    expect(date("in 3 days")).toEqual({ kind: "in", amount: 3, unit: "days" });
    expect(date("in 1 day")).toEqual({ kind: "in", amount: 1, unit: "days" });
    expect(date("in 2 weeks")).toEqual({ kind: "in", amount: 2, unit: "weeks" });
    expect(date("in a week")).toEqual({ kind: "in", amount: 1, unit: "weeks" });
    expect(date("in 1 month")).toEqual({ kind: "in", amount: 1, unit: "months" });
    expect(date("in 10 working days")).toEqual({ kind: "in", amount: 10, unit: "working-days" });
    expect(date("in 10 working day")).toEqual({ kind: "in", amount: 10, unit: "working-days" });
    expect(date("in 10 business days")).toEqual({ kind: "in", amount: 10, unit: "working-days" });
    expect(date("IN 0 DAYS")).toEqual({ kind: "in", amount: 0, unit: "days" });
  });

  it("refuses impossible and unreadable dates, naming what was typed", () => {
    const cases: [string, RegExp][] = [
      ["2026-02-30", /"2026-02-30" is not a real date: February 2026 has 28 days/],
      ["2027-02-29", /February 2027 has 28 days/],
      ["31/04/2026", /April 2026 has 30 days/],
      ["2026-13-01", /no month 13/],
      ["1 Dec", /"1 Dec" has no year/],
      ["1 Smarch 2026", /"1 Smarch 2026" is not a date I can read/],
      ["soon", /"soon" is not a date I can read; try 2026-12-01, .*in 10 working days/],
      ["in 5000 days", /too far ahead/],
      ["in 2 working weeks", /only days can be working days/],
      ["0001-01-01", /out of range/],
    ];
    for (const [text, problem] of cases) {
      const e = err(`review set ${REF} ${text}`);
      expect(e.error, text).toMatch(problem);
      expect(e.usage, text).toBe(usage("review set"));
    }
  });
});

describe("review", () => {
  it("sets a review date", () => {
    expect(ok(`review set ${REF} 2026-12-01`)).toEqual({
      name: "review-set",
      ref: REF,
      date: { kind: "iso", date: "2026-12-01" },
    });
    const e = err(`review set ${REF}`);
    expect(e.error).toMatch(/When is the review\?/);
    expect(e.usage).toBe(usage("review set"));
  });

  it("records outcomes, aliases and the next date", () => {
    expect(ok(`review done ${REF} continue`)).toEqual({ name: "review-done", ref: REF, outcome: "continue" });
    expect(ok(`review done ${REF} step-up`)).toEqual({ name: "review-done", ref: REF, outcome: "step-up" });
    expect(ok(`review done ${REF} Step-Down next in 12 weeks`)).toEqual({
      name: "review-done",
      ref: REF,
      outcome: "step-down",
      next: { kind: "in", amount: 12, unit: "weeks" },
    });
    expect(ok(`review done ${REF} close`)).toEqual({ name: "review-done", ref: REF, outcome: "closure" });
    expect(ok(`review done ${REF} recommend-closure`)).toEqual({ name: "review-done", ref: REF, outcome: "closure" });
    expect(ok(`review done ${REF} continue next review 1/3/2027`)).toEqual({
      name: "review-done",
      ref: REF,
      outcome: "continue",
      next: { kind: "iso", date: "2027-03-01" },
    });
    // "next" is the keyword; the weekday after it is this week's.
    expect(ok(`review done ${REF} continue next friday`)).toEqual({
      name: "review-done",
      ref: REF,
      outcome: "continue",
      next: { kind: "weekday", weekday: 5, next: false },
    });
    expect(ok(`review done ${REF} continue 2027-03-01`)).toEqual({
      name: "review-done",
      ref: REF,
      outcome: "continue",
      next: { kind: "iso", date: "2027-03-01" },
    });
  });

  it("names outcome and date problems with the review done usage", () => {
    const cases: [string, RegExp][] = [
      [`review done ${REF}`, /What did the review decide\?.*step-up/],
      [`review done ${REF} step up`, /"step up" as one word with hyphens: step-up/],
      [`review done ${REF} recommend closure`, /recommend-closure/],
      [`review done ${REF} finished`, /"finished" is not a review outcome; use one of continue, step-up, step-down, closure/],
      [`review done ${REF} continue next`, /Add the next review date/],
      [`review done ${REF} continue next whenever`, /"whenever" is not a date/],
    ];
    for (const [text, problem] of cases) {
      const e = err(text);
      expect(e.error, text).toMatch(problem);
      expect(e.usage, text).toBe(usage("review done"));
    }
    expect(err("review").usage).toBe(usageFor("review"));
    expect(err(`review cancel ${REF}`).error).toMatch(/review set or review done/);
  });
});

describe("handover", () => {
  it("starts a handover with triggers, aliases and a date", () => {
    expect(ok(`handover start ${REF} leaving`)).toEqual({ name: "handover-start", ref: REF, trigger: "leaving" });
    expect(ok(`handover start ${REF} sick`)).toEqual({ name: "handover-start", ref: REF, trigger: "long-term-sick" });
    expect(ok(`handover start ${REF} left`)).toEqual({ name: "handover-start", ref: REF, trigger: "leaving" });
    expect(ok(`handover start ${REF} Leaves by next friday`)).toEqual({
      name: "handover-start",
      ref: REF,
      trigger: "leaving",
      by: { kind: "weekday", weekday: 5, next: true },
    });
    expect(ok(`handover start ${REF} transition by 1 September 2026`)).toEqual({
      name: "handover-start",
      ref: REF,
      trigger: "transition",
      by: { kind: "iso", date: "2026-09-01" },
    });
    for (const trigger of ["work-complete", "family-request", "legal-proceedings", "long-term-sick"]) {
      expect(ok(`handover start ${REF} ${trigger}`)).toEqual({ name: "handover-start", ref: REF, trigger });
    }
  });

  it("names trigger and date problems", () => {
    const cases: [string, RegExp][] = [
      [`handover start ${REF}`, /Why is the lead professional changing\?.*legal-proceedings/],
      [`handover start ${REF} bored`, /"bored" is not a handover reason/],
      [`handover start ${REF} long term sick`, /long-term-sick/],
      [`handover start ${REF} leaving by`, /Add the date after "by"/],
      [`handover start ${REF} leaving by 2026-02-30`, /not a real date/],
    ];
    for (const [text, problem] of cases) {
      const e = err(text);
      expect(e.error, text).toMatch(problem);
      expect(e.usage, text).toBe(usage("handover start"));
    }
    const verb = err(`handover ${REF} leaving`);
    expect(verb.error).toMatch(/handover start/);
    expect(verb.usage).toBe(usage("handover start"));
  });
});

describe("escalation commands", () => {
  it("escalates with the reason as typed", () => {
    expect(ok(`escalate ${REF} managers disagree on who should lead`)).toEqual({
      name: "escalate",
      ref: REF,
      reason: "managers disagree on who should lead",
    });
    expect(ok(`escalate ${REF} "no agreement after two meetings"`)).toEqual({
      name: "escalate",
      ref: REF,
      reason: "no agreement after two meetings",
    });
    // Quotes inside a reason, even unbalanced ones, are kept as typed.
    expect(ok(`escalate ${REF} the "plan" was not delivered`)).toEqual({
      name: "escalate",
      ref: REF,
      reason: 'the "plan" was not delivered',
    });
    expect(ok(`escalate ${REF} a 6" gap`)).toEqual({ name: "escalate", ref: REF, reason: 'a 6" gap' });
    const e = err(`escalate ${REF}`);
    expect(e.error).toMatch(/Say what the disagreement is about/);
    expect(e.usage).toBe(usage("escalate"));
  });

  it("resolves by appointing or returning", () => {
    expect(ok(`resolve ${REF} appoint @sam.patel statutory social worker`)).toEqual({
      name: "resolve-appoint",
      ref: REF,
      person: sam,
      reason: "statutory social worker",
    });
    expect(ok(`resolve ${REF} appoint <@U0123ABC> as lead professional agreed by both managers`)).toEqual({
      name: "resolve-appoint",
      ref: REF,
      person: { by: "chat-id", id: "U0123ABC" },
      reason: "agreed by both managers",
    });
    expect(ok(`resolve appoint ${REF} @sam.patel settled`)).toEqual({
      name: "resolve-appoint",
      ref: REF,
      person: sam,
      reason: "settled",
    });
    expect(ok(`RESOLVE ${REF} RETURN the TAF should meet again`)).toEqual({
      name: "resolve-return",
      ref: REF,
      reason: "the TAF should meet again",
    });
  });

  it("names resolve problems with the right usage", () => {
    const family = err(`resolve ${REF}`);
    expect(family.error).toMatch(/appoint @who <reason> or return <reason>/);
    expect(family.usage).toBe(usageFor("resolve"));
    expect(family.usage?.split("\n")).toHaveLength(2);
    expect(err(`resolve ${REF} dismiss it`).error).toMatch(/"dismiss" is not a way to resolve/);
    const person = err(`resolve ${REF} appoint`);
    expect(person.error).toMatch(/Who\?/);
    expect(person.usage).toBe(usage("resolve appoint"));
    const reason = err(`resolve ${REF} appoint @sam.patel`);
    expect(reason.error).toMatch(/needs a reason/);
    expect(reason.usage).toBe(usage("resolve appoint"));
    const back = err(`resolve ${REF} return`);
    expect(back.error).toMatch(/Say why the case goes back/);
    expect(back.usage).toBe(usage("resolve return"));
  });

  it("acknowledges an escalation", () => {
    expect(ok(`ack ${REF}`)).toEqual({ name: "acknowledge", ref: REF });
    expect(ok(`Acknowledge ${REF}`)).toEqual({ name: "acknowledge", ref: REF });
    const e = err(`ack ${REF} thanks`);
    expect(e.error).toContain('"thanks"');
    expect(e.usage).toBe(usage("ack"));
    expect(err("acknowledge").usage).toBe(usage("ack"));
  });

  it("snoozes a review or handover reminder, or whichever comes first", () => {
    expect(ok(`snooze ${REF}`)).toEqual({ name: "snooze", ref: REF });
    expect(ok(`snooze ${REF} review`)).toEqual({ name: "snooze", ref: REF, nudge: "review" });
    expect(ok(`Snooze ${REF.toLowerCase()} Handover`)).toEqual({ name: "snooze", ref: REF, nudge: "handover" });
    const unknown = err(`snooze ${REF} vote`);
    expect(unknown.error).toMatch(/"vote" is not a nudge you can snooze; use one of review, handover, contact/);
    expect(ok(`snooze ${REF} contact`)).toEqual({ name: "snooze", ref: REF, nudge: "contact" });
    expect(unknown.usage).toBe(usage("snooze"));
    expect(err(`snooze ${REF} review tomorrow`).error).toContain('"tomorrow"');
    expect(err("snooze").usage).toBe("snooze <ref> [review|handover|contact|plan]");
  });
});

describe("close, override, caseload", () => {
  it("closes with or without a reason", () => {
    expect(ok(`close ${REF}`)).toEqual({ name: "close", ref: REF, reason: "" });
    expect(ok(`close ${REF} goals met, universal services only`)).toEqual({
      name: "close",
      ref: REF,
      reason: "goals met, universal services only",
    });
    expect(err("close").usage).toBe(usage("close"));
  });

  it("records an override with its reason", () => {
    expect(ok(`override ${REF} @sam.patel only practitioner the family trusts`)).toEqual({
      name: "override",
      ref: REF,
      person: sam,
      reason: "only practitioner the family trusts",
    });
    const e = err(`override ${REF} @sam.patel`);
    expect(e.error).toMatch(/override needs a reason/);
    expect(e.usage).toBe(usage("override"));
  });

  it("shows a caseload", () => {
    expect(ok("caseload")).toEqual({ name: "caseload" });
    expect(ok("caseload @sam.patel")).toEqual({ name: "caseload", person: sam });
    const e = err("caseload sam");
    expect(e.error).toMatch(/name a person with @/);
    expect(e.usage).toBe(usage("caseload"));
  });
});

describe("report, audit", () => {
  it("runs a report for the default period, from a date, to a date, or both in either order", () => {
    expect(ok("report")).toEqual({ name: "report" });
    expect(ok("report from 2026-11-02")).toEqual({ name: "report", from: { kind: "iso", date: "2026-11-02" } });
    expect(ok("report to 27/11/2026")).toEqual({ name: "report", to: { kind: "iso", date: "2026-11-27" } });
    const both = { name: "report", from: { kind: "iso", date: "2026-11-02" }, to: { kind: "iso", date: "2026-11-27" } };
    expect(ok("report from 2 November 2026 to 27 November 2026")).toEqual(both);
    expect(ok("/lead report TO 2026-11-27 FROM 2026-11-02")).toEqual(both);
    expect(ok("report from today")).toEqual({ name: "report", from: { kind: "today" } });
  });

  it("explains a report period it cannot read, with the usage line", () => {
    const cases: [string, RegExp][] = [
      ["report 2026-11-02", /Say which period: report from <date> to <date>/],
      ["report last month", /Say which period/],
      ["report from", /Add the date after "from"/],
      ["report from 2026-11-02 to", /Add the date after "to"/],
      ["report from 2026-11-02 from 2026-11-03", /"from" is given twice/],
      ["report to 2026-02-30", /February 2026 has 28 days/],
      ["report from 1 November", /has no year/],
    ];
    for (const [text, message] of cases) {
      const e = err(text);
      expect(e.error, text).toMatch(message);
      expect(e.usage, text).toBe(usage("report"));
    }
    expect(usage("report")).toBe("report [from <date>] [to <date>]");
  });

  it("exports a case's audit trail by reference", () => {
    expect(ok(`audit ${REF}`)).toEqual({ name: "audit", ref: REF });
    expect(ok("audit eh-2026-0042.")).toEqual({ name: "audit", ref: REF });
    for (const text of ["audit", "audit @sam.patel", `audit ${REF} now`, "audit nonsense"]) {
      expect(err(text).usage, text).toBe(usage("audit"));
    }
    expect(err("audit").error).toMatch(/Which case\?/);
    expect(err(`audit ${REF} now`).error).toMatch(/didn't expect "now"/);
  });
});

describe("practitioner", () => {
  it("adds a practitioner with every option", () => {
    const text =
      'practitioner add <@U0123ABC|sam> --handle @Sam.Patel --name "Sam Patel" --role social worker ' +
      "--agency Children's Social Care --manager @alex.morgan --dbs 14/03/2025 --qualified none " +
      "--recommended --employment agency --mentor none --capacity 6 --availability available " +
      "--access-team --co-ordinator --no-executive";
    expect(ok(text)).toEqual({
      name: "practitioner-add",
      person: { by: "chat-id", id: "U0123ABC" },
      handle: "sam.patel",
      fields: {
        name: "Sam Patel",
        role: "social-worker",
        agency: "Children's Social Care",
        manager: alex,
        dbs: { kind: "iso", date: "2025-03-14" },
        qualified: null,
        recommended: true,
        employment: "agency",
        mentor: null,
        capacity: 6,
        availability: "available",
        accessTeam: true,
        coordinator: true,
        executive: false,
      },
    });
  });

  it("adds with no options and accepts the professional wording", () => {
    const expected = { name: "practitioner-add", person: sam, fields: {} };
    expect(ok("practitioner add @sam.patel")).toEqual(expected);
    expect(ok("professional add @sam.patel")).toEqual(expected);
    expect(ok("/lead lead practitioner add @sam.patel")).toEqual(expected);
    expect(ok("lead professional add @sam.patel")).toEqual(expected);
  });

  it("updates with switches turned off and values cleared", () => {
    expect(
      ok(
        "practitioner update @sam.patel --no-access-team --no-coordinator --recommended=no --no-mentor " +
          "--manager <@U0999> --availability sick --dbs=\u201C1 March 2025\u201D --qualified 2019-07-01",
      ),
    ).toEqual({
      name: "practitioner-update",
      person: sam,
      fields: {
        accessTeam: false,
        coordinator: false,
        recommended: false,
        mentor: null,
        manager: { by: "chat-id", id: "U0999" },
        availability: "long-term-sick",
        dbs: { kind: "iso", date: "2025-03-01" },
        qualified: { kind: "iso", date: "2019-07-01" },
      },
    });
  });

  it("names every option problem with the right usage", () => {
    const add = usage("practitioner add");
    const update = usage("practitioner update");
    const cases: [string, RegExp, string][] = [
      ["practitioner add", /Who\?/, add],
      ["practitioner add sam", /"sam" is not a person/, add],
      ["practitioner add @sam.patel social-worker", /"social-worker" is not an option; options start with --/, add],
      ["practitioner add @sam.patel --rol teacher", /no option --rol\. Did you mean --role\?/, add],
      ["practitioner add @sam.patel --role teacher --role senco", /--role is given more than once/, add],
      ["practitioner add @sam.patel --role wizard", /"wizard" is not a role; use one of social-worker/, add],
      ["practitioner add @sam.patel --role", /--role needs a value/, add],
      ["practitioner add @sam.patel --capacity lots", /--capacity needs a whole number from 0 to 100/, add],
      ["practitioner add @sam.patel --capacity 101", /--capacity needs a whole number/, add],
      ["practitioner add @sam.patel --manager alex", /"alex" is not a person: name a person with @/, add],
      ["practitioner add @sam.patel --manager @a @b", /--manager takes one person/, add],
      ["practitioner add @sam.patel --dbs last year", /"last year" is not a date I can read/, add],
      ["practitioner add @sam.patel --handle sam patel", /not a handle/, add],
      ["practitioner add @sam.patel --recommended maybe", /--recommended is a switch.*--no-recommended/, add],
      ["practitioner add @sam.patel --name", /--name needs a value/, add],
      [`practitioner add @sam.patel --name ${"n".repeat(130)}`, /name is too long.*120/, add],
      ["practitioner add @sam.patel --employment contractor", /"contractor" is not an employment type/, add],
      ["practitioner update @sam.patel", /Say what to change/, update],
      ["practitioner update @sam.patel --handle sp", /handle cannot be changed/, update],
      ["practitioner update @sam.patel --no-name", /--no-name is not an option/, update],
      ["practitioner update @sam.patel --no-access-team yes", /--no-access-team takes no value/, update],
      ["practitioner update @sam.patel --availability away", /"away" is not an availability/, update],
    ];
    for (const [text, problem, line] of cases) {
      const e = err(text);
      expect(e.error, text).toMatch(problem);
      expect(e.usage, text).toBe(line);
    }
    expect(err("practitioner remove @sam.patel").usage).toBe(usageFor("practitioner"));
  });
});

describe("text the platforms really send", () => {
  it("ignores a /lead or lead prefix and letter case", () => {
    const expected = { name: "propose", ref: REF, nominee: sam, reason: "", family: { kind: "agrees" } };
    expect(ok(`/lead propose ${REF} @sam.patel --family agrees`)).toEqual(expected);
    expect(ok(`lead propose ${REF} @sam.patel --family agrees`)).toEqual(expected);
    expect(ok(`/LEAD PROPOSE eh-2026-0042 @SAM.PATEL --FAMILY AGREES`)).toEqual(expected);
  });

  it("survives zero-width and control characters, tabs, newlines and curly quotes", () => {
    expect(ok(`pro\u200Bpose\t${REF}\n@sam.patel`)).toEqual({
      name: "propose",
      ref: REF,
      nominee: sam,
      reason: "",
      family: { kind: "not-asked" },
    });
    expect(ok(`practitioner update @sam.patel --name \u201CSam Patel\u201D`)).toEqual({
      name: "practitioner-update",
      person: sam,
      fields: { name: "Sam Patel" },
    });
    expect(ok(`escalate ${REF} stuck\u0000here`)).toEqual({ name: "escalate", ref: REF, reason: "stuck here" });
  });

  it("refuses very long input with the usage of what was attempted", () => {
    const e = err(`escalate ${REF} ${"word ".repeat(500)}`);
    expect(e.error).toContain(String(MAX_COMMAND_LENGTH));
    expect(e.usage).toBe(usage("escalate"));
    const unknown = err("x".repeat(MAX_COMMAND_LENGTH + 1));
    expect(unknown.error).toContain(String(MAX_COMMAND_LENGTH));
    expect(unknown.usage).toBeNull();
  });

  it("never throws on non-string input from untyped callers", () => {
    for (const input of [undefined, null, 42, {}, []]) {
      const result = parseCommandText(input as unknown as string);
      expect(result.ok).toBe(false);
    }
  });
});

describe("fuzz", () => {
  // mulberry32: small, seeded, so a failure reproduces.
  function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const FRAGMENTS = [
    // grammar words
    "help", "whoami", "case", "open", "status", "update", "taf", "tac", "add", "remove", "propose",
    "vote", "agree", "object", "abstain", "accept", "decline", "review", "set", "done", "next",
    "handover", "start", "by", "escalate", "resolve", "appoint", "return", "ack", "acknowledge",
    "close", "override", "caseload", "practitioner", "professional", "lead", "/lead", "as", "lp",
    "continue", "step-up", "step-down", "closure", "recommend-closure", "sick", "leaving", "left",
    "transition", "early-help", "sen", "looked-after", "agrees", "prefers", "not-asked", "not",
    "yet", "asked", "none", "yes", "no",
    // options
    "--status", "--statuses", "--family", "--family=agrees", "--name", "--handle", "--role",
    "--agency", "--manager", "--dbs", "--qualified", "--recommended", "--no-recommended",
    "--employment", "--mentor", "--capacity", "--availability", "--access-team", "--no-access-team",
    "--coordinator", "--executive", "--no-name", "--", "\u2014family", "--x=", "=", "-",
    // refs
    "EH-2026-0042", "eh-1", "X-1-2-3", "EH-", "-EH-1", "EH-2026-0042.", "A-B-C-D-E", "1-2",
    // people
    "<@U0123ABC>", "<@U0123ABC|sam>", "<@U1|Sam Patel>", "<@>", "<@", "<@U1", "<!here>", "<#C1|x>",
    "@sam.patel", "@Alex.Morgan", "@", "@@", "@zoë", "sam",
    // dates and numbers
    "2026-12-01", "2026-02-30", "1/12/2026", "01/12/26", "31/04/2026", "1", "December", "2026",
    "Dec", "today", "tomorrow", "friday", "in", "3", "days", "working", "weeks", "month", "0",
    "101", "3651", "99999999999999999999",
    // quotes, unicode, control characters, prototype keys
    '"', '"Sam Patel"', "\u201C", "\u201D", "\u201E", "'", "`", "\u{1F600}", "e\u0301", "\u202E",
    "\u05D0\u05D1", "\uD800", "\uDFFF", "\u0000", "\u001B[31m", "\u007F", "\u0085", "\u200B",
    "\uFEFF", "\t", "\n", "\r\n", "\u00A0", "__proto__", "constructor", "toString", "hasOwnProperty",
    "<", ">", "<<@U1>>", "&lt;@U1&gt;",
  ];
  const SEPARATORS = [" ", " ", " ", "", "  ", "\n", ",", "\t"];

  // Grammar-shaped templates make sure the fuzz also reaches the valid paths, not only errors.
  const TEMPLATES = [
    "propose {ref} {who} {words} --family {family}",
    "vote {ref} {choice} {words}",
    "case {caseVerb} {ref} --status {statuses}",
    "review done {ref} {outcome} next {date}",
    "review set {ref} {date}",
    "handover start {ref} {trigger} by {date}",
    "practitioner {pVerb} {who} {options}",
    "resolve {ref} appoint {who} {words}",
    "taf add {ref} {who}",
    "caseload {who}",
  ];
  const SLOTS: Record<string, string[]> = {
    ref: ["EH-2026-0042", "eh-7-a", "CIN-1", "nope", ""],
    who: ["@sam.patel", "<@U0123ABC>", "<@U1|Sam Patel>", "sam", "@"],
    words: ["", "knows the family", '"quoted reason"', "a 6\" gap", "\u{1F600} ok"],
    family: ["agrees", "prefers @alex.morgan", "not yet asked", "maybe", ""],
    choice: ["agree", "object", "abstain", "accept", "decline", "maybe"],
    caseVerb: ["open", "update", "status", "shut"],
    statuses: ["early-help", "sen,looked-after", "wibble", ""],
    outcome: ["continue", "step-up", "close", "step", "recommend-closure"],
    date: ["2026-12-01", "2026-02-30", "next friday", "in 10 working days", "1 Dec", "1/12/26", "soon"],
    trigger: ["leaving", "sick", "transition", "bored"],
    pVerb: ["add", "update", "delete"],
    options: [
      '--name "Sam Patel" --capacity 8',
      "--role social worker --no-access-team",
      "--dbs none --mentor @alex.morgan",
      "--capacity 500",
      "--recommended --coordinator --executive",
      "",
    ],
  };

  function pick<T>(rand: () => number, items: readonly T[]): T {
    return items[Math.floor(rand() * items.length)] as T;
  }

  function randomText(rand: () => number): string {
    const roll = rand();
    if (roll < 0.02) return pick(rand, FRAGMENTS).repeat(1000 + Math.floor(rand() * 3000));
    if (roll < 0.04) return `escalate EH-1 ${"x".repeat(MAX_COMMAND_LENGTH - 14 + Math.floor(rand() * 3))}`;
    if (roll < 0.45) {
      return pick(rand, TEMPLATES).replace(/\{(\w+)\}/g, (_, slot: string) => pick(rand, SLOTS[slot] ?? [""]));
    }
    const parts: string[] = [];
    const n = 1 + Math.floor(rand() * 14);
    for (let i = 0; i < n; i++) {
      parts.push(pick(rand, FRAGMENTS));
      parts.push(pick(rand, SEPARATORS));
    }
    if (rand() < 0.1) parts.push(String.fromCharCode(Math.floor(rand() * 0x10000)));
    return parts.join("");
  }

  it("parses 5,000 random strings without throwing and with well-formed results", () => {
    const rand = prng(20260042);
    const usages = new Set(USAGE.map((e) => e.usage));
    let oks = 0;
    for (let i = 0; i < 5000; i++) {
      const text = randomText(rand);
      let result: ReturnType<typeof parseCommandText>;
      try {
        result = parseCommandText(text);
      } catch (e) {
        throw new Error(`threw on ${JSON.stringify(text.slice(0, 200))}: ${String(e)}`);
      }
      if (result.ok) {
        oks++;
        const again = command.safeParse(result.command);
        expect(again.success, JSON.stringify(text)).toBe(true);
        if (again.success) expect(again.data).toEqual(result.command);
        expect(text.length).toBeLessThanOrEqual(MAX_COMMAND_LENGTH);
      } else {
        expect(Object.keys(result).sort()).toEqual(["error", "ok", "usage"]);
        expect(typeof result.error).toBe("string");
        expect(result.error.length).toBeGreaterThan(0);
        expect(result.error.length).toBeLessThan(1000);
        // The catch-all message would mean a parser threw something other than a ParseError.
        expect(result.error, JSON.stringify(text)).not.toMatch(/^I could not read that command/);
        if (result.usage !== null) {
          for (const line of result.usage.split("\n")) expect(usages.has(line), JSON.stringify(text)).toBe(true);
        }
      }
    }
    expect(oks).toBeGreaterThan(250);
  });
});

describe("channel binding commands", () => {
  it("parses case link and access channel", () => {
    expect(parseCommandText("case link eh-2026-0042")).toEqual({ ok: true, command: { name: "case-link", ref: "EH-2026-0042" } });
    expect(parseCommandText("/lead access channel")).toEqual({ ok: true, command: { name: "access-channel" } });
    const bad = parseCommandText("access room");
    expect(bad.ok).toBe(false);
  });
});
