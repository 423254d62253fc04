// Refusal codes are a closed set: the compiler refuses a code that is not on the list (the
// `@ts-expect-error` below fails `npm run typecheck` the day a typo would compile again).
import { describe, expect, it } from "vitest";
import { DomainError, isDomainError, REFUSAL_CODES, type RefusalCode } from "../../../src/domain/errors.js";

describe("refusal codes", () => {
  it("are listed once each", () => {
    expect(new Set(REFUSAL_CODES).size).toBe(REFUSAL_CODES.length);
  });

  it("a known code makes a DomainError that carries it", () => {
    const code: RefusalCode = "case-not-found";
    const error = new DomainError(code, "I can't find case EH-9.");
    expect(isDomainError(error)).toBe(true);
    expect(error.code).toBe("case-not-found");
    expect(error.message).toBe("case-not-found: I can't find case EH-9.");
  });

  it("a code that is not on the list does not compile", () => {
    // @ts-expect-error "case-not-fonud" is not a RefusalCode
    const typo = new DomainError("case-not-fonud", "…");
    expect(REFUSAL_CODES).not.toContain(typo.code);
  });
});
