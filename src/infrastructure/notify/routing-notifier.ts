// Turns a domain Recipient (case channel, access team, a practitioner) into platform destinations
// and hands each to that platform's sender. A case can have members on Slack and Teams at once.
import type { Logger } from "pino";
import type { Notification, Notifier } from "../../domain/ports.js";
import { PLATFORMS, type ChatChannels, type ChatIdentities, type Platform } from "../../domain/types.js";
import type { ChatDestination, ChatSender, SentMessage } from "./chat-sender.js";
import type { Directory } from "./directory.js";

export class UndeliverableError extends Error {}

/**
 * Whether a message an interrupted attempt may have sent is on the platform: found (with its id),
 * certainly absent, or unknown (the platform cannot be asked, or could not answer).
 */
export type SentLookup = { kind: "found"; message: SentMessage } | { kind: "absent" } | { kind: "unknown"; reason: string };

export class RoutingNotifier implements Notifier {
  private readonly senders = new Map<Platform, ChatSender>();

  constructor(
    private readonly directory: Directory,
    senders: readonly ChatSender[],
    private readonly logger: Logger,
  ) {
    for (const sender of senders) this.senders.set(sender.platform, sender);
  }

  /** Platform adapters attach their sender when they are mounted, after the services exist. */
  addSender(sender: ChatSender): void {
    this.senders.set(sender.platform, sender);
  }

  /** Platforms with a sender attached; a destination on any other platform is skipped. */
  get platforms(): Platform[] {
    return [...this.senders.keys()];
  }

  /**
   * The destinations of many notifications, in their order: the people among them are looked up
   * in one read (a batch of nudges), everything else as `destinations` does.
   */
  async destinationsOfMany(notifications: readonly Notification[]): Promise<ChatDestination[][]> {
    const people = notifications.flatMap((n) => (n.to.kind === "practitioner" ? [n.to.practitionerId] : []));
    const chats = people.length > 1 ? await this.directory.practitionerChats(people) : null;
    return Promise.all(notifications.map((n) => (chats && n.to.kind === "practitioner" ? this.userDestinations(chats.get(n.to.practitionerId) ?? {}) : this.destinations(n))));
  }

  private userDestinations(chat: ChatIdentities): ChatDestination[] {
    return PLATFORMS.flatMap((platform) => {
      const id = chat[platform];
      return id && this.senders.has(platform) ? [{ platform, kind: "user" as const, id }] : [];
    });
  }

  async destinations(notification: Notification): Promise<ChatDestination[]> {
    const to = notification.to;
    const fromChannels = (channels: ChatChannels): ChatDestination[] =>
      PLATFORMS.flatMap((platform) => {
        const id = channels[platform];
        return id && this.senders.has(platform) ? [{ platform, kind: "channel" as const, id }] : [];
      });
    switch (to.kind) {
      case "case-channel":
        return fromChannels(await this.directory.caseChannels(to.caseId));
      case "access-team":
        return fromChannels(await this.directory.accessTeamChannels());
      case "practitioner":
        return this.userDestinations(await this.directory.practitionerChat(to.practitionerId));
      case "posted-copies":
        return this.copiesOf(notification.messageKey);
    }
  }

  /** Every copy posted under the key (or a key below it), on every platform that records its posts. */
  private async copiesOf(messageKey: string | undefined): Promise<ChatDestination[]> {
    if (!messageKey) return [];
    const found = await Promise.all([...this.senders.values()].map((s) => s.copiesOf?.(messageKey) ?? Promise.resolve([])));
    return found.flat();
  }

  async sendTo(destination: ChatDestination, notification: Notification, deliveryKey?: string): Promise<SentMessage> {
    const sender = this.senders.get(destination.platform);
    if (!sender) throw new UndeliverableError(`no sender for ${destination.platform}`);
    return (await sender.send(destination, notification.view, notification.messageKey, deliveryKey)) ?? { messageId: null };
  }

  /** Looks on the platform for a message sent under `deliveryKey` (first tried at `since`). Rethrows a 429. */
  async findSent(destination: ChatDestination, notification: Notification, deliveryKey: string, since: Date): Promise<SentLookup> {
    const sender = this.senders.get(destination.platform);
    if (!sender?.findSent) return { kind: "unknown", reason: `${destination.platform} offers no way to look` };
    try {
      const message = await sender.findSent(destination, deliveryKey, since, notification.messageKey);
      return message ? { kind: "found", message } : { kind: "absent" };
    } catch (error) {
      if (isRateLimit(error)) throw error;
      return { kind: "unknown", reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async send(notification: Notification): Promise<void> {
    const destinations = await this.destinations(notification);
    if (destinations.length === 0) {
      if (notification.to.kind === "posted-copies") return;
      this.logger.warn({ to: notification.to.kind, view: notification.view.type }, "no chat destination for notification");
      return;
    }
    const results = await Promise.allSettled(destinations.map((d) => this.sendTo(d, notification)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed.length) throw new AggregateError(failed.map((f) => f.reason), `${failed.length} of ${destinations.length} deliveries failed`);
  }
}

const isRateLimit = (error: unknown): boolean => {
  const e = error as { retryAfter?: unknown; retryAfterMs?: unknown } | null;
  return typeof e === "object" && e !== null && (typeof e.retryAfter === "number" || typeof e.retryAfterMs === "number");
};
