// A press in the playground's Slack view is read as the Slack adapter reads a click, then runs as
// the same card action a Teams press does. The button's action id and value come from a browser,
// so anything the Slack renderer did not draw is refused before it reaches the bot.
import { describe, expect, it } from "vitest";
import { slackButtonOf } from "../../../src/adapters/slack/action-values.js";
import { readSlackPress, NOT_OUR_BUTTON, slackReplyOf } from "../../../src/playground/slack-form.js";
import { cardForView } from "../../../src/views/card-for-view.js";
import { openProposal } from "../../support/view-samples.js";

const proposal = { ref: openProposal.caseRef, proposalId: openProposal.proposalId };
const escalationId = "7a1c1a52-8b7e-4f7e-9a4b-1c2d3e4f5a6b";
const ids: Record<string, string> = { hana: "0b5f3f0e-2a55-4c36-9a43-4c1d8e0f0a11" };
const lookUp = async (handle: string) => ids[handle] ?? null;

describe("a press in the Slack view", () => {
  it("runs a plain button as the card action its value names", async () => {
    const button = slackButtonOf({ verb: "vote-agree", ...proposal });
    expect(await readSlackPress({ actionId: button.actionId, value: button.value }, lookUp)).toEqual({ kind: "press", press: { verb: "vote-agree", ...proposal, reason: "" } });
  });

  it("refuses a value changed in the page, or one moved to another button", async () => {
    const agree = slackButtonOf({ verb: "vote-agree", ...proposal });
    const abstain = slackButtonOf({ verb: "vote-abstain", ...proposal });
    for (const input of [
      { actionId: agree.actionId, value: abstain.value },
      { actionId: agree.actionId, value: agree.value.replace(openProposal.caseRef, "<script>") },
      { actionId: agree.actionId, value: "{" },
      { actionId: 42, value: agree.value },
    ]) {
      expect(await readSlackPress(input, lookUp)).toEqual({ kind: "refused", message: NOT_OUR_BUTTON });
    }
  });

  it("opens the Slack adapter's own modal for Object…, and needs a reason in it", async () => {
    const object = slackButtonOf({ verb: "vote-object", ...proposal });
    const first = await readSlackPress({ actionId: object.actionId, value: object.value }, lookUp);
    expect(first.kind).toBe("form");
    if (first.kind === "form") expect(first.form.callback_id).toBe("lead.modal.object");
    expect(await readSlackPress({ actionId: object.actionId, value: object.value, inputs: { reason: "   " } }, lookUp)).toEqual({ kind: "refused", message: "Please give a reason." });
    expect(await readSlackPress({ actionId: object.actionId, value: object.value, inputs: { reason: "x".repeat(501) } }, lookUp)).toMatchObject({ kind: "refused" });
    expect(await readSlackPress({ actionId: object.actionId, value: object.value, inputs: { reason: " Too busy " } }, lookUp)).toEqual({
      kind: "press",
      press: { verb: "vote-object", ...proposal, reason: "Too busy" },
    });
  });

  it("appoints only a practitioner it can find, by handle", async () => {
    const appoint = slackButtonOf({ verb: "resolve-appoint", ref: proposal.ref, escalationId });
    const base = { actionId: appoint.actionId, value: appoint.value };
    expect((await readSlackPress(base, lookUp)).kind).toBe("form");
    for (const person of ["nobody", "'; drop", undefined]) {
      expect(await readSlackPress({ ...base, inputs: { reason: "Best placed", person } }, lookUp)).toEqual({ kind: "refused", message: "Choose the practitioner to appoint." });
    }
    expect(await readSlackPress({ ...base, inputs: { reason: "Best placed", person: "hana" } }, lookUp)).toEqual({
      kind: "press",
      press: { verb: "resolve-appoint", ref: proposal.ref, escalationId, person: ids.hana, reason: "Best placed" },
    });
  });

  it("answers with the notice as Slack's ephemeral reply, or the card itself without buttons", () => {
    const card = cardForView(openProposal);
    const notice = slackReplyOf({ card, notice: { tone: "error", text: "You are not on the TAF for this case." } }, "Europe/London");
    expect(JSON.stringify(notice.blocks)).toContain("You are not on the TAF for this case.");
    const plain = slackReplyOf({ card, notice: null }, "Europe/London");
    expect(plain.blocks.some((b) => b.type === "actions")).toBe(false);
  });
});
