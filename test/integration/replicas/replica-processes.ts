// Web processes and workers started as `npm start` / `npm run worker` start them, on one database
// and one Redis prefix, behind a small round-robin proxy on loopback: what N replicas behind a
// load balancer look like, so a test can show nothing they must agree on lives in one process.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export interface Replica {
  name: string;
  child: ChildProcessWithoutNullStreams;
  log: string[];
  /** Web processes only. */
  base: string | null;
}

/** Starts `src/main.ts` (web) or `src/worker.ts`, resolving once it says it is ready. */
export function startReplica(name: string, kind: "web" | "worker", env: Record<string, string>, options: { preload?: string[]; timeoutMs?: number } = {}): Promise<Replica> {
  const script = kind === "web" ? "src/main.ts" : "src/worker.ts";
  const timeoutMs = options.timeoutMs ?? 45_000;
  const preload = (options.preload ?? []).flatMap((file) => ["--import", path.resolve(ROOT, file)]);
  const child = spawn(process.execPath, ["--import", "tsx", ...preload, script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${log.join("\n")}`)), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        log.push(line);
        const port = /"port":(\d+),"msg":"leadbot is listening/.exec(line)?.[1];
        if (kind === "web" && port) {
          clearTimeout(timer);
          resolve({ name, child, log, base: `http://127.0.0.1:${port}` });
        }
        if (kind === "worker" && line.includes('"msg":"worker started"')) {
          clearTimeout(timer);
          resolve({ name, child, log, base: null });
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => log.push(chunk.toString("utf8")));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${log.join("\n")}`));
    });
  });
}

export async function stopReplica(replica: Replica): Promise<void> {
  const { child } = replica;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Sends each request to the next upstream in turn, body and headers untouched. */
export class RoundRobinProxy {
  private server: Server | null = null;
  private next = 0;
  /** Which upstream took each request, in order. */
  readonly routed: string[] = [];

  constructor(private readonly upstreams: string[]) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const upstream = new URL(this.upstreams[this.next++ % this.upstreams.length]!);
      this.routed.push(upstream.origin);
      const forward = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => {
        if (!res.headersSent) res.writeHead(502);
        res.end();
      });
      req.pipe(forward);
    });
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, "close");
    this.server = null;
  }
}
