// Integration tests on the run's own database (see global-setup.ts). Files run in parallel forks
// against the same database, so tests never truncate: each one makes its own rows with unique
// ids, handles and case references, and asserts only on those.
import { randomBytes, randomUUID } from "node:crypto";
import type { Repositories } from "../../src/domain/ports.js";
import type { Case, Practitioner } from "../../src/domain/types.js";
import { createPrismaClient, type PrismaClient } from "../../src/infrastructure/prisma/client.js";
import { createPrismaRepositories } from "../../src/infrastructure/prisma/prisma-repositories.js";
import { PrismaUnitOfWork } from "../../src/infrastructure/prisma/prisma-unit-of-work.js";

export interface TestDatabase {
  prisma: PrismaClient;
  uow: PrismaUnitOfWork;
  /** Repositories on the root client: each call commits on its own. */
  repos: Repositories;
  cleanup(): Promise<void>;
}

/** This test file's own database (a copy of the run's migrated template). */
export function testDatabaseUrl(): string {
  const url = process.env.LEADBOT_TEST_DATABASE_URL;
  if (!url) throw new Error("no per-file test database: is test/support/per-file-database.ts in vitest's setupFiles?");
  return url;
}

export function createTestRepos(): TestDatabase {
  const prisma = createPrismaClient(testDatabaseUrl(), { poolSize: 5 });
  return {
    prisma,
    uow: new PrismaUnitOfWork(prisma),
    repos: createPrismaRepositories(prisma),
    cleanup: () => prisma.$disconnect(),
  };
}

const token = () => randomBytes(4).toString("hex");

/** A case reference no other test uses, e.g. EH-2026-9F3A01BC. */
export const uniqueReference = () => `EH-2026-${token().toUpperCase()}`;

/** A fictional practitioner with a unique id, handle and chat ids. */
export function makePractitioner(overrides: Partial<Practitioner> = {}): Practitioner {
  const t = token();
  return {
    id: randomUUID(),
    handle: `sam.patel.${t}`,
    name: "Sam Patel",
    role: "family-support-worker",
    agency: "Family Support Service",
    managerId: null,
    dbsCheckedOn: "2024-01-10",
    qualifiedOn: "2015-07-01",
    managerRecommendation: false,
    employment: "permanent",
    mentorId: null,
    lpCapacity: 8,
    availability: "available",
    duties: { accessTeam: false, coordinator: false, executive: false },
    chat: { slack: `U${t.toUpperCase()}` },
    ...overrides,
  };
}

export function makeCase(overrides: Partial<Case> = {}): Case {
  return {
    id: randomUUID(),
    reference: uniqueReference(),
    statuses: ["early-help"],
    open: true,
    leadId: null,
    leadSince: null,
    noLeadSince: new Date("2026-11-23T10:00:00.000Z"),
    reviewDate: null,
    channels: { slack: `C${token().toUpperCase()}` },
    openedAt: new Date("2026-11-23T10:00:00.000Z"),
    closedAt: null,
    ...overrides,
  };
}
