// The Postgres OutboxStore keeps the promises the outbox dispatcher relies on (the same contract
// the in-memory store of the dispatcher's unit tests is held to).
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe } from "vitest";
import { PrismaOutboxStore } from "../../src/infrastructure/prisma/prisma-outbox-store.js";
import { createTestRepos, makePractitioner, type TestDatabase } from "../support/database.js";
import { outboxStoreContract } from "../support/outbox-store-contract.js";

const CLAIM_MS = 300;

let db: TestDatabase;
beforeAll(() => {
  db = createTestRepos();
});
afterAll(async () => {
  await db.cleanup();
});

describe("the Postgres outbox store", () => {
  outboxStoreContract(() => ({
    store: new PrismaOutboxStore(db.prisma),
    claimMs: CLAIM_MS,
    add: (entries) => db.repos.outbox.add(entries),
    lapse: () => sleep(CLAIM_MS + 50),
    row: async (key) => {
      const e = await db.prisma.outboxEntry.findUnique({ where: { key } });
      return e ? { attempts: e.attempts, lastError: e.lastError, delivered: e.deliveredAt !== null, failed: e.failedAt !== null } : null;
    },
    droppedAudits: async (key) => {
      const rows = await db.prisma.auditEvent.findMany({ where: { action: "nudge.dropped", detail: { path: ["key"], equals: key } }, orderBy: { id: "asc" } });
      return rows.map((r) => ({ caseId: r.caseId, detail: r.detail as Record<string, unknown> }));
    },
    addPractitioner: async (name) => {
      const p = makePractitioner({ name });
      await db.repos.practitioners.create(p);
      return p.id;
    },
    messageId: async (k) => (await db.prisma.nudgeDelivery.findUnique({ where: { deliveryKey: k } }))?.messageId ?? null,
  }));
});
