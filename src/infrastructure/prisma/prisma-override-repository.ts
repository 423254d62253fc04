import type { OverrideRepository } from "../../domain/ports.js";
import type { EligibilityOverride } from "../../domain/types.js";
import type { Db } from "./client.js";

export class PrismaOverrideRepository implements OverrideRepository {
  constructor(private readonly db: Db) {}

  async find(caseId: string, practitionerId: string): Promise<EligibilityOverride | null> {
    const row = await this.db.eligibilityOverride.findUnique({ where: { caseId_practitionerId: { caseId, practitionerId } } });
    return row && { caseId: row.caseId, practitionerId: row.practitionerId, approvedById: row.approvedById, reason: row.reason, at: row.at };
  }

  /** One override per practitioner per case: a second one for the pair is a unique violation. */
  async create(o: EligibilityOverride): Promise<void> {
    await this.db.eligibilityOverride.create({
      data: { caseId: o.caseId, practitionerId: o.practitionerId, approvedById: o.approvedById, reason: o.reason, at: o.at },
    });
  }
}
