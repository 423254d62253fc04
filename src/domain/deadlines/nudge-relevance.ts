// Whether a message a deadline wrote is still worth sending [DOMAIN §6: "a nudge whose reason has
// gone is never sent"]. The handlers in handle-deadline.ts check their reason when the deadline
// fires; a message can still wait in the outbox after that (a chat API failing, a 429, a channel's
// pace), and by the time it is tried again the review may have been held, the handover finished,
// or the escalation acknowledged. The outbox dispatcher asks this right before each attempt.
//
// Only nudges are dropped: what a deadline *decided* (a vote closed at its deadline, an escalation
// moved up a level) is news, not a reminder, and always goes out.
import { whyContactNudgeIsMoot } from "../contact/contact-missed.js";
import type { UseCaseContext } from "../context.js";
import { whyPlanNudgeIsMoot } from "../plan/plan-nudges.js";
import type { Notification } from "../ports.js";
import type { Case, Deadline } from "../types.js";

/** Why the message is moot now (a sentence for the record), or null while its reason stands. */
export async function whyNudgeIsMoot(ctx: UseCaseContext, d: Deadline, notification: Notification, writtenAt: Date): Promise<string | null> {
  // Keeping a posted card true is never a nudge: it says what has changed.
  if (d.kind === "vote-close" || d.kind === "escalation-timeout" || notification.to.kind === "posted-copies") return null;
  if (d.state === "cancelled") return "its deadline was cancelled";
  const c = await ctx.repos.cases.get(d.caseId);
  if (!c) return "the case no longer exists";
  if (!c.open) return `${c.reference} is closed`;
  switch (d.kind) {
    case "vote-reminder": {
      const proposal = await ctx.repos.proposals.get(d.subjectId);
      if (!proposal || proposal.state !== "open") return "the vote has closed";
      const to = toPractitioner(notification);
      return to && (await ctx.repos.votes.list(proposal.id)).some((v) => v.voterId === to) ? "the recipient has voted" : null;
    }
    case "review-reminder":
    case "review-overdue":
      return reviewGone(ctx, c, d, notification, writtenAt);
    case "review-date-missing":
      if (c.reviewDate) return `a review date (${c.reviewDate}) has been set`;
      return toPractitioner(notification) && toPractitioner(notification) !== c.leadId ? "the recipient is no longer the lead professional" : null;
    case "handover-reminder":
    case "handover-missed": {
      const open = await ctx.repos.handovers.openForCase(c.id);
      return open?.id === d.subjectId ? null : "the handover is over";
    }
    case "escalation-alert": {
      const e = await ctx.repos.escalations.get(d.subjectId);
      if (!e || e.state !== "open") return "the escalation is resolved";
      const to = toPractitioner(notification);
      return to && e.acknowledgedBy.includes(to) ? "the decider has acknowledged the escalation" : null;
    }
    case "no-lead":
      if (c.leadId) return `${c.reference} has a lead professional`;
      if (await ctx.repos.proposals.openForCase(c.id)) return `a proposal for ${c.reference} is open`;
      if (await ctx.repos.escalations.openForCase(c.id)) return `${c.reference} is in escalation`;
      return null;
    case "contact-missed":
      return whyContactNudgeIsMoot(ctx, c, toPractitioner(notification), writtenAt);
    case "plan-reminder":
    case "plan-overdue":
      return whyPlanNudgeIsMoot(ctx, c, d, toPractitioner(notification));
  }
}

async function reviewGone(ctx: UseCaseContext, c: Case, d: Deadline, notification: Notification, writtenAt: Date): Promise<string | null> {
  const view = notification.view;
  const about = view.type === "review" ? view.reviewDate : c.reviewDate;
  const held = (await ctx.repos.reviews.listForCase(c.id)).find((r) => r.at.getTime() >= writtenAt.getTime());
  if (held) return `the review was held on ${held.heldOn}`;
  if (!c.reviewDate) return "the review date was removed";
  if (about !== c.reviewDate) return `the review date changed from ${about ?? "none"} to ${c.reviewDate}`;
  // A reminder held up past the review date says nothing useful: the overdue alert takes over.
  if (d.kind === "review-reminder" && c.reviewDate < ctx.today) return `the review date ${c.reviewDate} has passed`;
  return null;
}

const toPractitioner = (n: Notification): string | null => (n.to.kind === "practitioner" ? n.to.practitionerId : null);
