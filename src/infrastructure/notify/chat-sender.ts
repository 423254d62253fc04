import type { Platform } from "../../domain/types.js";
import type { View } from "../../domain/views.js";

/** Where one message goes on one platform: a channel or conversation, or a person's direct chat. */
export interface ChatDestination {
  platform: Platform;
  kind: "channel" | "user";
  /** Slack channel / user id, Teams conversation id / AAD object id, playground channel / user. */
  id: string;
  /**
   * Set on a destination that is one copy of a message posted before (a `posted-copies`
   * notification): the key that copy was recorded under. Such a send only updates that copy in
   * place, and never posts anew when the copy is gone.
   */
  copy?: string;
}

/** What a platform said of a message it accepted. */
export interface SentMessage {
  /** The platform's id of the message (Slack ts, Teams activity id); null when it gave none. */
  messageId: string | null;
  /** An earlier message was updated in place (a keyed card): nobody sees a second message. */
  inPlace?: boolean;
}

/** One platform's way of posting (or updating in place, when `messageKey` was seen before) a view. */
export interface ChatSender {
  readonly platform: Platform;
  /**
   * `deliveryKey` names this delivery (outbox entry × destination); a platform that can carry it
   * with the message (Slack message metadata) does, so `findSent` can recognise it later.
   */
  send(destination: ChatDestination, view: View, messageKey?: string, deliveryKey?: string): Promise<SentMessage | void>;
  /**
   * Only on platforms that let a bot read back what it posted: the message sent earlier under
   * `deliveryKey` (tried first at `since`), or null when it is certainly not there. Throws when
   * it cannot tell (no access to the history, the window searched was too short).
   */
  findSent?(destination: ChatDestination, deliveryKey: string, since: Date, messageKey?: string): Promise<SentMessage | null>;
  /**
   * Every copy this platform recorded of messages posted under `messageKey` or under a key below
   * it (`<messageKey>/…`): where each went, with `copy` set. A platform that keeps no record of
   * its posts answers none.
   */
  copiesOf?(messageKey: string): Promise<ChatDestination[]>;
}

/** Whether a recorded message key is `messageKey` itself or one below it (`<messageKey>/…`). */
export const isCopyOf = (recorded: string, messageKey: string): boolean => recorded === messageKey || recorded.startsWith(`${messageKey}/`);
