// The help guide cannot drift from the grammar: every command is in exactly one help group, has
// an example, and every example is text the parser accepts.
import { describe, expect, it } from "vitest";
import { helpView } from "../../../src/application/help-view.js";
import { ADMIN_GROUP, EVERYDAY_GROUPS, HELP_DETAILS } from "../../../src/grammar/help-guide.js";
import { parseCommandText } from "../../../src/grammar/parse-command-text.js";
import { USAGE } from "../../../src/grammar/usage.js";

const grouped = [...EVERYDAY_GROUPS, ADMIN_GROUP].flatMap((g) => g.commands);

describe("help guide", () => {
  it("puts every command in exactly one group, and names only commands that exist", () => {
    for (const u of USAGE) expect(grouped.filter((c) => c === u.command), u.command).toHaveLength(1);
    for (const c of grouped) expect(USAGE.some((u) => u.command === c), c).toBe(true);
  });

  it("has an example for every command, each one text the parser accepts", () => {
    for (const u of USAGE) expect(HELP_DETAILS[u.command]?.examples.length ?? 0, u.command).toBeGreaterThan(0);
    for (const [command, detail] of Object.entries(HELP_DETAILS)) {
      for (const example of detail.examples) expect(parseCommandText(example).ok, `${command}: ${example}`).toBe(true);
    }
  });

  it("lists the everyday commands by group, the admin ones only under help admin", () => {
    const everyday = helpView();
    expect(everyday.groups.map((g) => g.title)).toEqual(EVERYDAY_GROUPS.map((g) => g.title));
    const usages = everyday.groups.flatMap((g) => g.entries.map((e) => e.usage));
    expect(usages.some((u) => u.startsWith("practitioner add"))).toBe(false);
    expect(helpView("admin").groups[0]!.entries.map((e) => e.usage.split(" ").slice(0, 2).join(" "))).toContain("practitioner add");
  });

  it("explains one command with an example and its options", () => {
    const propose = helpView("propose");
    expect(propose.topic).toBe("propose");
    const [entry] = propose.groups[0]!.entries;
    expect(entry!.examples[0]).toMatch(/^propose EH-2026-0042 @/);
    expect(entry!.options.map((o) => o.name)).toContain("--family prefers @who");
  });
});
