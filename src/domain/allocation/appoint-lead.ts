import { reviewCardKey } from "../message-keys.js";
import type { UseCaseContext } from "../context.js";
import { makeDeadline } from "../deadlines/deadline-keys.js";
import { peopleById, personView, viewOf } from "../presenters/person-view.js";
import type { Case, Practitioner } from "../types.js";
import type { DecisionView } from "../views.js";

/**
 * Makes a practitioner the LP: the previous LP steps down, an open handover completes, the access
 * team is told [DOMAIN §4.5, §7], and the new LP is asked for a review date if none is set [§6].
 */
export async function appointLead(
  ctx: UseCaseContext,
  c: Case,
  leadId: string,
  reason: string,
  kind: DecisionView["kind"],
): Promise<void> {
  const previousId = c.leadId;
  const people = await peopleById((ids) => ctx.repos.practitioners.getMany(ids), [leadId, previousId]);
  const lead = people.get(leadId);
  if (!lead) throw new Error(`appointLead: practitioner ${leadId} not found`);
  c.leadId = leadId;
  c.leadSince = ctx.now;
  c.noLeadSince = null;
  await ctx.repos.cases.update(c);
  await ctx.cancel(c.id, ["no-lead"]);
  await ctx.audit("lead.appointed", c.id, { leadId, previousId, kind });

  const decision: DecisionView = {
    type: "decision",
    caseRef: c.reference,
    kind,
    outcome: "agreed",
    lead: personView(lead),
    previousLead: previousId ? viewOf(people, previousId) : null,
    reason,
  };
  ctx.notify({ kind: "case-channel", caseId: c.id }, decision);
  ctx.notify({ kind: "access-team" }, decision);
  ctx.notify({ kind: "practitioner", practitionerId: leadId }, {
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `You are now the lead professional for ${c.reference}.`,
  });
  if (previousId && previousId !== leadId) {
    ctx.notify({ kind: "practitioner", practitionerId: previousId }, {
      type: "text",
      tone: "info",
      caseRef: c.reference,
      text: `${lead.name} is now the lead professional for ${c.reference}; you have stepped down. Thank you.`,
    });
  }

  const handover = await ctx.repos.handovers.openForCase(c.id);
  if (handover) {
    handover.state = "completed";
    handover.successorId = leadId;
    handover.completedAt = ctx.now;
    await ctx.repos.handovers.update(handover);
    await ctx.cancel(handover.id);
    await ctx.audit("handover.completed", c.id, { handoverId: handover.id, successorId: leadId });
    const outgoing = people.get(handover.outgoingLeadId);
    if (outgoing) {
      ctx.notify({ kind: "access-team" }, {
        type: "handover",
        caseRef: c.reference,
        event: "completed",
        outgoing: personView(outgoing),
        successor: personView(lead),
        trigger: handover.trigger,
        deadline: handover.deadline,
      });
    }
  }

  if (!c.reviewDate) await askForReviewDate(ctx, c, lead);

  const leading = await ctx.repos.practitioners.leadCaseCount(leadId);
  if (leading > lead.lpCapacity && lead.managerId) {
    ctx.notify({ kind: "practitioner", practitionerId: lead.managerId }, {
      type: "text",
      tone: "warning",
      caseRef: c.reference,
      text: `${lead.name} now leads ${leading} cases, over their capacity of ${lead.lpCapacity}.`,
    });
  }
}

/** Asks the LP for a review date [DOMAIN §6], and again each working morning until one is set. */
export async function askForReviewDate(ctx: UseCaseContext, c: Case, lead: Practitioner): Promise<void> {
  const due = ctx.calendar.workingMorning(ctx.calendar.addWorkingDays(ctx.today, 1));
  const nextAsk = makeDeadline("review-date-missing", c.id, c.id, due);
  // The card's Snooze puts off the next ask, so it carries that ask's key.
  ctx.notify(
    { kind: "practitioner", practitionerId: lead.id },
    {
      type: "review",
      caseRef: c.reference,
      event: "date-missing",
      reviewDate: null,
      outcome: null,
      lead: personView(lead),
      workingDaysBefore: null,
      snoozeKey: nextAsk.key,
    },
    reviewCardKey(c.id, nextAsk.key),
  );
  await ctx.schedule([nextAsk]);
}
