// The files behind Teams FileConsentCards (table pending_files). The Allow may reach any web
// process, so the file waits in Postgres, and `take` is one DELETE … RETURNING: whichever replica
// runs it first gets the file, every other gets nothing.
import { randomUUID } from "node:crypto";
import type { PendingFile, PendingFileStore } from "./file-consent.js";
import { PENDING_FILE_TTL_MS } from "./file-consent.js";
import type { PrismaClient } from "../../infrastructure/prisma/client.js";

/** Files waiting at once at most; a burst of reports drops the oldest first. */
const MAX_PENDING = 200;

interface Row {
  id: string;
  owner_aad: string;
  filename: string;
  content: string;
  expires_at: Date;
}

const toFile = (row: Row): PendingFile => ({ id: row.id, ownerAad: row.owner_aad, filename: row.filename, content: row.content, expiresAt: row.expires_at.getTime() });

export class PrismaPendingFiles implements PendingFileStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => number = () => Date.now(),
    private readonly ttlMs = PENDING_FILE_TTL_MS,
  ) {}

  async offer(ownerAad: string, file: { filename: string; content: string }): Promise<PendingFile> {
    const pending: PendingFile = { id: randomUUID(), ownerAad: ownerAad.toLowerCase(), filename: file.filename, content: file.content, expiresAt: this.now() + this.ttlMs };
    const at = new Date(this.now());
    await this.prisma.$transaction([
      this.prisma.$executeRaw`DELETE FROM pending_files WHERE expires_at <= ${at}`,
      this.prisma.$executeRaw`INSERT INTO pending_files (id, owner_aad, filename, content, expires_at)
        VALUES (${pending.id}::uuid, ${pending.ownerAad}, ${pending.filename}, ${pending.content}, ${new Date(pending.expiresAt)})`,
      this.prisma.$executeRaw`DELETE FROM pending_files WHERE id IN (SELECT id FROM pending_files ORDER BY expires_at DESC, id OFFSET ${MAX_PENDING})`,
    ]);
    return pending;
  }

  async take(id: string, ownerAad: string): Promise<PendingFile | null> {
    const rows = await this.prisma.$queryRaw<Row[]>`
      DELETE FROM pending_files WHERE id = ${id}::uuid AND owner_aad = ${ownerAad.toLowerCase()} AND expires_at > ${new Date(this.now())}
      RETURNING id::text AS id, owner_aad, filename, content, expires_at`;
    return rows[0] ? toFile(rows[0]) : null;
  }

  async count(): Promise<number> {
    const rows = await this.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pending_files WHERE expires_at > ${new Date(this.now())}`;
    return rows[0]?.n ?? 0;
  }
}
