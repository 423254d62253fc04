import type { UseCaseContext } from "../context.js";
import type { Case } from "../types.js";
import type { CaseView } from "../views.js";
import { peopleById, personView, viewOf } from "./person-view.js";

export async function buildCaseView(ctx: UseCaseContext, c: Case, notes: string[] = []): Promise<CaseView> {
  const taf = await ctx.repos.taf.members(c.id);
  const [proposal, escalation, handover] = await Promise.all([
    ctx.repos.proposals.openForCase(c.id),
    ctx.repos.escalations.openForCase(c.id),
    ctx.repos.handovers.openForCase(c.id),
  ]);
  const people = await peopleById((ids) => ctx.repos.practitioners.getMany(ids), [
    ...taf,
    c.leadId,
    proposal?.nomineeId,
    handover?.outgoingLeadId,
  ]);
  return {
    type: "case",
    caseRef: c.reference,
    open: c.open,
    statuses: c.statuses,
    lead: c.leadId ? viewOf(people, c.leadId) : null,
    reviewDate: c.reviewDate,
    taf: taf
      .map((id) => people.get(id))
      .filter((p) => p !== undefined)
      .map((p) => ({ ...personView(p), isLead: p.id === c.leadId })),
    openProposal: proposal
      ? {
          proposalId: proposal.id,
          nominee: proposal.nomineeId ? viewOf(people, proposal.nomineeId).name : null,
          deadline: proposal.deadline,
        }
      : null,
    openEscalation: escalation ? { level: escalation.level, deadline: escalation.deadline } : null,
    openHandover: handover
      ? { outgoing: viewOf(people, handover.outgoingLeadId).name, trigger: handover.trigger, deadline: handover.deadline }
      : null,
    notes,
  };
}
