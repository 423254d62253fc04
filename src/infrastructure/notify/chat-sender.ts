import type { Platform } from "../../domain/types.js";
import type { View } from "../../domain/views.js";

/** Where one message goes on one platform: a channel or conversation, or a person's direct chat. */
export interface ChatDestination {
  platform: Platform;
  kind: "channel" | "user";
  /** Slack channel / user id, Teams conversation id / AAD object id, playground channel / user. */
  id: string;
}

/** One platform's way of posting (or updating in place, when `messageKey` was seen before) a view. */
export interface ChatSender {
  readonly platform: Platform;
  send(destination: ChatDestination, view: View, messageKey?: string): Promise<void>;
}
