// `npm run bench`: every benchmark in turn, each printing its figures and its ratio to a
// baseline measured in the same run. Never part of the test pass/fail.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const benches = [{ name: "reconcile at scale", file: "reconcile-100k.ts", args: [] as string[] }];

let failed = 0;
for (const bench of benches) {
  console.log(`\n== ${bench.name} ==`);
  const rss = process.memoryUsage().rss;
  const run = spawnSync(process.execPath, ["--import", "tsx", path.join(here, bench.file), ...bench.args], { stdio: "inherit" });
  if (run.status !== 0) failed++;
  console.log(`(runner RSS ${Math.round(rss / 1048576)} MiB)`);
}
process.exitCode = failed ? 1 : 0;
