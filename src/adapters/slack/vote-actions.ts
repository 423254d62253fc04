// Buttons on a proposal card (and on the App Home tab): Agree, Object…, Abstain for the TAF,
// Accept / Decline for the nominee. Each button's value names the case and the proposal it was
// drawn for; the handler re-validates it, builds the domain's `vote` command and runs it for the
// person who clicked. The domain decides everything else: a non-member gets its "not on the TAF"
// refusal as an ephemeral reply and nothing changes; a stale card's click is refused because the
// proposal id no longer matches the open one.
import type { App } from "@slack/bolt";
import { errorView } from "../../application/command-runner.js";
import { readButtonClick } from "./button-click.js";
import { ACTION, decodeValue, type VoteValue } from "./action-values.js";
import { publishHome } from "./app-home.js";
import { objectModal } from "./object-modal.js";
import { ANSWER_FIRST, slackActor, type SlackDeps } from "./slack-context.js";
import { teamOf } from "./slack-payloads.js";

/** The same person clicking the same button again within this is a double click. */
export const CLICK_WINDOW_MS = 5_000;

const CHOICE_BY_ACTION = new Map<string, VoteValue["choice"]>([
  [ACTION.agree, "agree"],
  [ACTION.object, "object"],
  [ACTION.abstain, "abstain"],
  [ACTION.accept, "accept"],
  [ACTION.decline, "decline"],
]);

export const FORGED_BUTTON = "That button is not one I recognise, so nothing was recorded. Use the buttons on the latest card, or `/lead vote <ref> …`.";

export function registerVoteActions(app: App, deps: SlackDeps): void {
  app.action(/^lead\.vote\./, async ({ ack, body: raw, client: boltClient }) => {
    await ack();
    const click = readButtonClick(deps, raw, boltClient);
    if (!click) return;
    const { body, action, client, fromHome, target, reply } = click;

    const value = decodeValue(action.value);
    const choice = CHOICE_BY_ACTION.get(action.action_id);
    if (!value || value.v !== "vote" || choice === undefined || value.choice !== choice) {
      await deps.after("forged vote button", () => reply(errorView(FORGED_BUTTON)));
      return;
    }

    if (choice === "object") {
      // A trigger id lives for 3 seconds: open the modal before doing anything else.
      try {
        await client.views.open({
          trigger_id: body.trigger_id,
          view: objectModal({
            ref: value.ref,
            proposalId: value.proposalId,
            channelId: target.channelId,
            responseUrl: target.responseUrl,
            fromHome,
          }),
        });
      } catch {
        await deps.after("object modal failed", () =>
          reply(errorView(`I couldn't open the objection form. You can object with \`/lead vote ${value.ref} object <reason>\`.`)),
        );
      }
      return;
    }

    const requestKey = `slack:act:${body.trigger_id}`;
    await deps.after(
      `vote ${choice}`,
      async () => {
        if (!(await deps.dedupe.claimOnce(requestKey))) return deps.services.rejections.record("slack", "replayed", requestKey);
        const owner = `${teamOf(body)}:${body.user.id}`;
        const fresh = await deps.dedupe.claimRecent("click", owner, `${value.proposalId}:${choice}`, CLICK_WINDOW_MS);
        if (!fresh) {
          deps.logger.info({ choice }, "double click ignored");
          return;
        }
        const actor = slackActor(body.user.id, target.channelId, requestKey);
        if (!actor) return reply(errorView("That request from Slack was incomplete, so nothing was recorded."));
        const view = await deps.services.runner.run(actor, { name: "vote", ref: value.ref, choice, reason: "" }, { proposalId: value.proposalId }, ANSWER_FIRST);
        // Nothing was recorded when we failed (not refused): pressing again at once must not look like a double click.
        if (view.type === "error" && view.correlationId) await deps.dedupe.forget("click", owner);
        // On the Home tab the refreshed tab is the answer; only a refusal needs a message.
        if (!fromHome || view.type === "error") await reply(view);
        if (fromHome) await publishHome(deps, client, body.user.id);
      },
      reply,
    );
  });
}
