// Rule 8 from outside: a process started with a bad environment must refuse to start, exit
// non-zero and say which variables are wrong, one readable line each, without printing the value
// of any secret (tokens, passwords, the database password). Both entry points: the HTTP service
// (src/main.ts) and the worker (src/worker.ts), started as production starts them.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

const SECRETS = {
  // Wrong (not a bot token), but still a secret: never echoed.
  SLACK_BOT_TOKEN: "xoxp-user-token-SECRET-1a2b3c",
  SLACK_SIGNING_SECRET: "signing-SECRET-4d5e6f",
  // Set without MICROSOFT_APP_ID: refused, never echoed.
  MICROSOFT_APP_PASSWORD: "teams-SECRET-7g8h9i",
  // Too short: refused, never echoed.
  ADMIN_PASSWORD: "SECRETx",
};
const DB_PASSWORD = "db-SECRET-0j1k2l";

const BAD_ENV = {
  PORT: "notaport",
  DATABASE_URL: `mysql://leadbot:${DB_PASSWORD}@db.example.invalid:3306/leadbot`,
  LOG_LEVEL: "chatty",
  ...SECRETS,
};

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs an entry point with only PATH and HOME from this process, plus `env`. */
function start(entry: string, env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${entry} was still running after 20 s: it should have refused the configuration\n${stdout}\n${stderr}`));
    }, 20_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe.each(["src/main.ts", "src/worker.ts"])("%s with a bad environment", (entry) => {
  it("exits non-zero with one readable line per bad variable, and echoes no secret", { timeout: 30_000 }, async () => {
    const exit = await start(entry, BAD_ENV);
    const output = `${exit.stdout}\n${exit.stderr}`;
    expect(exit.signal).toBeNull();
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();

    expect(exit.stderr).toMatch(/^leadbot cannot start: \d+ configuration problems\./m);
    const lines = exit.stderr.split("\n").filter((l) => l.startsWith("  - "));
    const named = (variable: string) => lines.filter((l) => l.startsWith(`  - ${variable}: `));
    // A password without its app id is reported against the missing MICROSOFT_APP_ID.
    for (const variable of ["PORT", "DATABASE_URL", "LOG_LEVEL", "SLACK_BOT_TOKEN", "MICROSOFT_APP_ID", "ADMIN_PASSWORD"]) {
      expect(named(variable), `a line about ${variable} in:\n${exit.stderr}`).toHaveLength(1);
    }
    // Plain values are quoted back so the mistake is easy to see; the URL with its password masked.
    expect(named("PORT")[0]).toContain('"notaport"');
    expect(named("MICROSOFT_APP_ID")[0]).toContain("MICROSOFT_APP_PASSWORD");
    expect(exit.stderr).toContain(`${lines.length} configuration problems.`);
    expect(named("DATABASE_URL")[0]).toContain("mysql://leadbot:***@db.example.invalid:3306/leadbot");
    expect(exit.stderr).toMatch(/README\.md/);
    // Nothing was started: no stack trace, no log lines.
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(exit.stdout.trim()).toBe("");

    for (const secret of [...Object.values(SECRETS), DB_PASSWORD]) expect(output).not.toContain(secret);
  });
});
