// Starts src/main.ts as `npm start` does, in a child process with the environment given, on a
// port of its own: the public surface of a whole deployment. Resolves once it listens, with its
// base URL and its log lines so far (kept updated); rejects with the log if it exits first.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface StartedMain {
  base: string;
  port: number;
  log: string[];
  stop(): Promise<void>;
}

export function startMain(env: Record<string, string>, timeoutMs = 30_000): Promise<StartedMain> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the app did not start:\n${log.join("\n")}`));
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        log.push(line);
        const port = /"port":(\d+),"msg":"leadbot is listening/.exec(line)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve({ base: `http://127.0.0.1:${port}`, port: Number(port), log, stop });
        }
      }
    });
    child.stderr.on("data", (chunk: Buffer) => log.push(chunk.toString("utf8")));
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code}:\n${log.join("\n")}`));
    });
  });
}
