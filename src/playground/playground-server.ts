// The local playground: a web page at "/" where you act as any person of a seeded demo
// deployment, type the same commands as in Teams, press the card buttons and move a simulated
// clock forward to watch votes close, nudges and escalation timeouts fire. Everything goes
// through the real Teams adapter and use cases: the page talks to this server, which is a
// local Bot Framework channel (connector.ts) posting activities to the app's own /api/messages.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express, type Request, type Response } from "express";
import type { Logger } from "pino";
import { teamsLocalMode } from "../adapters/teams/mount-teams.js";
import { executeDeadline } from "../application/execute-deadline.js";
import type { WorkingCalendar } from "../domain/rules/working-calendar.js";
import { fromDbEnum } from "../infrastructure/prisma/prisma-mapping.js";
import { PlaygroundChannel, type TranscriptMessage } from "./connector.js";
import type { PlaygroundClock } from "./playground-clock.js";
import type { PlaygroundServices } from "./playground-services.js";
import { realPlatformData } from "./real-platform-data.js";
import { DEMO_CASE, DEMO_PEOPLE, installEverywhere, seedDemo } from "./seed-demo.js";
import { readSlackPress, slackMessageOf, slackReplyOf } from "./slack-form.js";

export interface PlaygroundOptions {
  clock: PlaygroundClock;
  logger: Logger;
}

export interface Playground {
  /** Once the app listens: installs the bot in every demo conversation and seeds what is missing. */
  start(port: number, host?: string): Promise<void>;
}

const HOUR = 60 * 60 * 1000;
const CLOCK_STEPS = ["hour", "working-day", "5-working-days", "next-morning"] as const;
type ClockStep = (typeof CLOCK_STEPS)[number];

/** The page's files sit next to this module (src/playground); a compiled build looks there too. */
function assetDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, path.resolve(here, "../../../src/playground")]) {
    if (existsSync(path.join(dir, "page.html"))) return dir;
  }
  throw new Error(`playground page not found near ${here}`);
}

function adaptiveCardsScript(): string {
  const pkg = createRequire(import.meta.url).resolve("adaptivecards/package.json");
  return path.join(path.dirname(pkg), "dist", "adaptivecards.min.js");
}

/** Cases the playground may move in time: those with a demo person on their TAF. */
const playgroundCases = { taf: { some: { practitioner: { teamsAadId: { in: DEMO_PEOPLE.map((p) => p.aadObjectId) } } } } };

export interface FiredDeadline {
  key: string;
  kind: string;
  caseRef: string;
  /** False when its reason had gone (vote already closed, review held): nothing was sent. */
  acted: boolean;
}

/**
 * Fires, oldest first, every pending deadline of the playground's cases whose moment has come by
 * the services' clock: state changes at their due time, nudges at the next moment inside working
 * hours (as the worker's FireTimes decides). Each one's messages are delivered the way a command's are.
 */
export async function fireDueDeadlines(services: PlaygroundServices): Promise<FiredDeadline[]> {
  const fired: FiredDeadline[] = [];
  const calendar = await services.fireTimes.calendar();
  // A fired deadline may schedule another that is already due (an escalation climbing): go round again.
  for (let round = 0; round < 20; round++) {
    const now = services.clock.now();
    const rows = await services.prisma.deadline.findMany({
      where: { state: "pending", dueAt: { lte: now }, case: playgroundCases },
      orderBy: [{ dueAt: "asc" }, { key: "asc" }],
      include: { case: { select: { reference: true } } },
    });
    const due = rows.filter((row) => services.fireTimes.fireAt({ kind: fromDbEnum(row.kind), dueAt: row.dueAt }, calendar, now) <= now);
    if (due.length === 0) break;
    for (const row of due) {
      const result = await executeDeadline(services, row.key);
      await services.runner.deliver(result.outcome);
      fired.push({ key: row.key, kind: fromDbEnum(row.kind), caseRef: row.case.reference, acted: result.fired });
    }
  }
  return fired;
}

function stepTarget(step: ClockStep, now: Date, calendar: WorkingCalendar): Date {
  switch (step) {
    case "hour":
      return new Date(now.getTime() + HOUR);
    case "working-day":
      return calendar.addWorkingDaysToInstant(now, 1);
    case "5-working-days":
      return calendar.addWorkingDaysToInstant(now, 5);
    case "next-morning": {
      const today = calendar.workingMorning(calendar.localDate(now));
      return today > now ? today : calendar.workingMorning(calendar.addWorkingDays(calendar.localDate(now), 1));
    }
  }
}

export function mountPlayground(app: Express, services: PlaygroundServices, options: PlaygroundOptions): Playground {
  const { clock } = options;
  const log = options.logger.child({ component: "playground" });
  const config = services.config;
  if (!teamsLocalMode(config)) {
    log.warn("the playground needs Teams in local emulator mode (no MICROSOFT_APP_ID, not production): it is off");
    return { start: async () => undefined };
  }
  // With a real Slack or Teams the clock is everyone's: only an all-local deployment may move it.
  const clockMovable = config.slack === null && config.teams === null;
  const channel = new PlaygroundChannel(clock, () => DEMO_PEOPLE, log);
  let status: { ready: boolean; error: string | null } = { ready: false, error: null };
  let lastFired: FiredDeadline[] = [];
  const dir = assetDir();
  const timeText = (d: Date) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: config.timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(d);

  app.get("/", (_req, res) => res.sendFile(path.join(dir, "page.html")));
  for (const file of ["page.js", "page.css", "slack-blocks.js"]) app.get(`/playground/${file}`, (_req, res) => res.sendFile(path.join(dir, file)));
  app.get("/playground/adaptivecards.min.js", (_req, res) => res.sendFile(adaptiveCardsScript()));
  app.use("/playground/connector", channel.router());

  const api = express.Router();
  api.use(express.json({ limit: "256kb" }));
  const personFrom = (req: Request, res: Response) => {
    const handle = (req.body as { as?: unknown } | undefined)?.as;
    const found = DEMO_PEOPLE.find((p) => p.handle === handle);
    if (!found) res.status(400).json({ error: "Choose who you are acting as." });
    return found;
  };
  const conversationFrom = (req: Request, res: Response) => {
    const id = (req.body as { conversation?: unknown } | undefined)?.conversation;
    const found = typeof id === "string" ? channel.conversation(id) : undefined;
    if (!found) res.status(400).json({ error: "No such conversation." });
    return found;
  };
  const whenReady = (res: Response) => {
    if (!status.ready) res.status(503).json({ error: status.error ?? "The playground is still setting up the demo; try again in a moment." });
    return status.ready;
  };

  api.get("/state", async (_req, res) => {
    const now = clock.now();
    const calendar = await services.fireTimes.calendar();
    const pending = await services.prisma.deadline.findMany({
      where: { state: "pending", case: playgroundCases },
      orderBy: { dueAt: "asc" },
      take: 8,
      include: { case: { select: { reference: true } } },
    });
    res.json({
      ...status,
      revision: channel.revision,
      demoCase: DEMO_CASE,
      clock: {
        now: now.toISOString(),
        text: timeText(now),
        workingHours: calendar.nextDeliveryTime(now).getTime() === now.getTime(),
        aheadHours: Math.round(clock.offset / HOUR),
        movable: clockMovable,
      },
      people: DEMO_PEOPLE.map(({ handle, name, role, agency, part, manager, teamsId }) => ({ handle, name, role, agency, part, manager, teamsId })),
      conversations: channel.listConversations(),
      schedule: pending.map((d) => {
        const kind = fromDbEnum(d.kind);
        return { kind, caseRef: d.case.reference, due: timeText(d.dueAt), fires: timeText(services.fireTimes.fireAt({ kind, dueAt: d.dueAt }, calendar, now)) };
      }),
      lastFired,
    });
  });

  // Each message in both forms: the Adaptive Card Teams got, and the blocks Slack would get.
  const forPage = ({ source, ...message }: TranscriptMessage) => ({ ...message, slack: source ? slackMessageOf(source, config.timeZone) : null });

  api.get("/transcript", (req, res) => {
    const id = typeof req.query.conversation === "string" ? req.query.conversation : "";
    res.json({ messages: channel.transcript(id).map(forPage) });
  });

  api.get("/files/:id", (req, res) => {
    const file = channel.download(req.params.id);
    if (!file) {
      res.status(404).json({ error: "No such file: it was never saved, or the playground restarted." });
      return;
    }
    res.attachment(file.name).type("text/csv; charset=utf-8").send(file.content);
  });

  api.post("/send", async (req, res) => {
    if (!whenReady(res)) return;
    const who = personFrom(req, res);
    const where = who && conversationFrom(req, res);
    if (!who || !where) return;
    const raw = String((req.body as { text?: unknown }).text ?? "").trim();
    // "/lead propose …" and "propose …" are the same command; Teams has no slash command.
    const text = raw.replace(/^\/lead\b\s*/i, "");
    await channel.say(who, where.id, text.length ? text : "help");
    res.json({ ok: true });
  });

  api.post("/invoke", async (req, res) => {
    if (!whenReady(res)) return;
    const who = personFrom(req, res);
    const where = who && conversationFrom(req, res);
    if (!who || !where) return;
    const body = req.body as { activityId?: unknown; verb?: unknown; data?: unknown; trigger?: unknown };
    if (typeof body.activityId !== "string" || typeof body.verb !== "string") {
      res.status(400).json({ error: "A card action needs the message id and the verb." });
      return;
    }
    const answer = await channel.invoke(who, where.id, body.activityId, { verb: body.verb, data: body.data ?? {} }, body.trigger === "automatic" ? "automatic" : "manual");
    res.status(answer.ok ? 200 : 502).json(answer.ok ? { ok: true, card: answer.card } : answer);
  });

  // A button pressed in the Slack view: read as Slack's click, run as the same card action.
  api.post("/slack-action", async (req, res) => {
    if (!whenReady(res)) return;
    const who = personFrom(req, res);
    const where = who && conversationFrom(req, res);
    if (!who || !where) return;
    const body = req.body as { activityId?: unknown; actionId?: unknown; value?: unknown; inputs?: unknown };
    const message = typeof body.activityId === "string" ? channel.transcript(where.id).find((m) => m.id === body.activityId) : undefined;
    if (!message) {
      res.status(400).json({ error: "That message is not in this conversation." });
      return;
    }
    const inputs = typeof body.inputs === "object" && body.inputs !== null ? (body.inputs as Record<string, unknown>) : undefined;
    const read = await readSlackPress({ actionId: body.actionId, value: body.value, inputs }, async (handle) => {
      const found = await services.prisma.practitioner.findUnique({ where: { handle }, select: { id: true } });
      return found?.id ?? null;
    });
    if (read.kind === "refused") {
      res.status(400).json({ error: read.message });
      return;
    }
    if (read.kind === "form") {
      res.json({ ok: true, form: read.form });
      return;
    }
    const answer = await channel.invoke(who, where.id, message.id, { verb: read.press.verb, data: read.press }, "manual");
    if (!answer.ok) {
      res.status(502).json(answer);
      return;
    }
    res.json({ ok: true, reply: slackReplyOf(answer.source, config.timeZone) });
  });

  // Allow or Decline on a file consent card.
  api.post("/file-consent", async (req, res) => {
    if (!whenReady(res)) return;
    const who = personFrom(req, res);
    const where = who && conversationFrom(req, res);
    if (!who || !where) return;
    const body = req.body as { activityId?: unknown; action?: unknown };
    if (typeof body.activityId !== "string" || (body.action !== "accept" && body.action !== "decline")) {
      res.status(400).json({ error: "A file consent answer needs the message id and accept or decline." });
      return;
    }
    if (where.kind !== "personal" || where.owner !== who.handle) {
      res.status(403).json({ error: "Only the person whose chat it is can answer a file offer." });
      return;
    }
    const answer = await channel.consent(who, where.id, body.activityId, body.action);
    res.status(answer.ok ? 200 : answer.status).json(answer.ok ? { ok: true } : { error: answer.message });
  });

  api.post("/clock", async (req, res) => {
    if (!whenReady(res)) return;
    if (!clockMovable) {
      res.status(409).json({ error: "The clock can only be moved when no Slack or Teams workspace is configured." });
      return;
    }
    const step = (req.body as { step?: unknown }).step as ClockStep;
    if (!CLOCK_STEPS.includes(step)) {
      res.status(400).json({ error: `step must be one of ${CLOCK_STEPS.join(", ")}` });
      return;
    }
    const calendar = await services.fireTimes.calendar();
    clock.advanceTo(stepTarget(step, clock.now(), calendar));
    lastFired = await fireDueDeadlines(services);
    log.info({ step, now: clock.now().toISOString(), fired: lastFired.length }, "playground clock moved");
    res.json({ now: clock.now().toISOString(), fired: lastFired });
  });

  app.use("/playground/api", api);

  return {
    async start(port, host = "127.0.0.1") {
      const loopback = ["0.0.0.0", "::", "", "localhost"].includes(host) ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
      channel.connect(`http://${loopback}:${port}`);
      try {
        // Checked before anything is written: installing the bot already saves references.
        const foreign = await realPlatformData(services.prisma, DEMO_PEOPLE.map((p) => p.aadObjectId));
        if (foreign !== null) {
          status = {
            ready: false,
            error: `This database is used by a real Slack or Teams deployment (${foreign}), so the playground writes nothing into it. Point DATABASE_URL at a database of its own.`,
          };
          log.error({ found: foreign }, "playground: the database belongs to a real platform; the demo is not seeded");
          return;
        }
        // Time never runs backwards: after a restart the clock resumes from the demo's last moment.
        const ids = await services.prisma.practitioner.findMany({ where: { teamsAadId: { in: DEMO_PEOPLE.map((p) => p.aadObjectId) } }, select: { id: true } });
        const latest = await services.prisma.auditEvent.aggregate({ _max: { at: true }, where: { actorId: { in: ids.map((p) => p.id) } } });
        if (clockMovable && latest._max.at) clock.advanceTo(latest._max.at);
        await installEverywhere(channel);
        const done = await seedDemo(services, channel);
        status = { ready: true, error: null };
        log.info(
          { seeded: done.length, case: DEMO_CASE },
          `playground ready at http://${loopback === "127.0.0.1" ? "localhost" : loopback}:${port}/ (${done.length ? `seeded ${done.length} steps` : "demo already seeded"})`,
        );
      } catch (error) {
        status = { ready: false, error: `The playground could not set up its demo: ${error instanceof Error ? error.message : String(error)}` };
        log.error({ err: error }, "playground: seeding the demo failed");
      }
    },
  };
}
