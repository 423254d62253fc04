// A worker for the crash-after-send test, run in a child process: the real startWorker on the
// real Postgres and Redis, with the real Slack sender posting to the parent's fake Slack API and
// a Teams sender that appends what it "posts" to a file. Every send is accepted by the platform
// and then never returns (as if the process froze right after the platform answered), so a
// SIGKILL lands after the platform has the message and before the outbox recorded it as sent.
//   argv: <clock offset ms> <record file> <timings JSON> <Slack API URL>
import { appendFileSync, writeFileSync } from "node:fs";
import { createSlackSender } from "../../../../src/adapters/slack/slack-app.js";
import { createServices, type Services } from "../../../../src/composition/services.js";
import { loadConfig } from "../../../../src/config/env.js";
import type { View } from "../../../../src/domain/views.js";
import { createLogger } from "../../../../src/logger.js";
import type { ChatDestination, ChatSender, SentMessage } from "../../../../src/infrastructure/notify/chat-sender.js";
import { LeadbotQueues, type QueueTimings } from "../../../../src/infrastructure/queue/queues.js";
import { startWorker } from "../../../../src/worker.js";

const [offsetArg, recordArg, timingsJson, slackApiUrl] = process.argv.slice(2);
if (!recordArg || !timingsJson || !slackApiUrl) throw new Error("usage: worker-child-accepted <offset> <file> <timings> <slackApiUrl>");
const recordFile: string = recordArg;
const offset = Number(offsetArg);

const freeze = (): Promise<never> => new Promise<never>(() => undefined);

/** Lets the platform accept, records that it did, then never answers the dispatcher. */
class AcceptedThenFrozen implements ChatSender {
  constructor(
    readonly platform: "slack" | "teams",
    private readonly inner: (d: ChatDestination, v: View, messageKey?: string, deliveryKey?: string) => Promise<SentMessage | void>,
  ) {}
  async send(destination: ChatDestination, view: View, messageKey?: string, deliveryKey?: string): Promise<SentMessage> {
    await this.inner(destination, view, messageKey, deliveryKey);
    appendFileSync(recordFile, `${JSON.stringify({ platform: this.platform, destination, view, deliveryKey: deliveryKey ?? null })}\n`);
    return freeze();
  }
}

const config = loadConfig();
const logger = createLogger({ log: { level: "silent" }, env: "test" });
let services: Services | null = null;
const slack = createSlackSender({ signingSecret: "unused", botToken: "xoxb-crash-test", apiUrl: slackApiUrl }, () => services!.prisma, logger, "Europe/London");
services = createServices(config, logger, {
  clock: { now: () => new Date(Date.now() + offset) },
  senders: [new AcceptedThenFrozen("slack", (d, v, k, dk) => slack.send(d, v, k, dk)), new AcceptedThenFrozen("teams", async () => undefined)],
});
const queues = LeadbotQueues.fromConfig(config, JSON.parse(timingsJson) as Partial<QueueTimings>);
await startWorker(services, { queues });
writeFileSync(`${recordFile}.ready`, "");
