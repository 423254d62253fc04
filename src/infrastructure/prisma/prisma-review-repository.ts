import type { ReviewRepository } from "../../domain/ports.js";
import type { Review } from "../../domain/types.js";
import type { Db } from "./client.js";
import { fromDbDate, fromDbDateOrNull, fromDbEnum, toDbDate, toDbDateOrNull, toDbEnum } from "./prisma-mapping.js";

export class PrismaReviewRepository implements ReviewRepository {
  constructor(private readonly db: Db) {}

  async create(r: Review): Promise<void> {
    await this.db.review.create({
      data: {
        id: r.id,
        caseId: r.caseId,
        heldOn: toDbDate(r.heldOn),
        outcome: toDbEnum(r.outcome),
        nextReviewDate: toDbDateOrNull(r.nextReviewDate),
        recordedById: r.recordedById,
        at: r.at,
      },
    });
  }

  /** Oldest first, in the order they were recorded. */
  async listForCase(caseId: string): Promise<Review[]> {
    const rows = await this.db.review.findMany({ where: { caseId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    return rows.map((row) => ({
      id: row.id,
      caseId: row.caseId,
      heldOn: fromDbDate(row.heldOn),
      outcome: fromDbEnum(row.outcome),
      nextReviewDate: fromDbDateOrNull(row.nextReviewDate),
      recordedById: row.recordedById,
      at: row.at,
    }));
  }
}
