// Buttons on a proposal card (and on the App Home tab): Agree, Object…, Abstain for the TAF,
// Accept / Decline for the nominee. Each button's value names the case and the proposal it was
// drawn for; the handler re-validates it, builds the domain's `vote` command and runs it for the
// person who clicked. The domain decides everything else: a non-member gets its "not on the TAF"
// refusal as an ephemeral reply and nothing changes; a stale card's click is refused because the
// proposal id no longer matches the open one.
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { errorView } from "../../application/command-runner.js";
import type { View } from "../../domain/views.js";
import { ACTION, decodeValue, type VoteValue } from "./action-values.js";
import { publishHome } from "./app-home.js";
import { objectModal } from "./object-modal.js";
import { replyEphemeral, slackActor, type ReplyTarget, type SlackDeps } from "./slack-context.js";
import { blockActionBody, teamOf } from "./slack-payloads.js";

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
    const client = boltClient as WebClient;
    const parsed = blockActionBody.safeParse(raw);
    if (!parsed.success) {
      deps.logger.warn("block action payload did not validate; ignored");
      return;
    }
    const body = parsed.data;
    const action = body.actions[0]!;
    const fromHome = body.container?.type === "view";
    const target: ReplyTarget = { userId: body.user.id, channelId: fromHome ? null : (body.channel?.id ?? null), responseUrl: body.response_url ?? null };
    const reply = (view: View) => replyEphemeral(deps, client, target, view);

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
        const view = await deps.services.runner.run(actor, { name: "vote", ref: value.ref, choice, reason: "" }, { proposalId: value.proposalId });
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
