// `contact` and `contact every` as typed: what parses, and a friendly refusal with the usage line
// for everything else.
import { describe, expect, it } from "vitest";
import type { Command } from "../../../src/domain/commands.js";
import { parseCommandText } from "../../../src/grammar/parse-command-text.js";
import { usageFor } from "../../../src/grammar/usage.js";

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

describe("contact <ref> [note]", () => {
  it("records with or without a note", () => {
    expect(ok(`contact ${REF}`)).toEqual({ name: "contact", ref: REF, note: "" });
    expect(ok(`contact ${REF.toLowerCase()} home visit, all well`)).toEqual({ name: "contact", ref: REF, note: "home visit, all well" });
  });

  it("refuses a missing reference or a note over 300 characters", () => {
    expect(err("contact").usage).toBe(usageFor("contact"));
    const long = err(`contact ${REF} ${"word ".repeat(70)}`);
    expect(long.error).toMatch(/at most 300 characters \(yours has 349\)/);
    expect(long.usage).toBe(usageFor("contact"));
  });
});

describe("contact every <ref> <n> weeks|off", () => {
  it("reads weeks in the ways people write them", () => {
    expect(ok(`contact every ${REF} 2 weeks`)).toEqual({ name: "contact-every", ref: REF, everyWeeks: 2 });
    expect(ok(`contact every ${REF} 1 week`)).toEqual({ name: "contact-every", ref: REF, everyWeeks: 1 });
    expect(ok(`contact every ${REF} week`)).toEqual({ name: "contact-every", ref: REF, everyWeeks: 1 });
    expect(ok(`contact every ${REF} 12`)).toEqual({ name: "contact-every", ref: REF, everyWeeks: 12 });
    expect(ok(`Contact Every ${REF} OFF`)).toEqual({ name: "contact-every", ref: REF, everyWeeks: null });
  });

  it.each([
    [`contact every ${REF} 0 weeks`, /every 1 to 12 weeks, not 0/],
    [`contact every ${REF} 50 weeks`, /every 1 to 12 weeks, not 50/],
    [`contact every ${REF} fortnightly`, /"fortnightly" is not a number of weeks/],
    [`contact every ${REF} 2 months`, /counted in weeks/],
    [`contact every ${REF}`, /How often\?/],
    [`contact every ${REF} 2 weeks please`, /"please"/],
    ["contact every 2 weeks", /not a case reference/],
  ])("%s is refused with the usage line", (text, message) => {
    const refused = err(text);
    expect(refused.error).toMatch(message);
    expect(refused.usage).toBe(usageFor("contact every"));
  });
});
