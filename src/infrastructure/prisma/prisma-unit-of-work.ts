import { setTimeout as sleep } from "node:timers/promises";
import { Prisma, type PrismaClient } from "../../generated/prisma/client.js";
import type { Repositories, UnitOfWork } from "../../domain/ports.js";
import { isTransientTransactionError, translatePrismaError } from "./prisma-errors.js";
import { createPrismaRepositories } from "./prisma-repositories.js";
import { DEFAULT_CALENDAR_SETTINGS, type CalendarSettings } from "./prisma-settings-repository.js";

const TRANSACTION_OPTIONS = {
  // Read committed plus the case row lock (cases.getByReference(…, { lock: true })) is enough to
  // serialise commands on one case without the retry storms of SERIALIZABLE.
  isolationLevel: Prisma.TransactionIsolationLevel.ReadCommitted,
  // Inside Teams' 15 s reply window; a command holding a case lock longer than that is a bug.
  timeout: 15_000,
  // How long to wait for a pooled connection before giving up.
  maxWait: 10_000,
};

/** Deadlocks are rare and harmless to retry: the work only touches the database. */
const MAX_ATTEMPTS = 3;

export class PrismaUnitOfWork implements UnitOfWork {
  constructor(
    private readonly prisma: PrismaClient,
    /** The working calendar from the config; the settings row never overrides it. */
    private readonly calendar: CalendarSettings = DEFAULT_CALENDAR_SETTINGS,
  ) {}

  async run<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.prisma.$transaction((tx) => work(createPrismaRepositories(tx, this.calendar)), TRANSACTION_OPTIONS);
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && isTransientTransactionError(error)) {
          // A little jitter so the two sides of a deadlock do not collide again.
          await sleep(10 * attempt + Math.floor(Math.random() * 20));
          continue;
        }
        // Unique violations are not retried: the other request won, and the caller should say so.
        throw translatePrismaError(error);
      }
    }
  }
}
