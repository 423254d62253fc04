import { describe, expect, it } from "vitest";
import { parseCommandText } from "../../../src/grammar/parse-command-text.js";

describe("practitioner import grammar", () => {
  it("takes the CSV on the lines after the command, line ends kept, dry run by default", () => {
    const r = parseCommandText("/lead practitioner import\r\nhandle,name\r\nsam.patel,\"Patel, Sam\"\r\n");
    expect(r).toEqual({ ok: true, command: { name: "practitioner-import", csv: 'handle,name\r\nsam.patel,"Patel, Sam"\r\n', apply: false } });
  });

  it("writes only with --apply (or --confirm)", () => {
    for (const flag of ["--apply", "--confirm", "--APPLY"]) {
      const r = parseCommandText(`practitioner import ${flag}\nhandle\nsam.patel`);
      expect(r.ok && r.command.name === "practitioner-import" && r.command.apply).toBe(true);
    }
  });

  it("refuses a missing CSV, an unknown option and both modes at once", () => {
    for (const text of ["practitioner import", "practitioner import --apply", "practitioner import\n  \n", "practitioner import --force\nhandle", "practitioner import --apply --dry-run\nhandle"]) {
      const r = parseCommandText(text);
      expect(r.ok, text).toBe(false);
      expect(!r.ok && r.usage).toContain("practitioner import");
    }
  });

  it("reads a file far longer than any typed command", () => {
    const csv = `handle,name,role,agency\n${Array.from({ length: 300 }, (_, i) => `p${i},P ${i},teacher,Oak Primary`).join("\n")}`;
    const r = parseCommandText(`practitioner import\n${csv}`);
    expect(r.ok && r.command.name === "practitioner-import" && r.command.csv).toBe(csv);
  });
});
