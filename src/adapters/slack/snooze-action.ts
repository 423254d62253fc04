// The Snooze button on a review or handover reminder DM'd to its recipient. It runs the domain's
// `snooze` command for whoever clicked; the domain checks they are the reminder's recipient and
// that it has not been snoozed before, so a forwarded or forged button changes nothing.
import type { App } from "@slack/bolt";
import { errorView } from "../../application/command-runner.js";
import { readButtonClick } from "./button-click.js";
import { ACTION, decodeValue } from "./action-values.js";
import { ANSWER_FIRST, slackActor, type SlackDeps } from "./slack-context.js";
import { teamOf } from "./slack-payloads.js";
import { CLICK_WINDOW_MS, FORGED_BUTTON } from "./vote-actions.js";

export function registerSnoozeAction(app: App, deps: SlackDeps): void {
  app.action(ACTION.snooze, async ({ ack, body: raw, client: boltClient }) => {
    await ack();
    const click = readButtonClick(deps, raw, boltClient);
    if (!click) return;
    const { body, action, target, reply } = click;
    const value = decodeValue(action.value);
    if (!value || value.v !== "snooze") {
      await deps.after("forged snooze button", () => reply(errorView(FORGED_BUTTON)));
      return;
    }

    const requestKey = `slack:act:${body.trigger_id}`;
    await deps.after(
      "snooze",
      async () => {
        if (!(await deps.dedupe.claimOnce(requestKey))) return;
        // A double click would otherwise come back as "already snoozed" right after "snoozed".
        const owner = `${teamOf(body)}:${body.user.id}`;
        const fresh = await deps.dedupe.claimRecent("click", owner, `snooze:${value.ref}:${value.nudge}`, CLICK_WINDOW_MS);
        if (!fresh) return;
        const actor = slackActor(body.user.id, target.channelId, requestKey);
        if (!actor) return reply(errorView("That request from Slack was incomplete, so nothing was recorded."));
        const view = await deps.services.runner.run(actor, { name: "snooze", ref: value.ref, nudge: value.nudge }, {}, ANSWER_FIRST);
        // Nothing was recorded when we failed (not refused): pressing again at once must not look like a double click.
        if (view.type === "error" && view.correlationId) await deps.dedupe.forget("click", owner);
        await reply(view);
      },
      reply,
    );
  });
}
