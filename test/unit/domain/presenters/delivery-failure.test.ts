// The access team's alert for a message that could not be delivered: what kind of message, about
// which case, for whom, on which platforms, after how many tries and why; never its content.
import { describe, expect, it } from "vitest";
import { deliveryFailureAlert } from "../../../../src/domain/presenters/delivery-failure.js";
import type { Notification } from "../../../../src/domain/ports.js";

const review: Notification = {
  to: { kind: "case-channel", caseId: "c1" },
  view: { type: "review", caseRef: "EH-7", event: "date-missing", reviewDate: null, outcome: null, lead: null, workingDaysBefore: null },
};

describe("the delivery failure alert", () => {
  it("goes to the access team as a warning about the same case", () => {
    const alert = deliveryFailureAlert({ notification: review, practitionerName: null, platforms: ["slack", "teams", "slack"], attempts: 4, reason: "slack channel: Error 503: busy" });
    expect(alert).toEqual({
      to: { kind: "access-team" },
      view: {
        type: "text",
        tone: "warning",
        caseRef: "EH-7",
        text: "leadbot could not deliver a review date missing message about EH-7 to the case channel on slack and teams after 4 attempts (slack channel: Error 503: busy). Please pass it on.",
      },
    });
  });

  it("names the practitioner it was for, or says a practitioner when the name is not known", () => {
    const toPerson: Notification = { ...review, to: { kind: "practitioner", practitionerId: "p1" } };
    const named = deliveryFailureAlert({ notification: toPerson, practitionerName: "Sam Social", platforms: ["teams"], attempts: 1, reason: "gone" });
    expect(named.view).toMatchObject({ text: expect.stringContaining("to Sam Social on teams after 1 attempt (gone)") });
    const unnamed = deliveryFailureAlert({ notification: toPerson, practitionerName: null, platforms: [], attempts: 2, reason: "no chat destination" });
    expect(unnamed.view).toMatchObject({ text: expect.stringContaining("to a practitioner after 2 attempts (no chat destination)") });
  });

  it("says only what kind of message it was, never what it said", () => {
    const text: Notification = { to: { kind: "access-team" }, view: { type: "text", tone: "info", caseRef: null, text: "The family asked us not to call on Tuesdays." } };
    const alert = deliveryFailureAlert({ notification: text, practitionerName: null, platforms: ["slack"], attempts: 1, reason: "invalid_auth" });
    expect(alert.view).toEqual({
      type: "text",
      tone: "warning",
      caseRef: null,
      text: "leadbot could not deliver a text message to the access team channel on slack after 1 attempt (invalid_auth). Please pass it on.",
    });
  });
});
