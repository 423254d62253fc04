// Free text that looks like a child's personal details, with realistic examples written for this
// test (fictional: Ofcom's drama numbers, the NHS's 999 test range, example.org addresses).
import { describe, expect, it } from "vitest";
import { describeFindings, findPersonalDetails, isNhsNumber } from "../../../../src/domain/rules/personal-details.js";

const TODAY = "2026-12-03";
const kinds = (text: string) => findPersonalDetails(text, TODAY).map((f) => f.kind);

describe("findPersonalDetails", () => {
  it.each([
    ["Jamie Smith DOB 14/02/2015 lives with nan", ["date-of-birth"]],
    ["born 3rd March 2019, attends nursery", ["date-of-birth"]],
    ["child is 7, d.o.b. 02.09.19", ["date-of-birth"]],
    ["referred by school on 14/02/2024 after concerns", ["date-of-birth"]],
    ["family moved to WN1 1AB last month", ["postcode"]],
    ["new address sw1a2aa", ["postcode"]],
    ["NHS no 999 000 0018 on the referral", ["nhs-number"]],
    ["nhs 9990000026", ["nhs-number"]],
    ["mum's mobile is 07700 900123", ["phone-number"]],
    ["call +44 7700 900456 after 4pm", ["phone-number"]],
    ["school office 0161 496 0321", ["phone-number"]],
    ["email parent.name@example.org about the meeting", ["email"]],
  ])("flags %j", (text, expected) => {
    expect(kinds(text)).toEqual(expected);
  });

  it.each([
    "already visits weekly & knows the family",
    "the school sees the child daily",
    "review at the TAF meeting on 11/12/2026",
    "agreed at the meeting of 2026-11-30; next steps by Friday",
    "health visitor to book 2 appointments in 3 weeks",
    "see EH-2026-0042 and EH-2025-1234 for the sibling's plan",
    "Year 9, SENCO to lead, 12 weeks",
    "caseload of 8, over capacity by 1",
  ])("lets %j through", (text) => {
    expect(findPersonalDetails(text, TODAY)).toEqual([]);
  });

  it("finds several kinds at once, each once, and names them by kind only", () => {
    const found = findPersonalDetails("DOB 01/01/2016, WN1 1AB, 07700 900123, 07700 900123, a.b@example.org", TODAY);
    expect(found.map((f) => f.kind)).toEqual(["email", "date-of-birth", "postcode", "phone-number"]);
    expect(describeFindings(found)).toBe("an email address, a date of birth, a postcode and a phone number");
    expect(describeFindings(found.slice(0, 1))).toBe("an email address");
  });

  it("checks the NHS number's modulus 11 digit", () => {
    expect(isNhsNumber("9990000018")).toBe(true);
    expect(isNhsNumber("9990000019")).toBe(false);
    expect(isNhsNumber("999000001")).toBe(false);
  });
});
