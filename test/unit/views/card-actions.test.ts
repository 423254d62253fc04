// The one action grammar: every button a card draws comes back, on either platform, as the same
// press, and toCommand() turns that press into the domain command both platforms run.
import { describe, expect, it } from "vitest";
import { pressOf, slackButtonOf } from "../../../src/adapters/slack/action-values.js";
import { readCardAction } from "../../../src/adapters/teams/card-actions.js";
import { cardForView } from "../../../src/views/card-for-view.js";
import { toCommand, type CommandPress } from "../../../src/views/card-actions.js";
import { VIEW_SAMPLES } from "../../support/view-samples.js";

const actions = VIEW_SAMPLES.flatMap(({ view }) => cardForView(view).actions);
const filled = (press: CommandPress): CommandPress =>
  press.verb === "resolve-appoint" ? { ...press, person: "p-tom", reason: "" } : "reason" in press ? { ...press, reason: "" } : press;

describe("card actions", () => {
  it("covers every verb but refresh", () => {
    expect(new Set(actions.map((a) => a.verb))).toEqual(new Set(["vote-agree", "vote-object", "vote-abstain", "vote-accept", "vote-decline", "resolve-appoint", "resolve-return", "ack", "snooze", "remind", "record-contact", "plan-done"]));
  });

  it.each(actions.map((a) => [a.verb, a] as const))("%s: a Slack button and a Teams action come back as the same press", (_verb, action) => {
    const { actionId, value } = slackButtonOf(action.payload);
    const fromSlack = pressOf(actionId, value);
    expect(fromSlack).not.toBeNull();
    const fromTeams = readCardAction(action.verb, { ...action.payload, ...(action.verb === "resolve-appoint" ? { person: "5d1c1a52-8b7e-4f7e-9a4b-1c2d3e4f5a6b" } : {}) });
    expect(fromTeams.ok).toBe(true);
    if (!fromTeams.ok || fromTeams.action.verb === "refresh") throw new Error("not a command press");
    const person = { by: "handle", handle: "tom" } as const;
    expect(toCommand(filled(fromSlack!), person)).toEqual(toCommand(filled(fromTeams.action), person));
  });

  it("refuses a button whose value was drawn for another button", () => {
    const agree = actions.find((a) => a.verb === "vote-agree")!;
    const abstain = slackButtonOf(actions.find((a) => a.verb === "vote-abstain")!.payload);
    expect(pressOf(abstain.actionId, slackButtonOf(agree.payload).value)).toBeNull();
  });

  it("makes the domain's commands", () => {
    const ref = "EH-2026-0042";
    const proposalId = "3f1c1a52-8b7e-4f7e-9a4b-1c2d3e4f5a6b";
    expect(toCommand({ verb: "vote-object", ref, proposalId, reason: "over capacity" })).toEqual({
      command: { name: "vote", ref, choice: "object", reason: "over capacity" },
      target: { proposalId },
    });
    expect(toCommand({ verb: "ack", ref, escalationId: proposalId })).toEqual({ command: { name: "acknowledge", ref }, target: { escalationId: proposalId } });
    const reminder = "review-reminder-c1-5wd-1796115600";
    expect(toCommand({ verb: "snooze", ref, nudge: "review", reminder })).toEqual({ command: { name: "snooze", ref, nudge: "review", reminder }, target: {} });
    expect(toCommand({ verb: "record-contact", ref })).toEqual({ command: { name: "contact", ref, note: "" }, target: {} });
  });
});
