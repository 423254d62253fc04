// The audit CSV's detail column and the anonymous reference: small pure pieces, checked directly.
import { describe, expect, it } from "vitest";
import { auditDetail } from "../../../../src/domain/oversight/audit-export.js";
import { anonymousReference, fnv1a64 } from "../../../../src/domain/oversight/retention.js";
import { CASE_REFERENCE } from "../../../../src/domain/commands.js";
import type { Case } from "../../../../src/domain/types.js";
import { practitioner } from "../../../support/domain-fixture.js";

const sam = practitioner("sam.social");
const people = new Map([[sam.id, sam]]);

describe("the audit detail column", () => {
  it("keeps ids and codes, in key order, and shows practitioners by handle", () => {
    expect(auditDetail({ proposalId: "3fc9e022-565b-41da-97ee-f29fe8ee554b", choice: "object", nominee: false }, people)).toBe(
      "choice=object; nominee=false; proposalId=3fc9e022-565b-41da-97ee-f29fe8ee554b",
    );
    expect(auditDetail({ level: 1, involvedIds: [sam.id, "p-unknown"], escalationId: "e-1" }, people)).toBe(
      `escalationId=e-1; involvedIds=@sam.social|p-unknown; level=1`,
    );
    expect(auditDetail({ deadline: "2026-11-23T10:00:00.000Z", previousId: null })).toBe("deadline=2026-11-23T10:00:00.000Z; previousId=none");
  });

  it("never carries what a person typed: unknown keys and word-shaped values are left out", () => {
    const detail = {
      reason: "The family told us about the child's school",
      why: "Mo Manager: no progress",
      note: "x",
      outcome: "disagreed because of the child's needs",
      code: "not-on-taf",
      statuses: ["early-help", "free text here"],
      choice: "=HYPERLINK(\"x\")",
    };
    expect(auditDetail(detail)).toBe("code=not-on-taf");
  });

  it("shows only the case's current reference: an anonymised case's old one is left out, under any key", () => {
    const opened = { reference: "EH-2026-0042", statuses: ["early-help"] };
    expect(auditDetail(opened, people, "EH-2026-0042")).toBe("reference=EH-2026-0042; statuses=early-help");
    expect(auditDetail(opened, people, "ANON-0123456789")).toBe("statuses=early-help");
    expect(auditDetail({ from: "EH-2026-0042", code: "x" }, people, "ANON-0123456789")).toBe("code=x");
    expect(auditDetail({ reference: "ANON-0123456789", events: 3 }, people, "ANON-0123456789")).toBe("events=3; reference=ANON-0123456789");
  });
});

describe("the anonymous reference", () => {
  it("is FNV-1a 64 of the case id", () => {
    expect(fnv1a64("")).toBe("CBF29CE484222325");
    expect(fnv1a64("a")).toBe("AF63DC4C8601EC8C");
  });

  it("is ANON- and ten hex digits, a valid case reference, longer only when that is taken by another case", async () => {
    const id = "9689f431-39f6-49fb-b3c7-e941a84f1782";
    const short = `ANON-${fnv1a64(id).slice(0, 10)}`;
    const free = { cases: { getByReference: async () => null } } as never;
    expect(await anonymousReference(free, { id })).toBe(short);
    expect(CASE_REFERENCE.test(short)).toBe(true);
    const taken = { cases: { getByReference: async () => ({ id: "another" }) as Case } } as never;
    const long = await anonymousReference(taken, { id });
    expect(long).toBe(`${short}-${fnv1a64(id).slice(10)}`);
    expect(CASE_REFERENCE.test(long)).toBe(true);
  });
});
