// The Slack adapter's wiring: a Bolt app on the shared Express app, at Bolt's conventional
// POST /slack/events for slash commands, interactivity and events alike.
//
//   const sender = createSlackSender(config.slack, () => services.prisma, logger, config.timeZone);
//   const services = createServices(config, logger, { senders: [sender] });
//   createHttpServer({ …, mount: (app) => { slack = mountSlack(app, services, config.slack) } });
//
// Bolt's ExpressReceiver reads the raw body itself and verifies Slack's signature (HMAC-SHA256 of
// "v0:<timestamp>:<body>" with the signing secret; older than 5 minutes or wrong → 401), which is
// why the HTTP server has no global body parser. With processBeforeResponse false, ack() answers
// Slack at once and the listener carries on; stop() waits for that remaining work.
import { App, ExpressReceiver, type Authorize } from "@slack/bolt";
import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { Express, Request, Response } from "express";
import type { Logger } from "pino";
import { errorView } from "../../application/command-runner.js";
import type { SlackConfig } from "../../config/env.js";
import { SlackSender } from "../../infrastructure/notify/slack-sender.js";
import { auditRefusals } from "../refused-requests.js";
import type { PrismaClient } from "../../infrastructure/prisma/client.js";
import { registerAppHome } from "./app-home.js";
import { registerButtonActions } from "./button-actions.js";
import { registerLeadCommand } from "./lead-command.js";
import { renderReply, renderView } from "./render-blocks.js";
import { RequestDedupe } from "./request-dedupe.js";
import { apology, BUSY_TEXT, InFlight, inSlackRequest, type SlackDeps } from "./slack-context.js";
import { slackLogger } from "./slack-logger.js";
import type { SlackServices } from "./slack-services.js";

export const SLACK_EVENTS_PATH = "/slack/events";
const SHUTDOWN_WAIT_MS = 10_000;

export interface SlackHandle {
  app: App;
  /** Waits for work still running after its ack (up to 10 s). The HTTP server is stopped by its owner. */
  stop(): Promise<void>;
  /** Work after acks: running, waiting its turn, finished and refused (queue full) since start. */
  afterAck(): InFlight["stats"];
}

/**
 * Who a WebClient works for:
 * - "sender": the notifier's sender, run by the outbox dispatcher inside queue jobs. A 429 is
 *   rejected at once (rejectRateLimitedCalls) as WebAPIRateLimitedError with its Retry-After, so
 *   the dispatcher blocks the whole channel for that long (pacer.block) and re-queues the job,
 *   instead of the client sleeping through Retry-After inside the job (and pausing every other
 *   send of this process meanwhile). A 5xx or network error gets one quick retry only: the
 *   outbox already retries with exponential backoff (deliveryAttempts), and each extra attempt
 *   risks posting again a message Slack accepted before failing.
 * - "listeners": Bolt's client for replies after an ack (ephemeral answers, modals, App Home).
 *   No queue stands behind these, so a 429 waits out its Retry-After inside the client and a
 *   few quick retries follow; better late than lost.
 */
export type WebClientUse = "sender" | "listeners";

export function webClientOptions(slack: SlackConfig, logger: Logger, use: WebClientUse): WebClientOptions {
  const common = { slackApiUrl: slack.apiUrl, logger: slackLogger(logger), timeout: 10_000 };
  return use === "sender"
    ? { ...common, rejectRateLimitedCalls: true, retryConfig: { retries: 1, minTimeout: 500, maxTimeout: 1_000 } }
    : { ...common, rejectRateLimitedCalls: false, retryConfig: { retries: 3, factor: 2, minTimeout: 200, maxTimeout: 3_000 } };
}

export function createSlackWebClient(slack: SlackConfig, logger: Logger, use: WebClientUse): WebClient {
  return new WebClient(slack.botToken, webClientOptions(slack, logger.child({ component: "slack-web-api" }), use));
}

/**
 * The notifier's Slack sender: cards and messages posted with Block Kit from render-blocks.ts.
 * `prisma` may be a function (e.g. `() => services.prisma`) so the sender can exist before the services.
 */
export function createSlackSender(slack: SlackConfig, prisma: PrismaClient | (() => PrismaClient), logger: Logger, timeZone: string): SlackSender {
  const log = logger.child({ component: "slack-sender" });
  return new SlackSender({
    client: createSlackWebClient(slack, log, "sender"),
    prisma,
    render: (view) => renderView(view, { timeZone, interactive: true }),
    logger: log,
  });
}

/** Payload shapes Bolt can route. Anything else is answered 400 at once instead of Bolt's 3-second wait for an ack. */
function isRoutable(body: unknown): boolean {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  const routableTypes = ["block_actions", "view_submission", "view_closed", "shortcut", "message_action", "block_suggestion", "event_callback"];
  return (
    (b.event !== undefined && typeof b.event === "object") ||
    typeof b.command === "string" ||
    Array.isArray(b.actions) ||
    (typeof b.type === "string" && routableTypes.includes(b.type))
  );
}

class LeadbotReceiver extends ExpressReceiver {
  override async requestHandler(req: Request, res: Response): Promise<void> {
    if (!isRoutable(req.body)) {
      res.status(400).json({ error: "unrecognised_slack_payload" });
      return;
    }
    return super.requestHandler(req, res);
  }
}

/**
 * Listeners' work after their acks: this many at once, and at most this many waiting; beyond
 * that the person is told to try again (see InFlight). Measured on two cores (bench/ack-latency):
 * more at once overlaps database waits but makes every ack wait behind more callbacks; a web
 * process finishes some 60 commands a second, so 256 waiting is about four seconds of work.
 */
const AFTER_ACK = { concurrency: 4, maxQueued: 256 };

export interface MountSlackOptions {
  /** Work after acks at once and waiting (AFTER_ACK unless a test says otherwise). */
  afterAck?: { concurrency: number; maxQueued: number };
}

export function mountSlack(expressApp: Express, services: SlackServices, slack: SlackConfig, options: MountSlackOptions = {}): SlackHandle {
  const logger = services.logger.child({ component: "slack" });
  const boltLogger = slackLogger(logger.child({ component: "bolt" }));
  // Everything Bolt does for a request, its listeners and their work after the ack included, knows the request's id.
  expressApp.use(SLACK_EVENTS_PATH, (req, _res, next) => inSlackRequest(req.id, next));
  // Before the receiver's route, so Bolt's own 401s (bad, missing or stale signatures) are audited.
  auditRefusals(expressApp, SLACK_EVENTS_PATH, "slack", services.rejections);
  const receiver = new LeadbotReceiver({
    signingSecret: slack.signingSecret,
    app: expressApp,
    endpoints: SLACK_EVENTS_PATH,
    processBeforeResponse: false,
    logger: boltLogger,
  });
  // No auth.test at start-up (Bolt caches a failed one for the life of the process): one
  // workspace, one bot token, handed to every listener's client.
  const authorize: Authorize<boolean> = async () => ({ botToken: slack.botToken });
  const app = new App({
    receiver,
    authorize,
    logger: boltLogger,
    clientOptions: webClientOptions(slack, logger.child({ component: "slack-web-api" }), "listeners"),
    convoStore: false,
  });

  const limits = options.afterAck ?? AFTER_ACK;
  const inflight = new InFlight(limits.concurrency, limits.maxQueued);
  const busyNotices = new InFlight(4, 16);
  // Once a minute at most: an overload refuses thousands, and the log must not add to it.
  let lastBusyWarning = 0;
  const warnBusy = (what: string) => {
    if (Date.now() - lastBusyWarning < 60_000) return;
    lastBusyWarning = Date.now();
    logger.warn({ what, ...inflight.stats }, "Slack requests refused: too much work queued behind the acks");
  };
  const timeZone = services.config.timeZone;
  const deps: SlackDeps = {
    services,
    dedupe: new RequestDedupe(services.prisma),
    logger,
    timeZone,
    busy: () => {
      if (!inflight.full) return false;
      inflight.refuse();
      warnBusy("slash command");
      return true;
    },
    after: async (name, work, onError) => {
      const task = inflight.offer(async () => {
        try {
          await work();
        } catch (error) {
          const view = apology(logger, error, name);
          if (onError) await onError(view).catch(() => undefined);
        }
      });
      if (task) return task;
      warnBusy(name);
      // A button or modal has no ack body to answer in: the busy answer is a message of its own.
      // Those go a few at a time, and in a flood the rest are not sent (the click did nothing),
      // so answering the refused never slows the work that was accepted.
      if (onError) await busyNotices.offer(() => onError({ type: "text", tone: "warning", caseRef: null, text: BUSY_TEXT }).catch(() => undefined));
    },
  };

  registerLeadCommand(app, deps);
  registerButtonActions(app, deps);
  registerAppHome(app, deps);

  // Everything else Slack might send is acknowledged at once, so Slack never waits or retries.
  app.action(/^(?!lead\.(vote|esc|nudge|plan)\.)/, async ({ ack }) => ack());
  app.view(/^(?!lead\.modal\.)/, async ({ ack }) => ack());
  app.view({ type: "view_closed" }, async ({ ack }) => ack());
  app.shortcut(/.*/, async ({ ack }) => ack());
  app.options(/.*/, async ({ ack }) => ack({ options: [] }));

  app.error(async (error) => {
    logger.error({ err: { name: error.name, code: (error as { code?: unknown }).code, message: error.message } }, "Slack listener error");
  });

  logger.info({ path: SLACK_EVENTS_PATH }, "Slack adapter mounted");
  return {
    app,
    stop: () => inflight.drain(SHUTDOWN_WAIT_MS),
    afterAck: () => inflight.stats,
  };
}

