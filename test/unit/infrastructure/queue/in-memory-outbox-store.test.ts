// The in-memory OutboxStore the dispatcher's unit tests use keeps the same promises as the
// Postgres one (test/integration/prisma-outbox-store.test.ts runs the same contract there).
import { describe } from "vitest";
import { outboxStoreContract } from "../../../support/outbox-store-contract.js";
import { InMemoryOutboxStore } from "../../../support/in-memory-outbox-store.js";

describe("the in-memory outbox store", () => {
  outboxStoreContract(() => {
    const store = new InMemoryOutboxStore();
    return {
      store,
      claimMs: 30_000,
      add: async (entries) => store.add(entries),
      lapse: async () => store.advance(30_001),
      row: async (key) => {
        const e = store.entries.get(key);
        return e ? { attempts: e.attempts, lastError: e.lastError, delivered: e.deliveredAt !== null, failed: e.failedAt !== null } : null;
      },
      droppedAudits: async (key) => store.audit.filter((a) => a.detail.key === key),
      addPractitioner: async (name) => {
        const id = `p-${store.practitioners.size + 1}`;
        store.practitioners.set(id, name);
        return id;
      },
      messageId: async (k) => store.deliveries.get(k)?.messageId ?? null,
    };
  });
});
