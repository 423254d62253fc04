// The Snooze button on reminders, in Block Kit and in the Adaptive Card templates: drawn only on
// the recipient's copy, carrying a verb and the ids the domain command needs, nothing else.
import { describe, expect, it } from "vitest";
import { ACTION, decodeValue } from "../../../src/adapters/slack/action-values.js";
import { renderView } from "../../../src/adapters/slack/render-blocks.js";
import { readCardAction } from "../../../src/adapters/teams/card-actions.js";
import { cardFor, SHARED_CONTEXT } from "../../../src/adapters/teams/render-card.js";
import type { HandoverView, ReviewView, View } from "../../../src/domain/views.js";

const hana = { id: "p-hana", name: "Hana Health", role: "health-visitor", agency: "Health Visiting" };
const review: ReviewView = {
  type: "review",
  caseRef: "EH-2026-0042",
  event: "reminder",
  reviewDate: "2026-12-18",
  outcome: null,
  lead: hana,
  workingDaysBefore: 5,
};
const handover: HandoverView = {
  type: "handover",
  caseRef: "EH-2026-0042",
  event: "reminder",
  outgoing: hana,
  successor: null,
  trigger: "leaving",
  deadline: new Date("2026-12-07T10:00:00Z"),
};

const REVIEW_KEY = "review-reminder-c1-5wd-1796115600";
const HANDOVER_KEY = "handover-reminder-h1-2wd-1796115600";

function slackSnooze(view: View, interactive = true) {
  const { blocks } = renderView(view, { timeZone: "Europe/London", interactive });
  return blocks.flatMap((b) => (b.type === "actions" ? b.elements : [])).filter((e) => "action_id" in e && e.action_id === ACTION.snooze);
}

function teamsSnooze(view: View) {
  const card = cardFor(view, SHARED_CONTEXT, "Europe/London") as { actions?: Record<string, unknown>[] };
  return (card.actions ?? []).filter((a) => a.verb === "snooze");
}

describe("the Snooze button", () => {
  it("Slack: on the recipient's review and handover reminders, with the case, the nudge and which reminder", () => {
    const [button] = slackSnooze({ ...review, snoozeKey: REVIEW_KEY });
    expect(decodeValue((button as { value: string }).value)).toEqual({ v: "snooze", ref: "EH-2026-0042", nudge: "review", reminder: REVIEW_KEY });
    const [onHandover] = slackSnooze({ ...handover, snoozeKey: HANDOVER_KEY });
    expect(decodeValue((onHandover as { value: string }).value)).toEqual({ v: "snooze", ref: "EH-2026-0042", nudge: "handover", reminder: HANDOVER_KEY });
  });

  it("Slack: not on the channel's copy, the overdue alert, or an ephemeral reply", () => {
    expect(slackSnooze(review)).toHaveLength(0);
    expect(slackSnooze({ ...review, event: "overdue" })).toHaveLength(0);
    expect(slackSnooze(handover)).toHaveLength(0);
    expect(slackSnooze({ ...review, snoozeKey: REVIEW_KEY }, false)).toHaveLength(0);
  });

  it("Teams: an Action.Execute with an Action.Submit fallback carrying the same data", () => {
    for (const [view, nudge, reminder] of [[{ ...review, snoozeKey: REVIEW_KEY }, "review", REVIEW_KEY], [{ ...handover, snoozeKey: HANDOVER_KEY }, "handover", HANDOVER_KEY]] as const) {
      const [action] = teamsSnooze(view);
      const data = { verb: "snooze", ref: "EH-2026-0042", nudge, reminder };
      expect(action).toMatchObject({ type: "Action.Execute", data, fallback: { type: "Action.Submit", data } });
      expect(readCardAction(action!.verb, action!.data)).toEqual({ ok: true, action: data });
    }
    expect(teamsSnooze(review)).toHaveLength(0);
    expect(teamsSnooze(handover)).toHaveLength(0);
  });

  it("Teams: a snooze naming something that is not a nudge is refused before anything runs", () => {
    expect(readCardAction("snooze", { ref: "EH-2026-0042", nudge: "vote", reminder: REVIEW_KEY })).toMatchObject({ ok: false });
    expect(readCardAction("snooze", { ref: "not a ref", nudge: "review", reminder: REVIEW_KEY })).toMatchObject({ ok: false });
    // A card that does not say which reminder it was sent for cannot move one.
    expect(readCardAction("snooze", { ref: "EH-2026-0042", nudge: "review" })).toMatchObject({ ok: false });
    expect(readCardAction("snooze", { ref: "EH-2026-0042", nudge: "review", reminder: "no; spaces" })).toMatchObject({ ok: false });
  });
});
