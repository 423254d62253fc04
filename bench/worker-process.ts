// Another worker process for the nudge benchmark, as a second `npm run worker` beside the first
// (README, "Scaling the worker horizontally"): the real startWorker with the real Slack sender,
// configured from the environment the parent hands it, on the parent's domain clock. Tells the
// parent over IPC when it is running; stops cleanly on SIGTERM.
//   (spawned by startWorkerProcess below)
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { createSlackSender } from "../src/adapters/slack/slack-app.js";
import { createServices, type Services } from "../src/composition/services.js";
import { loadConfig } from "../src/config/env.js";
import { LeadbotQueues } from "../src/infrastructure/queue/queues.js";
import { createLogger } from "../src/logger.js";
import { startWorker } from "../src/worker.js";

export interface WorkerProcess {
  stop(): Promise<void>;
}

export async function startWorkerProcess(env: Record<string, string>, clockOffsetMs: number, concurrency: { nudges: number; outbox: number }): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "serve", String(clockOffsetMs), JSON.stringify(concurrency)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await once(child, "message");
  return {
    stop: async () => {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}

if (process.argv[2] === "serve") {
  const offset = Number(process.argv[3]);
  const concurrency = JSON.parse(process.argv[4] ?? "{}") as { nudges: number; outbox: number };
  const config = loadConfig();
  const logger = createLogger({ log: { level: "silent" }, env: "test" });
  const queues = LeadbotQueues.fromConfig(config, { pacingMs: { slack: 0, teams: 0, playground: 0 } });
  let services: Services;
  const sender = createSlackSender(config.slack!, () => services.prisma, logger, config.timeZone);
  services = createServices(config, logger, { clock: { now: () => new Date(Date.now() + offset) }, senders: [sender], queues });
  const worker = await startWorker(services, { queues, concurrency });
  process.on("SIGTERM", () => {
    void (async () => {
      await worker.stop();
      await queues.close();
      await services.close();
      process.exit(0);
    })();
  });
  process.send?.({ ready: true });
}
