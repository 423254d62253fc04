// The retention archive on disk: one CSV per anonymised case in RETENTION_EXPORT_DIR. Written to
// a temporary name and renamed, so a reader (or a backup) never sees half a file, and a retried
// run simply replaces the file with the same content.
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AuditArchive } from "../../domain/ports.js";

/** File names are built from case references; anything else is refused rather than escaped. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export class DirectoryAuditArchive implements AuditArchive {
  constructor(readonly directory: string) {}

  async store(filename: string, content: string): Promise<void> {
    if (!SAFE_NAME.test(filename) || filename.includes("..")) throw new Error(`unsafe archive file name: ${JSON.stringify(filename)}`);
    await mkdir(this.directory, { recursive: true, mode: 0o750 });
    const target = path.join(this.directory, filename);
    const temporary = `${target}.${process.pid}.tmp`;
    // Staff names are personal data too: readable by the service and its group only.
    await writeFile(temporary, content, { encoding: "utf8", mode: 0o640 });
    await rename(temporary, target);
  }
}
