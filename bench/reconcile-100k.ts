// How long the reconciler takes over 100,000 open cases, each with a pending review deadline:
// once with Redis empty (a flush, or the first start: every job is added) and once with every job
// in place (the periodic pass). Baseline in the same run: the same number of delayed jobs added
// straight to a bare BullMQ queue. Runs on its own database and Redis prefix, removed afterwards.
//   npx tsx bench/reconcile-100k.ts [cases]
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { createServices } from "../src/composition/services.js";
import { createLogger } from "../src/logger.js";
import { LeadbotQueues } from "../src/infrastructure/queue/queues.js";
import { Reconciler } from "../src/infrastructure/queue/reconciler.js";
import { benchPlace, mib } from "./support.js";

const rows = Number(process.argv[2] ?? 100_000);
const place = await benchPlace("reconcile");
const config = place.config();
const logger = createLogger({ log: { level: "silent" }, env: "test" });
const services = createServices(config, logger, { clock: { now: () => new Date("2026-11-23T10:00:00Z") } });
const queues = LeadbotQueues.fromConfig(config);
try {
  const seeded = Date.now();
  await services.prisma.$executeRawUnsafe(`
    INSERT INTO cases (id, reference, statuses, open, review_date, opened_at)
    SELECT ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, 'EH-BENCH-' || g, '{early-help}', true, date '2027-01-04' + (g % 500), now()
    FROM generate_series(1, ${rows}) g;
    INSERT INTO deadlines (key, kind, case_id, subject_id, due_at, state)
    SELECT 'review-reminder-' || ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0')) || '-' || (1795000000 + g), 'review-reminder',
           ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0'))::uuid, ('00000000-0000-4000-9000-' || lpad(to_hex(g), 12, '0')),
           timestamptz '2026-12-01 09:00Z' + (g % 500) * interval '1 day', 'pending'
    FROM generate_series(1, ${rows}) g;
    ANALYZE cases; ANALYZE deadlines;`);
  console.log(`seeded ${rows} open cases, each with a pending deadline, in ${Date.now() - seeded} ms`);

  // Postgres alone: page through the same pending rows on the (state, due_at) index.
  const read = Date.now();
  let seen = 0;
  let after: { due: Date; key: string } | null = null;
  for (;;) {
    const page: { key: string; due_at: Date }[] = after
      ? await services.prisma.$queryRaw`SELECT key, due_at FROM deadlines WHERE state = 'pending' AND (due_at, key) > (${after.due}, ${after.key}) ORDER BY due_at, key LIMIT 5000`
      : await services.prisma.$queryRaw`SELECT key, due_at FROM deadlines WHERE state = 'pending' ORDER BY due_at, key LIMIT 5000`;
    if (page.length === 0) break;
    seen += page.length;
    const last = page[page.length - 1]!;
    after = { due: last.due_at, key: last.key };
  }
  const readMs = Date.now() - read;
  console.log(`postgres read of ${seen} pending rows (keyset pages of 5,000): ${readMs} ms`);

  // Baseline: the same number of delayed jobs added straight to a bare BullMQ queue.
  const redisInfo = new Redis(config.redis.url);
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redisInfo.info("memory"))?.[1] ?? 0);
  const bare = new Queue(`bench-baseline`, { connection: { url: config.redis.url }, prefix: place.prefix });
  const baselineStart = Date.now();
  for (let i = 0; i < rows; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, rows - i) }, (_, j) => ({
      name: "noop",
      data: { key: `baseline-${i + j}` },
      opts: { jobId: `baseline-${i + j}`, delay: 86_400_000 },
    }));
    await bare.addBulk(batch);
  }
  const baselineMs = Date.now() - baselineStart;
  await bare.obliterate({ force: true });
  await bare.close();
  console.log(`baseline, bare addBulk:   ${rows} jobs in ${baselineMs} ms`);

  const memoryBefore = await usedMemory();
  const reconciler = new Reconciler(services.prisma, queues, services.fireTimes, logger);
  const cold = await reconciler.run();
  const memoryPerJob = (await usedMemory()) - memoryBefore;
  redisInfo.disconnect();
  console.log(`reconcile, Redis empty:  ${cold.deadlines} rows in ${cold.ms} ms (${Math.round(cold.deadlines / (cold.ms / 1000))} rows/s)`);
  const delayed = (await queues.nudges.getDelayedCount()) + (await queues.timeouts.getDelayedCount());
  console.log(`delayed jobs in Redis:    ${delayed}`);
  console.log(`redis memory per job:     ${Math.round(memoryPerJob / Math.max(1, delayed))} bytes`);
  console.log(`ratio reconcile/baseline: ${(cold.ms / Math.max(1, baselineMs)).toFixed(2)} (target: 100,000 cases under 30 s)`);
  const warm = await reconciler.run();
  console.log(`reconcile, jobs in place: ${warm.deadlines} rows in ${warm.ms} ms (${Math.round(warm.deadlines / (warm.ms / 1000))} rows/s)`);
  console.log(`bench process RSS after both passes: ${mib(process.memoryUsage().rss)}`);
  if (delayed !== rows) process.exitCode = 1;
} finally {
  await queues.close();
  await services.close();
  await place.cleanup();
}
