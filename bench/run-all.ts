// `npm run bench`: every benchmark in turn, each printing its figures and its ratio to a
// baseline measured in the same run. Never part of the test pass/fail.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const benches = [
  { name: "ack latency (signed Slack requests, 50 and 200 connections)", file: "ack-latency.ts", args: ["10"] },
  { name: "goodput (signed Slack requests offered at 25, 50, 100 and 200 a second)", file: "goodput.ts", args: ["10"] },
  { name: "nudge throughput (20,000 nudges across 2,000 cases)", file: "nudge-throughput.ts", args: [] as string[] },
  { name: "reconcile at scale (100,000 open cases, empty Redis)", file: "reconcile-100k.ts", args: [] as string[] },
];
const started = Date.now();

let failed = 0;
for (const bench of benches) {
  console.log(`\n== ${bench.name} ==`);
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(here, bench.file), ...bench.args], { stdio: "inherit" });
  if (run.status !== 0) failed++;
}
console.log(`\nall benchmarks: ${Math.round((Date.now() - started) / 1000)} s${failed ? `, ${failed} failed` : ""}`);
process.exitCode = failed ? 1 : 0;
