import type { ContactRepository } from "../../domain/ports.js";
import type { Contact, ContactCadence } from "../../domain/types.js";
import type { Db } from "./client.js";

export class PrismaContactRepository implements ContactRepository {
  constructor(private readonly db: Db) {}

  async record(c: Contact): Promise<void> {
    await this.db.contact.create({ data: { id: c.id, caseId: c.caseId, recordedById: c.recordedById, note: c.note, at: c.at } });
  }

  async latestForCase(caseId: string): Promise<Contact | null> {
    const row = await this.db.contact.findFirst({ where: { caseId }, orderBy: [{ at: "desc" }, { id: "desc" }] });
    return row ? { id: row.id, caseId: row.caseId, recordedById: row.recordedById, note: row.note, at: row.at } : null;
  }

  async cadence(caseId: string): Promise<ContactCadence | null> {
    const row = await this.db.contactCadence.findUnique({ where: { caseId } });
    return row ? { caseId: row.caseId, everyWeeks: row.everyWeeks, since: row.since } : null;
  }

  async setCadence(c: ContactCadence): Promise<void> {
    await this.db.contactCadence.upsert({
      where: { caseId: c.caseId },
      create: { caseId: c.caseId, everyWeeks: c.everyWeeks, since: c.since },
      update: { everyWeeks: c.everyWeeks, since: c.since },
    });
  }

  async clearCadence(caseId: string): Promise<void> {
    await this.db.contactCadence.deleteMany({ where: { caseId } });
  }
}
