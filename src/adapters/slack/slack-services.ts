// What the Slack adapter uses of the process it is mounted in, and nothing more; the composition
// root's services satisfy it.
import type { Logger } from "pino";
import type { CommandRunner } from "../../application/command-runner.js";
import type { RejectedRequests } from "../../application/rejected-requests.js";
import type { Config } from "../../config/env.js";
import type { UnitOfWork } from "../../domain/ports.js";
import type { PrismaClient } from "../../infrastructure/prisma/client.js";

export interface SlackServices {
  config: Pick<Config, "timeZone">;
  logger: Logger;
  /** For the request dedupe store. */
  prisma: PrismaClient;
  /** Read-only views (the App Home). */
  uow: UnitOfWork;
  runner: Pick<CommandRunner, "run">;
  rejections: Pick<RejectedRequests, "record">;
}
