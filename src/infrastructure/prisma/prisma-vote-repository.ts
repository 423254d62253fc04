import type { VoteRepository } from "../../domain/ports.js";
import type { Vote } from "../../domain/types.js";
import type { Db } from "./client.js";

export class PrismaVoteRepository implements VoteRepository {
  constructor(private readonly db: Db) {}

  async list(proposalId: string): Promise<Vote[]> {
    const rows = await this.db.vote.findMany({ where: { proposalId }, orderBy: [{ at: "asc" }, { voterId: "asc" }] });
    return rows.map((row) => ({
      proposalId: row.proposalId,
      voterId: row.voterId,
      choice: row.choice,
      reason: row.reason,
      platform: row.platform,
      at: row.at,
    }));
  }

  /** The (proposal, voter) unique key makes a changed vote replace the earlier one. */
  async upsert(vote: Vote): Promise<void> {
    const fields = { choice: vote.choice, reason: vote.reason, platform: vote.platform, at: vote.at };
    await this.db.vote.upsert({
      where: { proposalId_voterId: { proposalId: vote.proposalId, voterId: vote.voterId } },
      create: { proposalId: vote.proposalId, voterId: vote.voterId, ...fields },
      update: fields,
    });
  }
}
