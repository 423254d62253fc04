import type { Handover as Row } from "../../generated/prisma/client.js";
import type { HandoverRepository } from "../../domain/ports.js";
import type { Handover } from "../../domain/types.js";
import type { Db } from "./client.js";
import { fromDbEnum, toDbEnum } from "./prisma-mapping.js";

export class PrismaHandoverRepository implements HandoverRepository {
  constructor(private readonly db: Db) {}

  async openForCase(caseId: string): Promise<Handover | null> {
    const row = await this.db.handover.findFirst({ where: { caseId, state: "open" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    return row && toDomain(row);
  }

  async countOpenFor(outgoingLeadIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (outgoingLeadIds.length === 0) return counts;
    const groups = await this.db.handover.groupBy({
      by: ["outgoingLeadId"],
      where: { state: "open", outgoingLeadId: { in: [...outgoingLeadIds] } },
      _count: { _all: true },
    });
    for (const group of groups) counts.set(group.outgoingLeadId, group._count._all);
    return counts;
  }

  async create(h: Handover): Promise<void> {
    await this.db.handover.create({ data: { id: h.id, caseId: h.caseId, createdAt: h.createdAt, ...toColumns(h) } });
  }

  async update(h: Handover): Promise<void> {
    await this.db.handover.update({ where: { id: h.id }, data: toColumns(h) });
  }
}

function toColumns(h: Handover) {
  return {
    outgoingLeadId: h.outgoingLeadId,
    trigger: toDbEnum(h.trigger),
    startedById: h.startedById,
    deadline: h.deadline,
    state: h.state,
    successorId: h.successorId,
    completedAt: h.completedAt,
  };
}

export function toDomain(row: Row): Handover {
  return {
    id: row.id,
    caseId: row.caseId,
    outgoingLeadId: row.outgoingLeadId,
    trigger: fromDbEnum(row.trigger),
    startedById: row.startedById,
    deadline: row.deadline,
    state: row.state,
    successorId: row.successorId,
    createdAt: row.createdAt,
    completedAt: row.completedAt,
  };
}
