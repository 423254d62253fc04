// The access team's alert for a message that could not be delivered. It names what kind of
// message it was, about which case and for whom, never its content: the content may be about a
// family, and the access team only needs enough to pass it on by hand.
import type { Notification } from "../ports.js";
import type { Platform } from "../types.js";
import type { View } from "../views.js";

export interface UndeliveredMessage {
  notification: Notification;
  /** The practitioner's name when it went to one (null: not known any more). */
  practitionerName: string | null;
  /** Platforms whose destinations failed; empty when there was no destination at all. */
  platforms: readonly Platform[];
  /** Sends tried at the destinations that failed. */
  attempts: number;
  /** What the chat platforms answered, or why nothing could be tried. */
  reason: string;
}

export function deliveryFailureAlert(m: UndeliveredMessage): Notification {
  const view = m.notification.view;
  const caseRef = "caseRef" in view ? view.caseRef : null;
  const to = m.notification.to;
  const who = to.kind === "practitioner" ? (m.practitionerName ?? "a practitioner") : to.kind === "access-team" ? "the access team channel" : "the case channel";
  const platforms = [...new Set(m.platforms)];
  const on = platforms.length ? ` on ${platforms.join(" and ")}` : "";
  const tries = m.attempts === 1 ? "1 attempt" : `${m.attempts} attempts`;
  const text =
    `leadbot could not deliver ${describeView(view)}${caseRef ? ` about ${caseRef}` : ""} to ${who}${on} after ${tries} (${m.reason}). ` +
    `Please pass it on.`;
  return { to: { kind: "access-team" }, view: { type: "text", tone: "warning", caseRef, text } };
}

/** "a review reminder message", "a decision message": what kind of message it was, never its content. */
function describeView(view: View): string {
  if ("event" in view) return `a ${view.type} ${view.event.replace(/-/g, " ")} message`;
  return `a ${view.type} message`;
}
