// Retention [issue #8]: a closed case is kept as it is for the retention period (RETENTION_YEARS),
// then its audit trail is written to the archive and the case is anonymised: its reference becomes
// ANON-<hash>, its channel ids go, and the free text kept about it is blanked. The audit trail is
// append-only and is not touched; by design it holds ids and codes, not a child's details.
import type { UseCaseContext } from "../context.js";
import type { AuditArchive, Repositories } from "../ports.js";
import type { Case } from "../types.js";
import { auditTrailCsv } from "./audit-export.js";

export const ANON_PREFIX = "ANON-";

export const isAnonymised = (reference: string): boolean => reference.startsWith(ANON_PREFIX);

export interface RetentionResult {
  anonymised: { caseId: string; reference: string; filename: string }[];
  /** Cases that could not be done this run (the archive unwritable, say); the next run tries again. */
  failed: { caseId: string; error: unknown }[];
}

/**
 * Anonymises one case if it is still due (closed before `cutoff`, not done yet). Runs inside the
 * caller's unit of work with the case row locked: the archive file is written before the changes
 * commit, so a failure leaves the case as it was, and a retry writes the same file again.
 */
export async function anonymiseCase(ctx: UseCaseContext, archive: AuditArchive, reference: string, cutoff: Date): Promise<RetentionResult["anonymised"][number] | null> {
  const c = await ctx.repos.cases.getByReference(reference, { lock: true });
  if (!c || c.open || !c.closedAt || c.closedAt.getTime() >= cutoff.getTime() || isAnonymised(c.reference)) return null;
  const anonymous = await anonymousReference(ctx.repos, c);
  // Under the old reference still: the archive is the full record, found by it.
  const trail = await auditTrailCsv(ctx.repos, c, ctx.settings.timeZone);
  // Both references in the file name: the archive is found by the old one and matched to the row by the new.
  const filename = `${c.reference}_${anonymous}.csv`;
  await archive.store(filename, trail.content);
  await ctx.repos.retention.anonymise(c.id, anonymous);
  await ctx.audit("case.anonymised", c.id, {
    reference: anonymous,
    closedAt: c.closedAt.toISOString(),
    cutoff: cutoff.toISOString(),
    events: trail.events.length,
  });
  return { caseId: c.id, reference: anonymous, filename };
}

/** ANON- and ten hex digits of a hash of the case id; longer in the unlikely event of a clash. */
export async function anonymousReference(repos: Pick<Repositories, "cases">, c: Pick<Case, "id">): Promise<string> {
  const hash = fnv1a64(c.id);
  const short = `${ANON_PREFIX}${hash.slice(0, 10)}`;
  const taken = await repos.cases.getByReference(short);
  return !taken || taken.id === c.id ? short : `${short}-${hash.slice(10)}`;
}

/** FNV-1a, 64 bits, as 16 upper-case hex digits: deterministic, and needs no crypto module. */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).toUpperCase().padStart(16, "0");
}
