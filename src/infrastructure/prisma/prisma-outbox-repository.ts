import type { Prisma } from "../../generated/prisma/client.js";
import type { Notification, OutboxEntry, OutboxRepository } from "../../domain/ports.js";
import type { Db } from "./client.js";

export class PrismaOutboxRepository implements OutboxRepository {
  constructor(private readonly db: Db) {}

  /** Keys derive from the command or deadline, so a retried request queues nothing twice. */
  async add(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // Raw: a batch of nudges writes a hundred entries, and the ORM's createMany costs several
    // times more CPU per row of JSON.
    const rows = entries.map((e) => ({ key: e.key, notification: encodeNotification(e.notification), createdAt: e.createdAt.toISOString() }));
    await this.db.$executeRaw`
      INSERT INTO outbox (key, notification, created_at, attempts)
      SELECT e.value->>'key', e.value->'notification', (e.value->>'createdAt')::timestamptz, 0
      FROM jsonb_array_elements(${JSON.stringify(rows)}::jsonb) AS e(value)
      ON CONFLICT (key) DO NOTHING`;
  }
}

// Views carry Dates (deadlines); plain JSON would hand them back as strings. They are stored as
// {"$date": "<ISO>"} and revived by decodeNotification, which the delivering worker uses.
const DATE_TAG = "$date";

export function encodeNotification(notification: Notification): Prisma.InputJsonObject {
  const text = JSON.stringify(notification, function (this: Record<string, unknown>, key, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { [DATE_TAG]: raw.toISOString() } : value;
  });
  return JSON.parse(text) as Prisma.InputJsonObject;
}

export function decodeNotification(json: Prisma.JsonValue): Notification {
  return JSON.parse(JSON.stringify(json), (_key, value: unknown) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const tagged = (value as Record<string, unknown>)[DATE_TAG];
      if (keys.length === 1 && typeof tagged === "string") return new Date(tagged);
    }
    return value;
  }) as Notification;
}
