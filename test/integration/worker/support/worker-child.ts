// The equivalent of `npm run worker` for crash tests, run in a child process: the real
// startWorker on the real Postgres and Redis (DATABASE_URL, REDIS_URL, REDIS_PREFIX from the
// environment), with chat senders that append every message they deliver to a file, so the
// parent can still count them after killing this process.
//   argv: <clock offset ms> <record file> <timings JSON> <hang after N sends, or -1> <ms per send>
// Once N sends have started, every further send hangs (as if the chat API never answered), so a
// SIGKILL then lands while sends are in flight, before the platform accepted them.
import { appendFileSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { createServices } from "../../../../src/composition/services.js";
import { loadConfig } from "../../../../src/config/env.js";
import type { Platform } from "../../../../src/domain/types.js";
import type { View } from "../../../../src/domain/views.js";
import { createLogger } from "../../../../src/logger.js";
import type { ChatDestination, ChatSender } from "../../../../src/infrastructure/notify/chat-sender.js";
import { LeadbotQueues, type QueueTimings } from "../../../../src/infrastructure/queue/queues.js";
import { startWorker } from "../../../../src/worker.js";

const [offsetArg, recordArg, timingsJson, hangArg, slowArg] = process.argv.slice(2);
if (!recordArg || !timingsJson) throw new Error("usage: worker-child <offset> <file> <timings> <hangAfter> <slowMs>");
const recordFile: string = recordArg;
const offset = Number(offsetArg);
const hangAfter = Number(hangArg ?? -1);
const slowMs = Number(slowArg ?? 0);
let started = 0;
let hung = false;

class FileSender implements ChatSender {
  constructor(readonly platform: Platform) {}
  async send(destination: ChatDestination, view: View, messageKey?: string): Promise<void> {
    // Counted as sends start: a batch of nudges sends side by side.
    if (hangAfter >= 0 && started++ >= hangAfter) {
      if (!hung) writeFileSync(`${recordFile}.hung`, "");
      hung = true;
      await new Promise<never>(() => undefined);
    }
    writeFileSync(`${recordFile}.sending`, "");
    await sleep(slowMs);
    // The platform "accepts" the message here.
    appendFileSync(recordFile, `${JSON.stringify({ platform: this.platform, destination, view, messageKey: messageKey ?? null })}\n`);
  }
}

const config = loadConfig();
const logger = createLogger({ log: { level: "silent" }, env: "test" });
const services = createServices(config, logger, {
  clock: { now: () => new Date(Date.now() + offset) },
  senders: [new FileSender("slack"), new FileSender("teams")],
});
const queues = LeadbotQueues.fromConfig(config, JSON.parse(timingsJson) as Partial<QueueTimings>);
const worker = await startWorker(services, { queues });
writeFileSync(`${recordFile}.ready`, "");

process.on("SIGTERM", () => {
  void (async () => {
    await worker.stop();
    await queues.close();
    await services.close();
    writeFileSync(`${recordFile}.stopped`, "");
    process.exit(0);
  })();
});
