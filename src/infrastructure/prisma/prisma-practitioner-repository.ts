import type { Practitioner as Row, Prisma } from "../../generated/prisma/client.js";
import type { PractitionerRepository } from "../../domain/ports.js";
import type { Duties, Platform, Practitioner } from "../../domain/types.js";
import type { Db } from "./client.js";
import { fromDbDateOrNull, fromDbEnum, toDbDateOrNull, toDbEnum, UUID } from "./prisma-mapping.js";

/** Which column holds a practitioner's user id on each chat platform. */
const CHAT_COLUMN = { slack: "slackUserId", teams: "teamsAadId", playground: "playgroundUserId" } as const satisfies Record<
  Platform,
  keyof Row
>;


export class PrismaPractitionerRepository implements PractitionerRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Practitioner | null> {
    const row = await this.db.practitioner.findUnique({ where: { id } });
    return row && toDomain(row);
  }

  async getMany(ids: readonly string[]): Promise<Practitioner[]> {
    // Ids can come from audit details, where a plan action's owner may be "family": only a
    // UUID can name a practitioner, and Postgres refuses anything else in a uuid column.
    const wanted = ids.filter((id) => UUID.test(id));
    if (wanted.length === 0) return [];
    const rows = await this.db.practitioner.findMany({ where: { id: { in: wanted } } });
    // Callers get them in the order they asked for, like the in-memory store.
    const byId = new Map(rows.map((row) => [row.id, toDomain(row)]));
    return ids.map((id) => byId.get(id)).filter((p): p is Practitioner => p !== undefined);
  }

  async findByChatId(platform: Platform, chatUserId: string): Promise<Practitioner | null> {
    const where: Prisma.PractitionerWhereInput = { [CHAT_COLUMN[platform]]: chatUserId };
    const row = await this.db.practitioner.findFirst({ where });
    return row && toDomain(row);
  }

  async findByHandle(handle: string): Promise<Practitioner | null> {
    const row = await this.db.practitioner.findUnique({ where: { handle } });
    return row && toDomain(row);
  }

  async withDuty(duty: keyof Duties): Promise<Practitioner[]> {
    const rows = await this.db.practitioner.findMany({ where: { [duty]: true }, orderBy: { handle: "asc" } });
    return rows.map(toDomain);
  }

  async reportsOf(managerId: string): Promise<Practitioner[]> {
    const rows = await this.db.practitioner.findMany({ where: { managerId }, orderBy: { handle: "asc" } });
    return rows.map(toDomain);
  }

  leadCaseCount(id: string): Promise<number> {
    return this.db.case.count({ where: { leadId: id, open: true } });
  }

  async create(practitioner: Practitioner): Promise<void> {
    await this.db.practitioner.create({ data: { id: practitioner.id, ...toColumns(practitioner) } });
  }

  async update(practitioner: Practitioner): Promise<void> {
    await this.db.practitioner.update({ where: { id: practitioner.id }, data: toColumns(practitioner) });
  }
}

function toColumns(p: Practitioner) {
  return {
    handle: p.handle,
    name: p.name,
    role: toDbEnum(p.role),
    agency: p.agency,
    managerId: p.managerId,
    dbsCheckedOn: toDbDateOrNull(p.dbsCheckedOn),
    qualifiedOn: toDbDateOrNull(p.qualifiedOn),
    managerRecommendation: p.managerRecommendation,
    employment: p.employment,
    mentorId: p.mentorId,
    lpCapacity: p.lpCapacity,
    availability: toDbEnum(p.availability),
    accessTeam: p.duties.accessTeam,
    coordinator: p.duties.coordinator,
    executive: p.duties.executive,
    slackUserId: p.chat.slack ?? null,
    teamsAadId: p.chat.teams ?? null,
    playgroundUserId: p.chat.playground ?? null,
  } satisfies Omit<Prisma.PractitionerUncheckedCreateInput, "id">;
}

export function toDomain(row: Row): Practitioner {
  const chat: Practitioner["chat"] = {};
  if (row.slackUserId !== null) chat.slack = row.slackUserId;
  if (row.teamsAadId !== null) chat.teams = row.teamsAadId;
  if (row.playgroundUserId !== null) chat.playground = row.playgroundUserId;
  return {
    id: row.id,
    handle: row.handle,
    name: row.name,
    role: fromDbEnum(row.role),
    agency: row.agency,
    managerId: row.managerId,
    dbsCheckedOn: fromDbDateOrNull(row.dbsCheckedOn),
    qualifiedOn: fromDbDateOrNull(row.qualifiedOn),
    managerRecommendation: row.managerRecommendation,
    employment: row.employment,
    mentorId: row.mentorId,
    lpCapacity: row.lpCapacity,
    availability: fromDbEnum(row.availability),
    duties: { accessTeam: row.accessTeam, coordinator: row.coordinator, executive: row.executive },
    chat,
  };
}
