import { reviewDateChangeOf } from "../../domain/oversight/compliance-report.js";
import type { OversightData, OversightRepository } from "../../domain/ports.js";
import type { Practitioner } from "../../domain/types.js";
import type { Db } from "./client.js";
import { toDomain as caseFromRow } from "./prisma-case-repository.js";
import { toDomain as escalationFromRow } from "./prisma-escalation-repository.js";
import { toDomain as handoverFromRow } from "./prisma-handover-repository.js";
import { toDomain as practitionerFromRow } from "./prisma-practitioner-repository.js";
import { toDomain as planActionFromRow } from "./prisma-plan-repository.js";
import { toDomain as proposalFromRow } from "./prisma-proposal-repository.js";

/** Reads for the compliance report and the digests: a handful of queries, not one per case. */
export class PrismaOversightRepository implements OversightRepository {
  constructor(private readonly db: Db) {}

  async reportData(periodStart: Date): Promise<OversightData> {
    const cases = await this.db.case.findMany({ where: { OR: [{ open: true }, { closedAt: { gte: periodStart } }] } });
    const caseIds = cases.map((c) => c.id);
    const [proposals, escalations, handovers, taf, reviewEvents, planRows] = await Promise.all([
      this.db.proposal.findMany({ where: { caseId: { in: caseIds } } }),
      this.db.escalation.findMany({ where: { caseId: { in: caseIds } } }),
      this.db.handover.findMany({ where: { caseId: { in: caseIds } } }),
      this.db.tafMember.findMany({ where: { caseId: { in: caseIds } }, select: { caseId: true, practitionerId: true } }),
      // The history of review dates lives only in the audit trail (see reviewDateChangeOf).
      this.db.auditEvent.findMany({
        where: { caseId: { in: caseIds }, action: { in: ["review.set", "review.done"] }, outcome: "ok" },
        select: { at: true, action: true, caseId: true, outcome: true, detail: true },
        orderBy: { at: "asc" },
      }),
      this.db.planAction.findMany({ where: { caseId: { in: caseIds } }, orderBy: [{ caseId: "asc" }, { n: "asc" }] }),
    ]);
    const ownerIds = [...new Set(planRows.flatMap((a) => (a.ownerId ? [a.ownerId] : [])))];
    const planOwners = ownerIds.length ? await this.db.practitioner.findMany({ where: { id: { in: ownerIds } }, select: { id: true, agency: true } }) : [];
    return {
      cases: cases.map(caseFromRow),
      proposals: proposals.map(proposalFromRow),
      escalations: escalations.map(escalationFromRow),
      handovers: handovers.map(handoverFromRow),
      taf,
      reviewDates: reviewEvents.flatMap((e) => {
        const change = reviewDateChangeOf({ ...e, detail: (e.detail ?? {}) as Record<string, unknown> });
        return change ? [change] : [];
      }),
      planActions: planRows.map(planActionFromRow),
      planOwners,
    };
  }

  async practitioners(): Promise<Practitioner[]> {
    const rows = await this.db.practitioner.findMany({ orderBy: { handle: "asc" } });
    return rows.map(practitionerFromRow);
  }
}
