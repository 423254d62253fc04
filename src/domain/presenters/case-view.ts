import type { UseCaseContext } from "../context.js";
import type { Case, Escalation, Practitioner } from "../types.js";
import type { CaseView } from "../views.js";
import { peopleById, personView, viewOf } from "./person-view.js";

/** What the caller has just read in the same transaction, so the view need not read it again. */
export interface KnownForCaseView {
  taf: string[];
  escalation: Escalation | null;
  people: Practitioner[];
}

export async function buildCaseView(ctx: UseCaseContext, c: Case, notes: string[] = [], known?: KnownForCaseView): Promise<CaseView> {
  const taf = known?.taf ?? (await ctx.repos.taf.members(c.id));
  const [proposal, escalation, handover] = await Promise.all([
    ctx.repos.proposals.openForCase(c.id),
    known ? known.escalation : ctx.repos.escalations.openForCase(c.id),
    ctx.repos.handovers.openForCase(c.id),
  ]);
  const already = new Map((known?.people ?? []).map((p) => [p.id, p]));
  const load = async (ids: readonly string[]): Promise<Practitioner[]> => {
    const missing = ids.filter((id) => !already.has(id));
    const fetched = missing.length ? await ctx.repos.practitioners.getMany(missing) : [];
    return [...ids.flatMap((id) => already.get(id) ?? []), ...fetched];
  };
  const people = await peopleById(load, [
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
