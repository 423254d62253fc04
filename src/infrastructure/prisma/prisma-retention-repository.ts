import { escalationKey, handoverCardsKey, nominationKey, proposalKey, reviewCardsKey } from "../../domain/message-keys.js";
import type { RetentionRepository } from "../../domain/ports.js";
import { planCardKey } from "../../domain/plan/plan-card-key.js";
import { ANON_PREFIX } from "../../domain/oversight/retention.js";
import type { Case } from "../../domain/types.js";
import type { Db } from "./client.js";
import { toDomain as caseFromRow } from "./prisma-case-repository.js";

/**
 * Anonymisation of closed cases past retention. Runs inside the caller's transaction, so the
 * case and everything blanked about it change together. audit_events is not touched (the
 * database refuses UPDATE and DELETE on it anyway).
 */
export class PrismaRetentionRepository implements RetentionRepository {
  constructor(private readonly db: Db) {}

  async closedBefore(cutoff: Date, limit: number): Promise<Case[]> {
    const rows = await this.db.case.findMany({
      where: { open: false, closedAt: { lt: cutoff }, NOT: { reference: { startsWith: ANON_PREFIX } } },
      orderBy: [{ closedAt: "asc" }, { id: "asc" }],
      take: limit,
    });
    return rows.map(caseFromRow);
  }

  async anonymise(caseId: string, reference: string): Promise<void> {
    const before = await this.db.case.findUniqueOrThrow({ where: { id: caseId }, select: { reference: true } });
    const proposals = await this.db.proposal.findMany({ where: { caseId }, select: { id: true } });
    await this.db.case.update({
      where: { id: caseId },
      data: { reference, slackChannelId: null, teamsChannelId: null, playgroundChannelId: null },
    });
    await this.db.proposal.updateMany({ where: { caseId }, data: { reason: "", notes: [], outcomeReason: null } });
    await this.db.vote.updateMany({ where: { proposal: { caseId } }, data: { reason: null } });
    await this.db.escalation.updateMany({ where: { caseId }, data: { reason: "" } });
    await this.db.escalation.updateMany({ where: { caseId, resolutionReason: { not: null } }, data: { resolutionReason: "" } });
    await this.db.eligibilityOverride.updateMany({ where: { caseId }, data: { reason: "" } });
    await this.db.contact.updateMany({ where: { caseId }, data: { note: "" } });
    await this.db.planAction.updateMany({ where: { caseId }, data: { text: "" } });
    await this.db.planAction.updateMany({ where: { caseId, doneNote: { not: null } }, data: { doneNote: "" } });
    await this.db.planAction.updateMany({ where: { caseId, dropReason: { not: null } }, data: { dropReason: "" } });
    await this.db.planAction.updateMany({ where: { caseId, moveReason: { not: null } }, data: { moveReason: "" } });
    // Messages about the case carry its old reference and what people wrote (years after closing
    // there is nothing left to deliver); where its cards were posted only mattered for updates.
    await this.db.$executeRaw`DELETE FROM outbox WHERE notification->'view'->>'caseRef' = ${before.reference}`;
    const escalations = await this.db.escalation.findMany({ where: { caseId }, select: { id: true } });
    const handovers = await this.db.handover.findMany({ where: { caseId }, select: { id: true } });
    const keys = [
      ...proposals.flatMap((p) => [proposalKey(p.id), nominationKey(p.id)]),
      ...escalations.map((e) => escalationKey(e.id)),
      ...handovers.map((h) => handoverCardsKey(h.id)),
      reviewCardsKey(caseId),
      planCardKey(caseId),
    ];
    // Each key's copies ("<key>@<destination>") and the keys below it ("<key>/…").
    await this.db.chatMessage.deleteMany({
      where: { OR: keys.flatMap((k) => [{ messageKey: k }, { messageKey: { startsWith: `${k}@` } }, { messageKey: { startsWith: `${k}/` } }]) },
    });
  }
}
