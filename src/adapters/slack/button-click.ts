// Unwraps a Block Kit button click into the one action grammar (src/views/card-actions.ts) and
// works out where the clicker's ephemeral answer goes (the message's channel, or their App Home
// tab, which has no channel to answer in). Presses that need a reason or a person open their
// form at once: a trigger id lives for 3 seconds.
import type { WebClient } from "@slack/web-api";
import { errorView } from "../../application/command-runner.js";
import { pressOf, type ModalMetadata } from "./action-values.js";
import { appointModal, returnModal } from "./escalation-modal.js";
import { objectModal } from "./object-modal.js";
import type { Press } from "./press-middleware.js";
import { replyEphemeral, type ReplyTarget, type SlackDeps } from "./slack-context.js";
import { blockActionBody, teamOf } from "./slack-payloads.js";

export const FORGED_BUTTON = "That button is not one I recognise, so nothing was recorded. Use the buttons on the latest card, or `/lead vote <ref> …`.";

interface ClickArgs {
  body: unknown;
  client: unknown;
  context: Record<string, unknown>;
  next: () => Promise<void>;
}

/** Reads the click into `context.press`; a payload or value this app did not draw is answered and goes no further. */
export const readButtonPress = (deps: SlackDeps) => async ({ body: raw, client: boltClient, context, next }: ClickArgs): Promise<void> => {
  const parsed = blockActionBody.safeParse(raw);
  if (!parsed.success) {
    deps.logger.warn("block action payload did not validate; ignored");
    return;
  }
  const body = parsed.data;
  const client = boltClient as WebClient;
  const fromHome = body.container?.type === "view";
  const target: ReplyTarget = { userId: body.user.id, channelId: fromHome ? null : (body.channel?.id ?? null), responseUrl: body.response_url ?? null };
  const reply = (view: Parameters<typeof replyEphemeral>[3]) => replyEphemeral(deps, client, target, view);
  const action = body.actions[0]!;
  const press = pressOf(action.action_id, action.value);
  if (!press) {
    await deps.after("forged button", () => reply(errorView(FORGED_BUTTON)));
    return;
  }
  const found: Press = { press, source: "button", requestKey: `slack:act:${body.trigger_id}`, owner: `${teamOf(body)}:${body.user.id}`, target, fromHome, client, reply };
  context.press = found;

  const meta: ModalMetadata = { ref: press.ref, channelId: target.channelId, responseUrl: target.responseUrl, fromHome };
  const form =
    press.verb === "vote-object"
      ? objectModal({ ...meta, proposalId: press.proposalId })
      : press.verb === "resolve-appoint"
        ? appointModal({ ...meta, escalationId: press.escalationId })
        : press.verb === "resolve-return"
          ? returnModal({ ...meta, escalationId: press.escalationId })
          : null;
  if (!form) return next();
  try {
    await client.views.open({ trigger_id: body.trigger_id, view: form });
  } catch {
    const typed =
      press.verb === "vote-object"
        ? `I couldn't open the objection form. You can object with \`/lead vote ${press.ref} object <reason>\`.`
        : `I couldn't open the form. You can decide with \`/lead resolve ${press.ref} appoint @who <reason>\` or \`/lead resolve ${press.ref} return <reason>\`.`;
    await deps.after("form failed", () => reply(errorView(typed)));
  }
};
