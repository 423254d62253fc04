// Microsoft's own Teams emulator, the Microsoft 365 Agents Playground (npm
// @microsoft/m365agentsplayground), started as a child process against a leadbot endpoint. Its
// `.m365agentsplayground.yml` names the people in the tenant; its default users' aadObjectIds are
// not GUIDs (leadbot refuses them), so these people carry real ones. The playground signs in as
// one `currentUser`; to act as someone else the test starts it again with another one on the same
// port, because leadbot keeps each conversation's serviceUrl (the playground's address) to post
// proactively later.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const CLI = path.join(ROOT, "node_modules", "@microsoft", "m365agentsplayground", "cli.js");

export interface PlaygroundPerson {
  id: string;
  name: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
}

/** Six people (the playground wants at least five besides the one signed in), fictional staff. */
export const PLAYGROUND_PEOPLE: readonly PlaygroundPerson[] = [
  { id: "user-id-0", name: "Alex Wilber", aadObjectId: "0f7a5c3e-1d2b-4c6a-9e8f-7a6b5c4d3e20", givenName: "Alex", surname: "Wilber" },
  { id: "user-id-1", name: "Megan Bowen", aadObjectId: "0f7a5c3e-1d2b-4c6a-9e8f-7a6b5c4d3e21", givenName: "Megan", surname: "Bowen" },
  { id: "user-id-2", name: "Adele Vance", aadObjectId: "0f7a5c3e-1d2b-4c6a-9e8f-7a6b5c4d3e22", givenName: "Adele", surname: "Vance" },
  { id: "user-id-3", name: "Isaiah Langer", aadObjectId: "0f7a5c3e-1d2b-4c6a-9e8f-7a6b5c4d3e23", givenName: "Isaiah", surname: "Langer" },
  { id: "user-id-4", name: "Patti Fernandez", aadObjectId: "0f7a5c3e-1d2b-4c6a-9e8f-7a6b5c4d3e24", givenName: "Patti", surname: "Fernandez" },
  { id: "user-id-5", name: "Lynne Robbins", aadObjectId: "0f7a5c3e-1d2b-4c6a-9e8f-7a6b5c4d3e25", givenName: "Lynne", surname: "Robbins" },
];

const TENANT = "6d1f0c1a-3b0e-4a53-9f47-1f6a2f0d5e01";

const person = (p: PlaygroundPerson, indent: string) =>
  [
    `id: ${p.id}`,
    `name: ${p.name}`,
    `userPrincipleName: ${p.givenName.toLowerCase()}@example.com`,
    `aadObjectId: ${p.aadObjectId}`,
    `givenName: ${p.givenName}`,
    `surname: ${p.surname}`,
    `email: ${p.givenName.toLowerCase()}@example.com`,
  ].join(`\n${indent}`);

/** The config file's text with `signedIn` as the current user and everyone else as the tenant's users. */
export function playgroundConfig(signedIn: PlaygroundPerson): string {
  const others = PLAYGROUND_PEOPLE.filter((p) => p.id !== signedIn.id);
  return [
    `version: "0.1.1"`,
    `tenantId: ${TENANT}`,
    `bot:`,
    `  id: 1b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`,
    `  name: leadbot`,
    `currentUser:`,
    `  ${person(signedIn, "  ")}`,
    `users:`,
    ...others.map((p) => `  - ${person(p, "    ")}`),
    `personalChat:`,
    `  id: personal-chat-id`,
    `groupChat:`,
    `  id: group-chat-id`,
    `  name: Group Chat`,
    `team:`,
    `  id: team-id`,
    `  name: Family support`,
    `  aadGroupId: 0f7a5c3e-1d2b-4c6a-9e8f-7a6b5c4d3e31`,
    `  channels:`,
    `    - id: channel-access-id`,
    `      name: Access team`,
    ``,
  ].join("\n");
}

export interface StartedPlayground {
  url: string;
  log: string[];
  stop(): Promise<void>;
}

/** A free loopback port, for a playground that must come back on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the playground signed in as `signedIn`, talking to `endpoint`, on `port`. Its config and
 * log file live in `dir`. Resolves once its web client answers.
 */
export async function startAgentsPlayground(endpoint: string, port: number, dir: string, signedIn: PlaygroundPerson): Promise<StartedPlayground> {
  const configPath = path.join(dir, `.m365agentsplayground-${signedIn.id}.yml`);
  writeFileSync(configPath, playgroundConfig(signedIn));
  const log: string[] = [];
  const child: ChildProcess = spawn(process.execPath, [CLI, "-e", endpoint, "-c", "msteams", "-p", String(port), "--disable-telemetry"], {
    cwd: dir,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: "none",
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: path.join(dir, `playground-${signedIn.id}.log`),
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.stdout?.on("data", (chunk: Buffer) => log.push(chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => log.push(chunk.toString("utf8")));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  const url = `http://localhost:${port}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Agents Playground exited with ${child.exitCode}:\n${log.join("")}`);
    try {
      if ((await fetch(url)).ok) return { url, log, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Agents Playground did not start:\n${log.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
