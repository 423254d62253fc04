// Access-team digests. A Monday morning can produce 200 overdue-review alerts for the access team
// channel at once; posting them one by one would take minutes at Slack's pace and bury the channel.
// So an access-team notification produced by the schedule is parked (outbox.digest_group) instead
// of sent, and a flush job, run a short window after the first one of its kind, merges everything
// parked of that kind into one message (a new outbox entry, delivered like any other).
import { randomUUID } from "node:crypto";
import type { Clock, Notification } from "../../domain/ports.js";
import { formatDay, formatMoment } from "../../domain/presenters/format-time.js";
import type { TextView, View } from "../../domain/views.js";
import type { OutboxStore } from "./outbox-store.js";

/** Keys of command notifications: a person just acted, so these go out at once. */
export const COMMAND_KEY_PREFIX = "cmd-";
export const DIGEST_KEY_PREFIX = "digest-";
export const FAILURE_KEY_PREFIX = "failed-";

/**
 * The digest a notification belongs to, or null when it is sent on its own: only access-team
 * notifications raised by the schedule (not by a person's command), and never a card that is
 * updated in place (it has a messageKey).
 */
export function digestGroup(key: string, notification: Notification): string | null {
  if (notification.to.kind !== "access-team" || notification.messageKey) return null;
  if (key.startsWith(COMMAND_KEY_PREFIX) || key.startsWith(DIGEST_KEY_PREFIX)) return null;
  if (key.startsWith(FAILURE_KEY_PREFIX)) return "delivery-failed";
  const view = notification.view;
  if ("event" in view) return `${view.type}-${view.event}`;
  if (view.type === "text") return `text-${view.tone}`;
  return view.type;
}

const HEADINGS: Record<string, string> = {
  "review-overdue": "reviews are overdue",
  "review-reminder": "review reminders",
  "review-date-missing": "cases have no review date",
  "handover-missed": "handover deadlines were missed",
  "handover-reminder": "handover reminders",
  "handover-started": "handovers started",
  "handover-completed": "handovers completed",
  decision: "lead professional decisions",
  escalation: "escalation updates",
  "delivery-failed": "messages could not be delivered",
};

function line(view: View, timeZone: string): string {
  switch (view.type) {
    case "review":
      return `${view.caseRef}: review date ${view.reviewDate ? formatDay(view.reviewDate) : "not set"}; ${view.lead ? `lead professional ${view.lead.name}` : "no lead professional"}`;
    case "handover":
      return `${view.caseRef}: ${view.outgoing.name} handing over (${view.trigger}), deadline ${formatMoment(view.deadline, timeZone)}`;
    case "decision":
      return `${view.caseRef}: ${view.outcome === "agreed" ? `${view.lead?.name ?? "nobody"} appointed` : "not agreed"}`;
    case "escalation":
      return `${view.caseRef}: level ${view.level} (${view.levelName})${view.state === "resolved" ? ", resolved" : ""}`;
    case "text":
      return view.text;
    default:
      return "caseRef" in view ? `${view.caseRef}: ${view.type}` : view.type;
  }
}

/** One message standing for several: a heading and one line per original notification. */
export function digestView(group: string, notifications: readonly Notification[], timeZone: string): TextView {
  const heading = `${notifications.length} ${HEADINGS[group] ?? `access team notifications (${group})`}:`;
  const lines = notifications.map((n) => `• ${line(n.view, timeZone)}`);
  const tone = group.endsWith("overdue") || group.endsWith("missed") || group === "delivery-failed" ? "warning" : "info";
  return { type: "text", tone, caseRef: null, text: [heading, ...lines].join("\n") };
}

export class DigestFlusher {
  constructor(
    private readonly store: OutboxStore,
    private readonly clock: Clock,
    private readonly maxItems: number,
    private readonly timeZone: () => Promise<string>,
  ) {}

  /**
   * Merges every entry parked in `group` into digest entries of at most `maxItems` lines and
   * returns their keys for delivery. Each digest is written in the same transaction that marks
   * its originals delivered, so an entry is in exactly one digest; a lone entry is passed on as it is.
   */
  async flush(group: string): Promise<string[]> {
    const timeZone = await this.timeZone();
    const keys: string[] = [];
    for (;;) {
      const made = await this.store.mergeParked(group, this.maxItems, (notifications) => ({
        key: `${DIGEST_KEY_PREFIX}${group}-${randomUUID()}`,
        notification: notifications.length === 1 ? notifications[0]! : { to: { kind: "access-team" }, view: digestView(group, notifications, timeZone) },
        createdAt: this.clock.now(),
      }));
      if (!made) break;
      keys.push(made.key);
      if (made.count < this.maxItems) break;
    }
    return keys;
  }
}
