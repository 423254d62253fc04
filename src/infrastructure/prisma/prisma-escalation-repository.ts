import type { Escalation as Row } from "../../generated/prisma/client.js";
import type { EscalationRepository } from "../../domain/ports.js";
import type { Escalation, EscalationLevel, EscalationResolution } from "../../domain/types.js";
import type { Db } from "./client.js";
import { corrupt } from "./prisma-mapping.js";

// Newest first; id breaks ties between escalations opened in the same millisecond.
const NEWEST_FIRST = [{ createdAt: "desc" }, { id: "desc" }] as const;

export class PrismaEscalationRepository implements EscalationRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Escalation | null> {
    const row = await this.db.escalation.findUnique({ where: { id } });
    return row && toDomain(row);
  }

  async openForCase(caseId: string): Promise<Escalation | null> {
    const row = await this.db.escalation.findFirst({ where: { caseId, state: "open" }, orderBy: [...NEWEST_FIRST] });
    return row && toDomain(row);
  }

  async latestForCase(caseId: string): Promise<Escalation | null> {
    const row = await this.db.escalation.findFirst({ where: { caseId }, orderBy: [...NEWEST_FIRST] });
    return row && toDomain(row);
  }

  async openForDecider(practitionerId: string): Promise<Escalation[]> {
    const rows = await this.db.escalation.findMany({
      where: { state: "open", deciderIds: { has: practitionerId } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map(toDomain);
  }

  async create(e: Escalation): Promise<void> {
    await this.db.escalation.create({ data: { id: e.id, caseId: e.caseId, createdAt: e.createdAt, ...toColumns(e) } });
  }

  async update(e: Escalation): Promise<void> {
    await this.db.escalation.update({ where: { id: e.id }, data: toColumns(e) });
  }
}

function toColumns(e: Escalation) {
  return {
    proposalId: e.proposalId,
    reason: e.reason,
    level: e.level,
    state: e.state,
    deciderIds: e.deciderIds,
    involvedIds: e.involvedIds,
    acknowledgedBy: e.acknowledgedBy,
    deadline: e.deadline,
    openedById: e.openedById,
    resolutionKind: e.resolution?.kind ?? null,
    resolutionPractitionerId: e.resolution?.kind === "appoint" ? e.resolution.practitionerId : null,
    resolutionReason: e.resolution?.reason ?? null,
    resolvedById: e.resolvedById,
    resolvedAtLevel: e.resolvedAtLevel,
    resolvedAt: e.resolvedAt,
  };
}

function levelOf(row: Row, value: number): EscalationLevel {
  if (value === 1 || value === 2 || value === 3) return value;
  throw corrupt("escalation", row.id, `level ${value} is not 1, 2 or 3`);
}

function resolutionOf(row: Row): EscalationResolution | null {
  if (row.resolutionKind === null) return null;
  const reason = row.resolutionReason ?? "";
  if (row.resolutionKind === "return") return { kind: "return", reason };
  if (row.resolutionPractitionerId === null) throw corrupt("escalation", row.id, "appointed without a practitioner");
  return { kind: "appoint", practitionerId: row.resolutionPractitionerId, reason };
}

export function toDomain(row: Row): Escalation {
  return {
    id: row.id,
    caseId: row.caseId,
    proposalId: row.proposalId,
    reason: row.reason,
    level: levelOf(row, row.level),
    state: row.state,
    deciderIds: row.deciderIds,
    involvedIds: row.involvedIds,
    acknowledgedBy: row.acknowledgedBy,
    deadline: row.deadline,
    openedById: row.openedById,
    resolution: resolutionOf(row),
    resolvedById: row.resolvedById,
    resolvedAtLevel: row.resolvedAtLevel === null ? null : levelOf(row, row.resolvedAtLevel),
    createdAt: row.createdAt,
    resolvedAt: row.resolvedAt,
  };
}
