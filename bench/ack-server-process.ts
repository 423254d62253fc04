// Starting and stopping bench/ack-server.ts in a process of its own, for the benchmarks that load
// it, and reading a process's resident memory.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AckFixtures } from "./ack-server.js";
import { admin, deleteKeys } from "./support.js";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface AckServer {
  child: ChildProcess;
  fixtures: AckFixtures;
}

/** `nodeArgs` go before the script (e.g. --cpu-prof). Resolves with the fixtures the server prints. */
export async function startAckServer(mode: "leadbot" | "bare" | "teams", secret: string, nodeArgs: string[] = []): Promise<AckServer> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join(here, "ack-server.ts"), mode, secret], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const fixtures = await new Promise<AckFixtures>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line && out.includes("\n")) resolve(JSON.parse(line) as AckFixtures);
    });
    child.once("exit", (code) => reject(new Error(`${mode} server exited (${code}) before it was ready`)));
  });
  return { child, fixtures };
}

/**
 * Stops the server (SIGKILL: work still queued after the load is abandoned; SIGTERM lets a
 * profiled process write its profile) and removes its database and keys.
 */
export async function stopAckServer(server: AckServer, signal: "SIGKILL" | "SIGTERM" = "SIGKILL"): Promise<void> {
  const { child, fixtures } = server;
  if (child.exitCode === null) {
    const exited = once(child, "exit");
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (fixtures.place) {
    const { databaseUrl, prefix, redisUrl } = fixtures.place;
    await deleteKeys(redisUrl, prefix);
    await admin(databaseUrl, `DROP DATABASE IF EXISTS "${decodeURIComponent(new URL(databaseUrl).pathname.slice(1))}" WITH (FORCE)`);
  }
}

/** Resident memory of a process in MiB, from /proc (Linux); null where it cannot be read. */
export async function rssMiB(pid: number | undefined): Promise<number | null> {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}
