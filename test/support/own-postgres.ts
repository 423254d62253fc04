// A Postgres cluster of the test's own (initdb + pg_ctl in a temporary directory, loopback only,
// on a spare port), so a test can stop and start it without touching the shared server. As root
// the binaries run as the `postgres` OS user, since Postgres refuses to run as root.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The newest installed server's bin directory (Debian layout), or the PATH's. */
function binDir(): string {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, "bin", "pg_ctl"))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], "bin");
  }
  return "";
}

export class OwnPostgres {
  private readonly dir: string;
  private readonly bin = binDir();
  private readonly asRoot = process.getuid?.() === 0;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(path.join(tmpdir(), "leadbot-pg-"));
  }

  /** postgres superuser, trust auth, on 127.0.0.1 only. */
  url(database: string): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private async tool(name: string, args: string[], timeoutMs = 60_000): Promise<string> {
    const file = this.bin ? path.join(this.bin, name) : name;
    const [cmd, argv] = this.asRoot ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
    const { stdout, stderr } = await run(cmd, argv, { timeout: timeoutMs });
    return stdout + stderr;
  }

  async init(): Promise<void> {
    if (this.asRoot) {
      const { stdout } = await run("id", ["-u", "postgres"]);
      const uid = Number(stdout.trim());
      chownSync(this.dir, uid, Number((await run("id", ["-g", "postgres"])).stdout.trim()));
    }
    await this.tool("initdb", ["-D", path.join(this.dir, "data"), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off -c max_connections=50`;
    await this.tool("pg_ctl", ["-D", path.join(this.dir, "data"), "-o", options, "-l", path.join(this.dir, "log"), "-w", "-t", "30", "start"]);
  }

  /** `immediate`: every backend is killed at once, as a crash or a failover does. */
  async stop(mode: "immediate" | "fast" = "immediate"): Promise<void> {
    await this.tool("pg_ctl", ["-D", path.join(this.dir, "data"), "-m", mode, "-w", "-t", "30", "stop"]).catch(() => undefined);
  }

  async destroy(): Promise<void> {
    await this.stop("immediate");
    rmSync(this.dir, { recursive: true, force: true });
  }
}
