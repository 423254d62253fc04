import type { Proposal as Row } from "../../generated/prisma/client.js";
import type { ProposalRepository } from "../../domain/ports.js";
import type { FamilyView, Proposal } from "../../domain/types.js";
import type { Db } from "./client.js";
import { corrupt, fromDbEnum, toDbEnum } from "./prisma-mapping.js";

export class PrismaProposalRepository implements ProposalRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Proposal | null> {
    const row = await this.db.proposal.findUnique({ where: { id } });
    return row && toDomain(row);
  }

  async openForCase(caseId: string): Promise<Proposal | null> {
    const row = await this.db.proposal.findFirst({ where: { caseId, state: "open" } });
    return row && toDomain(row);
  }

  /** A second open proposal on the case fails with a unique violation on (case_id, open_slot). */
  async create(p: Proposal): Promise<void> {
    await this.db.proposal.create({ data: { id: p.id, caseId: p.caseId, createdAt: p.createdAt, ...toColumns(p) } });
  }

  async update(p: Proposal): Promise<void> {
    await this.db.proposal.update({ where: { id: p.id }, data: toColumns(p) });
  }
}

function toColumns(p: Proposal) {
  return {
    kind: p.kind,
    nomineeId: p.nomineeId,
    proposerId: p.proposerId,
    reason: p.reason,
    familyView: toDbEnum(p.familyView.kind),
    familyPreferredId: p.familyView.kind === "prefers" ? p.familyView.practitionerId : null,
    notes: p.notes,
    electorate: p.electorate,
    state: p.state,
    deadline: p.deadline,
    closedAt: p.closedAt,
    outcomeReason: p.outcomeReason,
    // 1 while open, NULL once closed: see the unique index in schema.prisma.
    openSlot: p.state === "open" ? 1 : null,
  };
}

function familyViewOf(row: Row): FamilyView {
  const kind = fromDbEnum(row.familyView);
  if (kind !== "prefers") return { kind };
  if (row.familyPreferredId === null) throw corrupt("proposal", row.id, "family prefers someone but no practitioner is recorded");
  return { kind, practitionerId: row.familyPreferredId };
}

export function toDomain(row: Row): Proposal {
  return {
    id: row.id,
    caseId: row.caseId,
    kind: row.kind,
    nomineeId: row.nomineeId,
    proposerId: row.proposerId,
    reason: row.reason,
    familyView: familyViewOf(row),
    notes: row.notes,
    electorate: row.electorate,
    state: row.state,
    deadline: row.deadline,
    createdAt: row.createdAt,
    closedAt: row.closedAt,
    outcomeReason: row.outcomeReason,
  };
}
