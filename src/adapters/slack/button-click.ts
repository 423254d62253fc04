// What every button handler does first, after its ack: check the payload is a block action,
// and work out where the clicker's ephemeral answer goes (the message's channel, or their App
// Home tab, which has no channel to answer in).
import type { WebClient } from "@slack/web-api";
import type { View } from "../../domain/views.js";
import { replyEphemeral, type ReplyTarget, type SlackDeps } from "./slack-context.js";
import { blockActionBody, type BlockActionBody } from "./slack-payloads.js";

export interface ButtonClick {
  body: BlockActionBody;
  action: BlockActionBody["actions"][number];
  client: WebClient;
  /** Clicked on the App Home tab rather than on a message. */
  fromHome: boolean;
  target: ReplyTarget;
  reply(view: View): Promise<void>;
}

/** The click, or null (logged) when the payload is not a block action this app can read. */
export function readButtonClick(deps: SlackDeps, raw: unknown, boltClient: unknown): ButtonClick | null {
  const parsed = blockActionBody.safeParse(raw);
  if (!parsed.success) {
    deps.logger.warn("block action payload did not validate; ignored");
    return null;
  }
  const body = parsed.data;
  const client = boltClient as WebClient;
  const fromHome = body.container?.type === "view";
  const target: ReplyTarget = { userId: body.user.id, channelId: fromHome ? null : (body.channel?.id ?? null), responseUrl: body.response_url ?? null };
  return { body, action: body.actions[0]!, client, fromHome, target, reply: (view) => replyEphemeral(deps, client, target, view) };
}
