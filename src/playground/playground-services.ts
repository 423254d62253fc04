// What the playground uses of the web process it is mounted in; the composition root's services
// satisfy it.
import type { CommandRunner } from "../application/command-runner.js";
import type { Config } from "../config/env.js";
import type { UseCaseDeps } from "../domain/context.js";
import type { PrismaClient } from "../infrastructure/prisma/client.js";
import type { FireTimes } from "../infrastructure/queue/fire-times.js";

export interface PlaygroundServices extends UseCaseDeps {
  config: Config;
  /** Reads the demo's deadlines and audit trail directly: it shows them on the page. */
  prisma: PrismaClient;
  fireTimes: Pick<FireTimes, "calendar" | "fireAt">;
  runner: Pick<CommandRunner, "deliver">;
}
