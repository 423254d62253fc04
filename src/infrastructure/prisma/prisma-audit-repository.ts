import type { Prisma } from "../../generated/prisma/client.js";
import type { AuditRepository } from "../../domain/ports.js";
import type { AuditEvent } from "../../domain/types.js";
import type { Db } from "./client.js";

/** Append-only by design: there is deliberately no way to change or remove an audit event. */
export class PrismaAuditRepository implements AuditRepository {
  constructor(private readonly db: Db) {}

  async append(event: AuditEvent): Promise<void> {
    await this.db.auditEvent.create({ data: toRow(event) });
  }

  async appendMany(events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    // One raw INSERT (a batch of nudges writes a hundred rows; the ORM's createMany costs several
    // times more CPU per row). Rows take their ids, the trail's order among equal times, in array order.
    const rows = events.map((e) => ({ ...toRow(e), at: e.at.toISOString() }));
    await this.db.$executeRaw`
      INSERT INTO audit_events (at, actor_id, platform, action, case_id, outcome, detail)
      SELECT (e.value->>'at')::timestamptz, (e.value->>'actorId')::uuid, (e.value->>'platform')::audit_source, e.value->>'action',
             (e.value->>'caseId')::uuid, (e.value->>'outcome')::audit_outcome, e.value->'detail'
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) WITH ORDINALITY AS e(value, n)
      ORDER BY e.n`;
  }

  async listForCase(caseId: string): Promise<AuditEvent[]> {
    const rows = await this.db.auditEvent.findMany({ where: { caseId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    return rows.map((r) => ({
      at: r.at,
      actorId: r.actorId,
      platform: r.platform,
      action: r.action,
      caseId: r.caseId,
      outcome: r.outcome,
      detail: (r.detail ?? {}) as Record<string, unknown>,
    }));
  }
}

function toRow(event: AuditEvent): Prisma.AuditEventUncheckedCreateInput {
  return {
    at: event.at,
    actorId: event.actorId,
    platform: event.platform,
    action: event.action,
    caseId: event.caseId,
    outcome: event.outcome,
    // JSON round trip: Dates become ISO strings and undefined values vanish, exactly as they
    // would in jsonb anyway, and the type becomes the JSON Prisma accepts.
    detail: JSON.parse(JSON.stringify(event.detail)) as Prisma.InputJsonObject,
  };
}
