// The server side of the ack-latency benchmark, in a process of its own so the load generator
// does not share its event loop. `leadbot`: the real HTTP server with the Slack adapter, the real
// services on a bench database and Redis prefix (as the web process runs, RUN_WORKER=false), a
// fake Slack Web API, and seeded cases with open proposals. `bare`: a Bolt app on the same kind
// of ExpressReceiver whose listeners only ack. Prints one JSON line: its port and the fixtures.
//   npx tsx bench/ack-server.ts leadbot|bare <signing secret>
import { randomUUID } from "node:crypto";
import { App, ExpressReceiver } from "@slack/bolt";
import { mountSlack } from "../src/adapters/slack/slack-app.js";
import { createSlackSender } from "../src/adapters/slack/slack-app.js";
import { createTeamsSender, mountTeams } from "../src/adapters/teams/mount-teams.js";
import { createServices, type Services } from "../src/composition/services.js";
import { createHttpServer, listen } from "../src/http/server.js";
import { createLogger } from "../src/logger.js";
import { LeadbotQueues } from "../src/infrastructure/queue/queues.js";
import { FakeSlackApi } from "../test/support/fake-slack-api.js";
import { benchPlace } from "./support.js";

const [mode, secret] = process.argv.slice(2) as ["leadbot" | "bare" | "teams", string];
const CASES = 40;
const MEMBERS_PER_CASE = 8;

export interface AckFixtures {
  port: number;
  /** The bench database and Redis prefix, for the parent to remove once this process is gone. */
  place?: { databaseUrl: string; prefix: string; redisUrl: string };
  cases: { ref: string; proposalId: string; channel: string; voters: string[]; nominee: string; nomineeHandle: string }[];
  /** `teams` mode: each case's voters as Teams users (AAD id and Teams user id), by the same index as `voters`. */
  teamsVoters?: { aad: string; mri: string }[][];
}

async function bare(): Promise<void> {
  const receiver = new ExpressReceiver({ signingSecret: secret, endpoints: "/slack/events", processBeforeResponse: false });
  const app = new App({ receiver, authorize: async () => ({ botToken: "xoxb-bench-not-real" }) });
  app.command("/lead", async ({ ack }) => ack());
  app.action(/.*/, async ({ ack }) => ack());
  const server = receiver.app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  const port = (server.address() as { port: number }).port;
  console.log(JSON.stringify({ port, cases: [] } satisfies AckFixtures));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

async function leadbot(platform: "slack" | "teams"): Promise<void> {
  const place = await benchPlace("ack");
  const fake = new FakeSlackApi();
  await fake.start();
  // Teams alone, in local (emulator) mode: no credentials to check, as leadbot allows only without Slack.
  const config =
    platform === "slack"
      ? place.config({ SLACK_SIGNING_SECRET: secret, SLACK_BOT_TOKEN: "xoxb-bench-not-real", SLACK_API_URL: fake.apiUrl, PLAYGROUND: "off", RUN_WORKER: "false" })
      : place.config({ TEAMS_EMULATOR: "true", PLAYGROUND: "off", RUN_WORKER: "false" });
  const logger = createLogger({ log: { level: "silent" }, env: "test" });
  const queues = LeadbotQueues.fromConfig(config);
  let services: Services;
  const teamsSender = platform === "teams" ? createTeamsSender(config.teams, logger) : null;
  const sender = teamsSender ?? createSlackSender(config.slack!, () => services.prisma, logger, config.timeZone);
  services = createServices(config, logger, { senders: [sender], queues });
  const app = createHttpServer({
    logger,
    mount: (express) => {
      if (teamsSender) {
        mountTeams(express, services, config.teams, logger, teamsSender);
        return;
      }
      // BENCH_AFTER_ACK=<at once>,<waiting>: tries another limit on the work after acks.
      const limits = process.env.BENCH_AFTER_ACK?.split(",").map(Number);
      const slack = mountSlack(express, services, config.slack!, limits ? { afterAck: { concurrency: limits[0]!, maxQueued: limits[1] ?? 256 } } : {});
      // For the parent: how much work the acks left behind (it waits for it between runs).
      express.get("/bench/after-ack", (_req, res) => void res.json(slack.afterAck()));
    },
  });
  const server = await listen(app, 0, "127.0.0.1");

  // Fixtures through the repositories: fictional members, a case channel each, an open proposal.
  const fixtures: AckFixtures = { port: server.port, place: { databaseUrl: place.databaseUrl, prefix: place.prefix, redisUrl: place.redisUrl }, cases: [] };
  const now = new Date();
  await services.uow.run(async (repos) => {
    const settings = await repos.settings.get();
    await repos.settings.update({ ...settings, accessTeamChannels: { ...settings.accessTeamChannels, slack: "CBENCHACCESS" } });
  });
  fixtures.teamsVoters = [];
  for (let c = 0; c < CASES; c++) {
    const ids = Array.from({ length: MEMBERS_PER_CASE }, (_, m) => ({ id: randomUUID(), slack: `UB${c}X${m}`, handle: `bench.${c}.${m}`, aad: randomUUID(), mri: `29:1bench${c}x${m}` }));
    const caseId = randomUUID();
    const proposalId = randomUUID();
    const ref = `EH-BENCH-${String(c).padStart(4, "0")}`;
    const channel = `CBENCH${c}`;
    await services.uow.run(async (repos) => {
      for (const p of ids) {
        await repos.practitioners.create({
          id: p.id, handle: p.handle, name: `Bench Member ${c}.${p.handle.split(".")[2]}`, role: "family-support-worker", agency: "Family Support Service",
          managerId: null, dbsCheckedOn: "2024-01-10", qualifiedOn: "2015-07-01", managerRecommendation: false, employment: "permanent",
          mentorId: null, lpCapacity: 50, availability: "available", duties: { accessTeam: false, coordinator: false, executive: false }, chat: { slack: p.slack, teams: p.aad },
        });
      }
      await repos.cases.create({ id: caseId, reference: ref, statuses: ["early-help"], open: true, leadId: null, leadSince: null, noLeadSince: now, reviewDate: null, channels: { slack: channel }, openedAt: now, closedAt: null });
      for (const p of ids) await repos.taf.add(caseId, p.id, now);
      await repos.proposals.create({
        id: proposalId, caseId, kind: "appoint", nomineeId: ids[0]!.id, proposerId: ids[1]!.id, reason: "knows the family", familyView: { kind: "agrees" },
        notes: [], electorate: ids.map((p) => p.id), state: "open", deadline: new Date(now.getTime() + 7 * 86_400_000), createdAt: now, closedAt: null, outcomeReason: null,
      });
    });
    fixtures.cases.push({ ref, proposalId, channel, voters: ids.slice(1).map((p) => p.slack), nominee: ids[0]!.slack, nomineeHandle: ids[0]!.handle });
    fixtures.teamsVoters.push(ids.slice(1).map((p) => ({ aad: p.aad, mri: p.mri })));
  }
  console.log(JSON.stringify(fixtures));
  // A profiled run (node --cpu-prof) writes its profile on a clean exit: SIGTERM gives one.
  process.on("SIGTERM", () => process.exit(0));
  // The parent kills this process and removes its database and Redis keys itself: queued
  // after-ack work would otherwise race the DROP DATABASE.
}

await (mode === "bare" ? bare() : leadbot(mode === "teams" ? "teams" : "slack"));
