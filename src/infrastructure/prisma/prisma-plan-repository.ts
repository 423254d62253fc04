import type { PlanRepository } from "../../domain/ports.js";
import type { PlanAction, PlanOwner } from "../../domain/types.js";
import type { Db } from "./client.js";
import type { PlanAction as PlanActionRow } from "../../generated/prisma/client.js";
import { corrupt, fromDbDate, fromDbDateOrNull, toDbDate, toDbDateOrNull, UUID } from "./prisma-mapping.js";

export class PrismaPlanRepository implements PlanRepository {
  constructor(private readonly db: Db) {}

  async listForCase(caseId: string): Promise<PlanAction[]> {
    const rows = await this.db.planAction.findMany({ where: { caseId }, orderBy: { n: "asc" } });
    return rows.map(toDomain);
  }

  async get(caseId: string, n: number): Promise<PlanAction | null> {
    const row = await this.db.planAction.findUnique({ where: { caseId_n: { caseId, n } } });
    return row ? toDomain(row) : null;
  }

  async getById(id: string): Promise<PlanAction | null> {
    // Deadlines name actions by id; anything that is not a UUID cannot be one (and Postgres would refuse it).
    if (!UUID.test(id)) return null;
    const row = await this.db.planAction.findUnique({ where: { id } });
    return row ? toDomain(row) : null;
  }

  async nextNumber(caseId: string): Promise<number> {
    const { _max } = await this.db.planAction.aggregate({ where: { caseId }, _max: { n: true } });
    return (_max.n ?? 0) + 1;
  }

  async openOwnedBy(practitionerIds: readonly string[]): Promise<PlanAction[]> {
    if (practitionerIds.length === 0) return [];
    const rows = await this.db.planAction.findMany({ where: { ownerId: { in: [...practitionerIds] }, status: "open", case: { open: true } }, orderBy: [{ caseId: "asc" }, { n: "asc" }] });
    return rows.map(toDomain);
  }

  async create(a: PlanAction): Promise<void> {
    await this.db.planAction.create({ data: { id: a.id, caseId: a.caseId, n: a.n, addedById: a.addedById, addedAt: a.addedAt, ...changeable(a) } });
  }

  async update(a: PlanAction): Promise<void> {
    await this.db.planAction.update({ where: { id: a.id }, data: changeable(a) });
  }
}

function changeable(a: PlanAction) {
  return {
    text: a.text,
    ownerIsFamily: a.owner.kind === "family",
    ownerId: a.owner.kind === "practitioner" ? a.owner.practitionerId : null,
    dueDate: toDbDate(a.dueDate),
    status: a.status,
    closedById: a.closedById,
    closedAt: a.closedAt,
    doneNote: a.doneNote,
    dropReason: a.dropReason,
    movedAt: a.movedAt,
    movedById: a.movedById,
    moveReason: a.moveReason,
    previousDueDate: toDbDateOrNull(a.previousDueDate),
  };
}

function ownerOf(row: PlanActionRow): PlanOwner {
  if (row.ownerIsFamily) {
    if (row.ownerId !== null) throw corrupt("plan_actions", row.id, "owned by the family and by a practitioner");
    return { kind: "family" };
  }
  if (row.ownerId === null) throw corrupt("plan_actions", row.id, "no owner");
  return { kind: "practitioner", practitionerId: row.ownerId };
}

export function toDomain(row: PlanActionRow): PlanAction {
  return {
    id: row.id,
    caseId: row.caseId,
    n: row.n,
    text: row.text,
    owner: ownerOf(row),
    dueDate: fromDbDate(row.dueDate),
    status: row.status,
    addedById: row.addedById,
    addedAt: row.addedAt,
    closedById: row.closedById,
    closedAt: row.closedAt,
    doneNote: row.doneNote,
    dropReason: row.dropReason,
    movedAt: row.movedAt,
    movedById: row.movedById,
    moveReason: row.moveReason,
    previousDueDate: fromDbDateOrNull(row.previousDueDate),
  };
}
