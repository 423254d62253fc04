// What the Teams adapter uses of the process it is mounted in, and nothing more; the composition
// root's services satisfy it.
import type { Logger } from "pino";
import type { CommandRunner } from "../../application/command-runner.js";
import type { RejectedRequests } from "../../application/rejected-requests.js";
import type { Config } from "../../config/env.js";
import type { Clock, UnitOfWork } from "../../domain/ports.js";
import type { PrismaClient } from "../../infrastructure/prisma/client.js";

export interface TeamsServices {
  config: Pick<Config, "timeZone" | "teamsEmulator" | "slack" | "teams">;
  logger: Logger;
  /** For the conversation references, posted messages and activity dedupe stores. */
  prisma: PrismaClient;
  /** Card state (tallies) read for refreshes. */
  uow: UnitOfWork;
  clock: Clock;
  runner: CommandRunner;
  rejections: Pick<RejectedRequests, "record">;
}
