// What happens when a scheduled moment arrives. Every handler first checks that its reason still
// stands (the vote still open, the review not yet held…): a nudge whose reason has gone is dropped.
import { askForReviewDate } from "../allocation/appoint-lead.js";
import { closeProposalIfDecided } from "../allocation/close-proposal.js";
import { remindNonVoters } from "../allocation/remind-voters.js";
import { noLeadDeadline } from "../case/open-case.js";
import { contactMissedNudge } from "../contact/contact-missed.js";
import type { UseCaseContext } from "../context.js";
import { planOverdue, planReminder } from "../plan/plan-nudges.js";
import { planSummary } from "../plan/plan-summary.js";
import { climb } from "../escalation/start-escalation.js";
import { LEVEL_NAMES } from "../escalation/escalation-ladder.js";
import { escalationRepeatKey, handoverCardKey, reviewCardKey } from "../message-keys.js";
import { handoverNudgeView, reviewNudgeView } from "./nudge-views.js";
import type { Case, Deadline } from "../types.js";
import { isSnoozed, makeDeadline } from "./deadline-keys.js";

/** Returns false when the deadline's reason had gone and nothing was done. */
export async function handleDeadline(ctx: UseCaseContext, d: Deadline, c: Case): Promise<boolean> {
  if (!c.open) return false;
  switch (d.kind) {
    case "vote-close":
      return voteClose(ctx, c, d);
    case "vote-reminder":
      return voteReminder(ctx, c, d);
    case "review-reminder":
    case "review-overdue":
      return reviewNudge(ctx, c, d);
    case "review-date-missing":
      return reviewDateMissing(ctx, c);
    case "handover-reminder":
    case "handover-missed":
      return handoverNudge(ctx, c, d);
    case "escalation-timeout":
      return escalationTimeout(ctx, c, d);
    case "escalation-alert":
      return escalationAlert(ctx, c, d);
    case "no-lead":
      return noLead(ctx, c);
    case "contact-missed":
      return contactMissedNudge(ctx, c, d);
    case "plan-reminder":
      return planReminder(ctx, c, d);
    case "plan-overdue":
      return planOverdue(ctx, c, d);
  }
}

async function voteClose(ctx: UseCaseContext, c: Case, d: Deadline): Promise<boolean> {
  const proposal = await ctx.repos.proposals.get(d.subjectId);
  if (!proposal || proposal.state !== "open") return false;
  return closeProposalIfDecided(ctx, c, proposal);
}

/** The day before a vote closes, those who have not voted (and only they) are reminded [DOMAIN §4.4]. */
async function voteReminder(ctx: UseCaseContext, c: Case, d: Deadline): Promise<boolean> {
  const proposal = await ctx.repos.proposals.get(d.subjectId);
  if (!proposal || proposal.state !== "open") return false;
  const nudged = await remindNonVoters(ctx, c, proposal, null);
  if (nudged.length === 0) return false;
  await ctx.audit("vote.reminder", c.id, { proposalId: proposal.id, count: nudged.length });
  return true;
}

async function reviewNudge(ctx: UseCaseContext, c: Case, d: Deadline): Promise<boolean> {
  if (!c.reviewDate) return false;
  const overdue = d.kind === "review-overdue";
  if (!overdue && c.reviewDate < ctx.today) return false;
  const lead = c.leadId ? await ctx.repos.practitioners.get(c.leadId) : null;
  const view = reviewNudgeView(ctx, c, overdue, lead, await planSummary(ctx, c));
  // Only a reminder is the LP's to snooze, and only once: a snoozed reminder coming back has no
  // Snooze button. The overdue alert reaches their manager and the access team too. The cards
  // that name the review date are kept true (a snooze, the case closing); the access team's
  // alert goes into its digest instead.
  const snoozable = !overdue && !isSnoozed(d);
  const key = reviewCardKey(c.id, d.key);
  if (lead) ctx.notify({ kind: "practitioner", practitionerId: lead.id }, snoozable ? { ...view, snoozeKey: d.key } : view, key);
  else ctx.notify({ kind: "case-channel", caseId: c.id }, view, key);
  if (overdue) {
    if (lead?.managerId) ctx.notify({ kind: "practitioner", practitionerId: lead.managerId }, view, key);
    ctx.notify({ kind: "access-team" }, view);
  }
  await ctx.audit(overdue ? "review.overdue" : "review.reminder", c.id, { reviewDate: c.reviewDate });
  return true;
}

async function reviewDateMissing(ctx: UseCaseContext, c: Case): Promise<boolean> {
  if (c.reviewDate || !c.leadId) return false;
  const lead = await ctx.repos.practitioners.get(c.leadId);
  if (!lead) return false;
  await askForReviewDate(ctx, c, lead);
  await ctx.audit("review.date-missing", c.id);
  return true;
}

async function handoverNudge(ctx: UseCaseContext, c: Case, d: Deadline): Promise<boolean> {
  const handover = await ctx.repos.handovers.openForCase(c.id);
  if (!handover || handover.id !== d.subjectId) return false;
  const outgoing = await ctx.repos.practitioners.get(handover.outgoingLeadId);
  if (!outgoing) return false;
  const missed = d.kind === "handover-missed";
  const view = handoverNudgeView(c, handover, missed, outgoing);
  const key = handoverCardKey(handover.id, d.key);
  if (missed) {
    if (outgoing.managerId) ctx.notify({ kind: "practitioner", practitionerId: outgoing.managerId }, view);
    ctx.notify({ kind: "access-team" }, view);
  } else {
    // A snoozed reminder coming back is the outgoing LP's alone (the channel had its copy), and
    // cannot be snoozed again. The outgoing LP's card is kept true (a snooze, the case closing).
    if (isSnoozed(d)) ctx.notify({ kind: "practitioner", practitionerId: outgoing.id }, view, key);
    else {
      ctx.notify({ kind: "practitioner", practitionerId: outgoing.id }, { ...view, snoozeKey: d.key }, key);
      ctx.notify({ kind: "case-channel", caseId: c.id }, view);
    }
  }
  await ctx.audit(missed ? "handover.missed" : "handover.reminder", c.id, { handoverId: handover.id });
  return true;
}

async function escalationTimeout(ctx: UseCaseContext, c: Case, d: Deadline): Promise<boolean> {
  const e = await ctx.repos.escalations.get(d.subjectId);
  if (!e || e.state !== "open" || !e.deadline || e.deadline.getTime() > ctx.now.getTime()) return false;
  await climb(ctx, c, e, `the ${LEVEL_NAMES[e.level]} did not decide within ${ctx.settings.escalationTimeoutWorkingDays} working days.`);
  return true;
}

/** Repeats each working morning to deciders who have not acknowledged. */
async function escalationAlert(ctx: UseCaseContext, c: Case, d: Deadline): Promise<boolean> {
  const e = await ctx.repos.escalations.get(d.subjectId);
  if (!e || e.state !== "open") return false;
  const waiting = e.deciderIds.filter((id) => !e.acknowledgedBy.includes(id));
  if (waiting.length === 0) return false;
  const text = `Reminder: the escalation on ${c.reference} (level ${e.level}, ${LEVEL_NAMES[e.level]}) is waiting for your decision. Appoint a lead professional or send it back to the TAF; \`ack ${c.reference}\` stops these reminders.`;
  // Kept true with the escalation's other cards: once it is resolved, each repeat says so.
  const key = escalationRepeatKey(e.id, d.key);
  for (const id of waiting) ctx.notify({ kind: "practitioner", practitionerId: id }, { type: "text", tone: "warning", caseRef: c.reference, text }, key);
  const next = ctx.calendar.workingMorning(ctx.calendar.addWorkingDays(ctx.today, 1));
  await ctx.schedule([makeDeadline("escalation-alert", c.id, e.id, next, `L${e.level}`)]);
  await ctx.audit("escalation.alert", c.id, { escalationId: e.id, level: e.level, to: waiting });
  return true;
}

async function noLead(ctx: UseCaseContext, c: Case): Promise<boolean> {
  if (c.leadId || (await ctx.repos.proposals.openForCase(c.id)) || (await ctx.repos.escalations.openForCase(c.id))) return false;
  const since = c.noLeadSince ?? c.openedAt;
  ctx.notify({ kind: "case-channel", caseId: c.id }, {
    type: "text",
    tone: "warning",
    caseRef: c.reference,
    text: `${c.reference} has had no lead professional since ${ctx.when(since)}. Please meet as a TAF and choose one: \`propose ${c.reference} @who\`.`,
  });
  await ctx.schedule([noLeadDeadline(ctx, { ...c, noLeadSince: ctx.now })]);
  await ctx.audit("case.no-lead", c.id);
  return true;
}
