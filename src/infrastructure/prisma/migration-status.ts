// Readiness: has this database had every migration this build ships? A process started against a
// database another deployment migrated (or a failed `migrate deploy`) must not take traffic.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { PrismaClient } from "./client.js";
import { projectRoot } from "./migrate.js";

/** The migration folders in `dir` (each `<timestamp>_<name>/migration.sql`), sorted. */
export function migrationFolders(dir: string): string[] {
  const hasSql = (name: string) => {
    try {
      return statSync(path.join(dir, name, "migration.sql")).isFile();
    } catch {
      return false;
    }
  };
  return readdirSync(dir).filter(hasSql).sort();
}

let shipped: readonly string[] | undefined;

/** The migrations this build ships (prisma/migrations), read once per process. */
export function shippedMigrations(): readonly string[] {
  return (shipped ??= migrationFolders(path.join(projectRoot(), "prisma", "migrations")));
}

/** Shipped migrations the database has not finished applying (rolled-back rows do not count). */
export async function pendingMigrations(prisma: Pick<PrismaClient, "$queryRaw">, shippedNames = shippedMigrations()): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((r) => r.migration_name));
  return shippedNames.filter((name) => !applied.has(name));
}

/** The readiness check: true when nothing is pending. A missing `_prisma_migrations` table throws (not ready). */
export async function migrationsApplied(prisma: Pick<PrismaClient, "$queryRaw">): Promise<boolean> {
  return (await pendingMigrations(prisma)).length === 0;
}
