// The composition root's shared half: everything a process (the HTTP service, the worker, a test)
// needs to run commands and deliver their messages, built from the config in one place.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { CommandRunner } from "../application/command-runner.js";
import type { Config } from "../config/env.js";
import type { Clock, IdGenerator, Scheduler, UnitOfWork } from "../domain/ports.js";
import type { ChatSender } from "../infrastructure/notify/chat-sender.js";
import { RoutingNotifier } from "../infrastructure/notify/routing-notifier.js";
import { createPrismaClient, type PrismaClient } from "../infrastructure/prisma/client.js";
import { PrismaDirectory } from "../infrastructure/prisma/prisma-directory.js";
import { PrismaUnitOfWork } from "../infrastructure/prisma/prisma-unit-of-work.js";

export const systemClock: Clock = { now: () => new Date() };
export const uuidIds: IdGenerator = { next: () => randomUUID() };

/** Until the queue is attached, deadlines live only as Postgres rows; the reconciler derives jobs. */
export const rowsOnlyScheduler: Scheduler = {
  schedule: async () => undefined,
  cancel: async () => undefined,
};

export interface Services {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  uow: UnitOfWork;
  clock: Clock;
  ids: IdGenerator;
  notifier: RoutingNotifier;
  scheduler: Scheduler;
  runner: CommandRunner;
  close(): Promise<void>;
}

export interface ServiceOptions {
  clock?: Clock;
  senders?: ChatSender[];
  scheduler?: Scheduler;
  prisma?: PrismaClient;
}

export function createServices(config: Config, logger: Logger, options: ServiceOptions = {}): Services {
  const prisma = options.prisma ?? createPrismaClient(config.database.url);
  const uow = new PrismaUnitOfWork(prisma);
  const clock = options.clock ?? systemClock;
  const notifier = new RoutingNotifier(new PrismaDirectory(prisma), options.senders ?? [], logger.child({ component: "notifier" }));
  const scheduler = options.scheduler ?? rowsOnlyScheduler;
  const runner = new CommandRunner({ uow, clock, ids: uuidIds, notifier, scheduler, logger: logger.child({ component: "commands" }) });
  return {
    config,
    logger,
    prisma,
    uow,
    clock,
    ids: uuidIds,
    notifier,
    scheduler,
    runner,
    close: async () => {
      if (!options.prisma) await prisma.$disconnect();
    },
  };
}

/** Readiness: Postgres answers a trivial query. */
export async function databaseAnswers(services: Pick<Services, "prisma">): Promise<boolean> {
  await services.prisma.$queryRaw`SELECT 1`;
  return true;
}
