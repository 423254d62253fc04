import type { Case as Row } from "../../generated/prisma/client.js";
import type { CaseRepository } from "../../domain/ports.js";
import type { Case, Platform } from "../../domain/types.js";
import type { Db } from "./client.js";
import { channelsFromColumns, fromDbDateOrNull, fromDbEnum, toDbDateOrNull, toDbEnum } from "./prisma-mapping.js";

// Oldest first, reference as tie-breaker, so listings are stable between calls.
const ORDER = [{ openedAt: "asc" }, { reference: "asc" }] as const;

const CHANNEL_COLUMN = { slack: "slackChannelId", teams: "teamsChannelId", playground: "playgroundChannelId" } as const satisfies Record<Platform, keyof Row>;

export class PrismaCaseRepository implements CaseRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Case | null> {
    const row = await this.db.case.findUnique({ where: { id } });
    return row && toDomain(row);
  }

  async getByReference(reference: string, options: { lock?: boolean } = {}): Promise<Case | null> {
    if (options.lock) {
      // Row lock held until the surrounding transaction ends: a second unit of work asking for
      // the same case waits here, so commands on one case run one after the other. Only the id
      // is read raw; the row itself goes through the normal mapping.
      const locked = await this.db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM cases WHERE reference = ${reference} FOR UPDATE`;
      const id = locked[0]?.id;
      return id === undefined ? null : this.get(id);
    }
    const row = await this.db.case.findUnique({ where: { reference } });
    return row && toDomain(row);
  }

  async lockMany(ids: readonly string[]): Promise<Case[]> {
    const unique = [...new Set(ids)].sort();
    if (unique.length === 0) return [];
    // In id order, so two batches over overlapping cases cannot deadlock on each other.
    const locked = await this.db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM cases WHERE id = ANY(${unique}::uuid[]) ORDER BY id FOR UPDATE`;
    if (locked.length === 0) return [];
    const rows = await this.db.case.findMany({ where: { id: { in: locked.map((r) => r.id) } }, orderBy: { id: "asc" } });
    return rows.map(toDomain);
  }

  async listForMember(practitionerId: string): Promise<Case[]> {
    const rows = await this.db.case.findMany({ where: { taf: { some: { practitionerId } } }, orderBy: [...ORDER] });
    return rows.map(toDomain);
  }

  async listLedBy(practitionerIds: readonly string[]): Promise<Case[]> {
    if (practitionerIds.length === 0) return [];
    const rows = await this.db.case.findMany({ where: { leadId: { in: [...practitionerIds] } }, orderBy: [...ORDER] });
    return rows.map(toDomain);
  }

  async openForChannel(platform: Platform, channelId: string): Promise<Case | null> {
    const column = CHANNEL_COLUMN[platform];
    const row = await this.db.case.findFirst({ where: { open: true, [column]: channelId }, orderBy: [...ORDER] });
    return row && toDomain(row);
  }

  async create(c: Case): Promise<void> {
    await this.db.case.create({ data: { id: c.id, ...toColumns(c) } });
  }

  async update(c: Case): Promise<void> {
    await this.db.case.update({ where: { id: c.id }, data: toColumns(c) });
  }
}

function toColumns(c: Case) {
  return {
    reference: c.reference,
    statuses: c.statuses.map((s) => toDbEnum(s)),
    open: c.open,
    leadId: c.leadId,
    leadSince: c.leadSince,
    noLeadSince: c.noLeadSince,
    reviewDate: toDbDateOrNull(c.reviewDate),
    slackChannelId: c.channels.slack ?? null,
    teamsChannelId: c.channels.teams ?? null,
    playgroundChannelId: c.channels.playground ?? null,
    openedAt: c.openedAt,
    closedAt: c.closedAt,
  };
}

export function toDomain(row: Row): Case {
  return {
    id: row.id,
    reference: row.reference,
    statuses: row.statuses.map((s) => fromDbEnum(s)),
    open: row.open,
    leadId: row.leadId,
    leadSince: row.leadSince,
    noLeadSince: row.noLeadSince,
    reviewDate: fromDbDateOrNull(row.reviewDate),
    channels: channelsFromColumns(row.slackChannelId, row.teamsChannelId, row.playgroundChannelId),
    openedAt: row.openedAt,
    closedAt: row.closedAt,
  };
}
