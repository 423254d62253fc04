// Nudge throughput: 20,000 review reminders across 2,000 cases, fired by the real worker
// (deadline queue → use case → outbox → Slack sender) into a local fake Slack Web API in a
// process of its own, with the per-channel pacing off. Three runs: a burst (everything due at one
// moment: how fast the worker drains it), a steady stream (due evenly over 20 s: how late each one
// is), and the burst again with a second worker process beside the first.
// Baseline in the same run: a bare BullMQ worker processing the same number of no-op jobs.
//   npx tsx bench/nudge-throughput.ts [nudges] [cases]
import { Queue, Worker } from "bullmq";
import { createSlackSender } from "../src/adapters/slack/slack-app.js";
import { createServices, type Services } from "../src/composition/services.js";
import { createLogger } from "../src/logger.js";
import { LeadbotQueues } from "../src/infrastructure/queue/queues.js";
import { startWorker } from "../src/worker.js";
import { startFakeSlack } from "./fake-slack-process.js";
import { startWorkerProcess } from "./worker-process.js";
import { benchPlace, mib, percentile, WorkingHoursClock } from "./support.js";

const NUDGES = Number(process.argv[2] ?? 20_000);
const CASES = Number(process.argv[3] ?? 2_000);
const PER_CASE = Math.ceil(NUDGES / CASES);
/** The worker's default concurrency (src/worker.ts); the bare baseline runs at the same. */
const CONCURRENCY = { nudges: 200, outbox: 20 };
const BURST_BUDGET_MS = Number(process.env.BENCH_BURST_BUDGET_MS ?? 120_000);

const place = await benchPlace("nudges");
const fake = await startFakeSlack();
const slackEnv = { SLACK_SIGNING_SECRET: "bench-signing-secret", SLACK_BOT_TOKEN: "xoxb-bench-not-real", SLACK_API_URL: fake.apiUrl };
const config = place.config(slackEnv);
const logger = createLogger({ log: { level: "silent" }, env: "test" });
const clock = new WorkingHoursClock();
const queues = LeadbotQueues.fromConfig(config, { pacingMs: { slack: 0, teams: 0, playground: 0 } });
let services: Services;
const sender = createSlackSender(config.slack!, () => services.prisma, logger, config.timeZone);
services = createServices(config, logger, { clock, senders: [sender], queues });
const rssStart = process.memoryUsage().rss;

async function seed(): Promise<void> {
  // Fictional leads, one per case; the cases have a review date in the future.
  await services.prisma.$executeRawUnsafe(`
    INSERT INTO practitioners (id, handle, name, role, agency, dbs_checked_on, qualified_on, employment, lp_capacity, availability, slack_user_id, updated_at)
    SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'bench.lead.' || g, 'Bench Lead ' || g, 'family-support-worker',
           'Family Support Service', '2024-01-10', '2015-07-01', 'permanent', 50, 'available', 'UBENCH' || g, now()
    FROM generate_series(1, ${CASES}) g;
    INSERT INTO cases (id, reference, statuses, open, lead_id, lead_since, review_date, opened_at)
    SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, 'EH-BENCH-' || g, '{early-help}', true,
           ('00000000-0000-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, now(), '2027-01-15', now()
    FROM generate_series(1, ${CASES}) g;`);
}

/**
 * `count` reminder rows, the i-th due at start + i * spreadMs / count (domain time). A case's
 * reminders are spread through the run, as in life (a case rarely has two nudges at one moment):
 * the i-th reminder belongs to case i mod CASES.
 */
async function addReminders(run: string, count: number, startDomain: Date, spreadMs: number): Promise<void> {
  await services.prisma.$executeRawUnsafe(`
    INSERT INTO deadlines (key, kind, case_id, subject_id, due_at, state)
    SELECT 'review-reminder-bench${run}-' || lpad(n::text, 3, '0') || '-' || lpad(c::text, 6, '0'), 'review-reminder',
           ('00000000-0000-4000-9000-' || lpad(to_hex(c), 12, '0'))::uuid, 'bench',
           timestamptz '${startDomain.toISOString()}' + (((n - 1) * ${CASES} + c - 1) * ${spreadMs / count}) * interval '1 millisecond', 'pending'
    FROM generate_series(1, ${CASES}) c, generate_series(1, ${Math.ceil(count / CASES)}) n
    WHERE (n - 1) * ${CASES} + c <= ${count};`);
}

interface RunFigures {
  delivered: number;
  seconds: number;
  lateness: number[];
}

/**
 * Waits until `count` reminders of `run` are sent, or the time budget is spent (then it reports
 * what was sent by then); lateness = sent (real) − due (real).
 */
async function measure(run: string, count: number, dueRealStart: number, budgetMs: number): Promise<RunFigures> {
  const until = dueRealStart + budgetMs;
  for (;;) {
    const [{ sent }] = await services.prisma.$queryRawUnsafe<[{ sent: bigint }]>(
      `SELECT count(*) AS sent FROM nudge_deliveries WHERE status = 'sent' AND deadline_key LIKE 'review-reminder-bench${run}-%'`,
    );
    if (Number(sent) >= count || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const rows = await services.prisma.$queryRawUnsafe<{ late_ms: number; sent_ms: number }[]>(`
    SELECT extract(epoch FROM nd.sent_at) * 1000 - (extract(epoch FROM d.due_at) * 1000 - ${clock.offsetMs}) AS late_ms,
           extract(epoch FROM nd.sent_at) * 1000 AS sent_ms
    FROM nudge_deliveries nd JOIN deadlines d ON d.key = regexp_replace(nd.deadline_key, '-[0-9]+$', '')
    WHERE nd.status = 'sent' AND d.key LIKE 'review-reminder-bench${run}-%'`);
  const stages = await services.prisma.$queryRawUnsafe<{ fire_ms: number; deliver_ms: number }[]>(`
    SELECT extract(epoch FROM o.created_at - d.due_at) * 1000 AS fire_ms,
           extract(epoch FROM o.delivered_at) * 1000 - (extract(epoch FROM o.created_at) * 1000 - ${clock.offsetMs}) AS deliver_ms
    FROM outbox o JOIN deadlines d ON d.key = regexp_replace(o.key, '-[0-9]+$', '')
    WHERE d.key LIKE 'review-reminder-bench${run}-%'`);
  const fire = stages.map((s) => Number(s.fire_ms));
  const deliver = stages.map((s) => Number(s.deliver_ms));
  console.log(`  (run ${run}: due → fired p50 ${Math.round(percentile(fire, 50))} ms, p99 ${Math.round(percentile(fire, 99))} ms; fired → delivered p50 ${Math.round(percentile(deliver, 50))} ms, p99 ${Math.round(percentile(deliver, 99))} ms)`);
  const last = Math.max(...rows.map((r) => Number(r.sent_ms)));
  return { delivered: rows.length, seconds: (last - dueRealStart) / 1000, lateness: rows.map((r) => Number(r.late_ms)) };
}

async function bareBullmq(): Promise<number> {
  const prefix = `${place.prefix}-bare`;
  const queue = new Queue("bare", { connection: { url: place.redisUrl }, prefix });
  const done = new Promise<number>((resolve) => {
    let count = 0;
    let started = 0;
    const worker = new Worker(
      "bare",
      async () => {
        if (count === 0 && started === 0) started = Date.now();
      },
      { connection: { url: place.redisUrl, maxRetriesPerRequest: null }, prefix, concurrency: CONCURRENCY.nudges, removeOnComplete: { count: 0 } },
    );
    worker.on("completed", () => {
      if (++count === NUDGES) void worker.close().then(() => resolve(Date.now() - started));
    });
  });
  for (let i = 0; i < NUDGES; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, NUDGES - i) }, (_, j) => ({ name: "noop", data: { key: `bare-${i + j}` }, opts: { jobId: `bare-${i + j}` } })));
  }
  const ms = await done;
  await queue.obliterate({ force: true });
  await queue.close();
  return NUDGES / (ms / 1000);
}

/** Lets the rest of a cut-short burst drain (cancelled), so it does not muddle the next run. */
async function waitForIdle(): Promise<void> {
  await services.prisma.$executeRawUnsafe(`UPDATE deadlines SET state = 'cancelled' WHERE state = 'pending'`);
  await queues.nudges.drain(true);
  // Messages the burst already wrote but did not send: settled, so the steady run starts clean.
  await services.prisma.$executeRawUnsafe(`UPDATE outbox SET delivered_at = now(), last_error = 'bench: burst cut short' WHERE delivered_at IS NULL`);
  await queues.outbox.drain(true);
  const until = Date.now() + 30_000;
  const busy = async () => {
    const counts = await queues.outbox.getJobCounts("active", "waiting");
    return (counts.active ?? 0) + (counts.waiting ?? 0) + (await queues.nudges.getActiveCount()) > 0;
  };
  while (Date.now() < until && (await busy())) {
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A burst: all NUDGES reminders of `run` due 5 s from now, drained for at most BURST_BUDGET_MS. */
async function runBurst(run: string, reconcile: () => Promise<unknown>): Promise<{ burst: RunFigures; burstRate: number; finished: string }> {
  const due = Date.now() + 5_000;
  await addReminders(run, NUDGES, new Date(due + clock.offsetMs), 0);
  await reconcile();
  const burst = await measure(run, NUDGES, due, BURST_BUDGET_MS);
  const finished = burst.delivered >= NUDGES ? "all" : `only ${burst.delivered} of ${NUDGES} (time budget ${BURST_BUDGET_MS / 1000} s)`;
  return { burst, burstRate: burst.delivered / burst.seconds, finished };
}

const fmt = (n: number) => n.toLocaleString("en-GB", { maximumFractionDigits: 0 });
try {
  await seed();
  console.log(`seeded ${CASES} cases with a lead each; ${NUDGES} reminders per run (${PER_CASE} per case)`);
  const worker = await startWorker(services, { queues, concurrency: CONCURRENCY });

  const { burst, burstRate, finished } = await runBurst("a", () => worker.reconcile());
  console.log(`burst:  ${finished} delivered in ${burst.seconds.toFixed(1)} s = ${fmt(burstRate)} nudges/s (target ≥ 1,000); p50 lateness ${fmt(percentile(burst.lateness, 50))} ms, p99 ${fmt(percentile(burst.lateness, 99))} ms (a queue draining)`);
  await waitForIdle();

  // Steady: due evenly over 20 s at half the burst rate (and at most the 1,000/s target), so the
  // worker can keep up: how late does each one arrive?
  const offered = Math.max(10, Math.min(1_000, Math.floor(burstRate / 2)));
  const steadyCount = offered * 20;
  const steadyDue = Date.now() + 5_000;
  await addReminders("b", steadyCount, new Date(steadyDue + clock.offsetMs), 20_000);
  await worker.reconcile();
  const steady = await measure("b", steadyCount, steadyDue, 60_000);
  console.log(
    `steady: ${steady.delivered} of ${steadyCount} nudges offered at ${fmt(offered)}/s: lateness p50 ${fmt(percentile(steady.lateness, 50))} ms, p99 ${fmt(percentile(steady.lateness, 99))} ms, max ${fmt(Math.max(...steady.lateness))} ms (target p99 < 1,000 ms)`,
  );

  // Burst again with a second worker process beside this one (the worker scales horizontally).
  await waitForIdle();
  const second = await startWorkerProcess(
    { DATABASE_URL: place.databaseUrl, REDIS_URL: place.redisUrl, REDIS_PREFIX: place.prefix, LOG_LEVEL: "silent", NODE_ENV: "test", ...slackEnv },
    clock.offsetMs,
    CONCURRENCY,
  );
  const { burst: two, burstRate: twoRate, finished: twoFinished } = await runBurst("c", () => worker.reconcile());
  console.log(`burst with two worker processes: ${twoFinished} delivered in ${two.seconds.toFixed(1)} s = ${fmt(twoRate)} nudges/s; p99 lateness ${fmt(percentile(two.lateness, 99))} ms`);
  await second.stop();

  const posts = await fake.callsTo("chat.postMessage");
  console.log(`fake Slack API received ${posts} chat.postMessage calls`);
  await worker.stop();

  const bare = await bareBullmq();
  console.log(`baseline, bare BullMQ no-op worker (concurrency ${CONCURRENCY.nudges}): ${fmt(bare)} jobs/s`);
  console.log(`ratio leadbot burst / bare BullMQ: ${(burstRate / bare).toFixed(3)}; with two worker processes: ${(twoRate / bare).toFixed(3)}`);
  console.log(`process RSS: ${mib(rssStart)} at start, ${mib(process.memoryUsage().rss)} after both runs`);
} finally {
  await queues.close().catch(() => undefined);
  await services.close();
  await fake.stop();
  await place.cleanup();
}
