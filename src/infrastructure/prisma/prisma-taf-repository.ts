import type { TafRepository } from "../../domain/ports.js";
import type { Db } from "./client.js";

export class PrismaTafRepository implements TafRepository {
  constructor(private readonly db: Db) {}

  async members(caseId: string): Promise<string[]> {
    const rows = await this.db.tafMember.findMany({
      where: { caseId },
      select: { practitionerId: true },
      orderBy: [{ addedAt: "asc" }, { practitionerId: "asc" }],
    });
    return rows.map((row) => row.practitionerId);
  }

  async add(caseId: string, practitionerId: string, at: Date): Promise<void> {
    // Adding someone already on the TAF changes nothing (and keeps their original date).
    await this.db.tafMember.createMany({ data: [{ caseId, practitionerId, addedAt: at }], skipDuplicates: true });
  }

  async remove(caseId: string, practitionerId: string): Promise<void> {
    await this.db.tafMember.deleteMany({ where: { caseId, practitionerId } });
  }
}
