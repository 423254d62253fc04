import type { Platform } from "../../domain/types.js";
import type { View } from "../../domain/views.js";
import { isCopyOf, type ChatDestination, type ChatSender, type SentMessage } from "./chat-sender.js";

export interface RecordedMessage {
  seq: number;
  at: Date;
  destination: ChatDestination;
  view: View;
  messageKey: string | null;
}

/**
 * Keeps the last messages in memory, updating a keyed message in place like a real chat would.
 * Serves the local playground, where there is no Slack or Teams to post to.
 */
export class RecordingSender implements ChatSender {
  private seq = 0;
  readonly messages: RecordedMessage[] = [];

  constructor(
    readonly platform: Platform,
    private readonly limit = 500,
  ) {}

  async copiesOf(messageKey: string): Promise<ChatDestination[]> {
    return this.messages
      .filter((m) => m.messageKey !== null && isCopyOf(m.messageKey, messageKey))
      .map((m) => ({ ...m.destination, copy: `${m.messageKey}@${m.destination.id}` }));
  }

  async send(destination: ChatDestination, view: View, messageKey?: string): Promise<SentMessage> {
    const existing = destination.copy
      ? this.messages.find((m) => `${m.messageKey}@${m.destination.id}` === destination.copy)
      : messageKey
        ? this.messages.find((m) => m.messageKey === messageKey && m.destination.id === destination.id)
        : undefined;
    // A copy to keep true that is no longer kept here: nothing to update, nothing to post.
    if (destination.copy && !existing) return { messageId: null, inPlace: true };
    if (existing) {
      existing.view = view;
      existing.at = new Date();
      return { messageId: `recorded-${existing.seq}`, inPlace: true };
    }
    this.messages.push({ seq: ++this.seq, at: new Date(), destination, view, messageKey: messageKey ?? null });
    if (this.messages.length > this.limit) this.messages.splice(0, this.messages.length - this.limit);
    return { messageId: `recorded-${this.seq}` };
  }

  for(destinationId: string): RecordedMessage[] {
    return this.messages.filter((m) => m.destination.id === destinationId);
  }
}
