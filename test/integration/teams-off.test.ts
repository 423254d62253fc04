// src/main.ts started as `npm start` starts it, with Slack configured and no Teams credentials, in
// development: /api/messages must not exist (a forged activity gets a 404, not a bot that acts
// on it), and the start-up log says Teams is off, even with TEAMS_EMULATOR=true. Without Slack,
// TEAMS_EMULATOR=true mounts it on purpose.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, inject, it } from "vitest";
import { testDatabaseUrl } from "../support/database.js";
import { deletePrefixKeys, REDIS_URL } from "./worker/support/harness.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const prefix = `${inject("redisPrefix")}-teams-off`;
const running: ChildProcessWithoutNullStreams[] = [];

afterEach(async () => {
  for (const child of running.splice(0)) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
  await deletePrefixKeys(prefix);
});

/** Starts the app on port 0; resolves with its base URL and the log lines so far (kept updated). */
function startApp(extra: Record<string, string>): Promise<{ base: string; log: string[] }> {
  const env = {
    ...process.env,
    NODE_ENV: "development",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL,
    REDIS_PREFIX: prefix,
    RUN_WORKER: "false",
    PLAYGROUND: "",
    SLACK_SIGNING_SECRET: "not-a-real-signing-secret",
    SLACK_BOT_TOKEN: "xoxb-not-a-real-token",
    MICROSOFT_APP_ID: "",
    MICROSOFT_APP_PASSWORD: "",
    MICROSOFT_APP_TENANT_ID: "",
    TEAMS_EMULATOR: "",
    ...extra,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
  running.push(child);
  const log: string[] = [];
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${log.join("\n")}`)), 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        log.push(line);
        const port = /"port":(\d+),"msg":"leadbot is listening/.exec(line)?.[1];
        if (port) {
          clearTimeout(timer);
          resolve({ base: `http://127.0.0.1:${port}`, log });
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

/** A message activity as anyone on the network could forge it: no bearer token. */
const forged = {
  type: "message",
  id: "forged-1",
  channelId: "msteams",
  serviceUrl: "http://127.0.0.1:9/",
  from: { id: "29:forged", aadObjectId: "00000000-0000-0000-0000-000000000001", name: "Mallory" },
  recipient: { id: "28:bot", name: "leadbot" },
  conversation: { id: "a:forged", conversationType: "personal" },
  text: "practitioner add @mallory --name Mallory --role manager --agency Nowhere",
};

const post = (base: string, body: unknown) =>
  fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("Teams without credentials in development, with Slack configured", () => {
  it("is off: /api/messages is not mounted and the start-up log says so", async () => {
    const { base, log } = await startApp({});
    expect((await post(base, forged)).status).toBe(404);
    expect(log.some((line) => line.includes("Teams is off"))).toBe(true);
    expect(log.some((line) => line.includes("Teams runs in local emulator mode"))).toBe(false);
    expect(log.find((line) => line.includes("starting leadbot"))).toContain('"teams":"off"');
  }, 60_000);

  it("stays off even when TEAMS_EMULATOR=true asks for emulator mode: never beside Slack", async () => {
    const { base, log } = await startApp({ TEAMS_EMULATOR: "true" });
    expect((await post(base, forged)).status).toBe(404);
    expect((await post(base, {})).status).toBe(404);
    expect(log.some((line) => line.includes("Teams runs in local emulator mode"))).toBe(false);
    expect(log.find((line) => line.includes("starting leadbot"))).toContain('"teams":"off"');
  }, 60_000);

  it("runs in emulator mode when TEAMS_EMULATOR=true asks for it and no platform is configured", async () => {
    const { base, log } = await startApp({ TEAMS_EMULATOR: "true", SLACK_SIGNING_SECRET: "", SLACK_BOT_TOKEN: "", PLAYGROUND: "off" });
    // Mounted: a body that is not an activity is refused by the Teams route itself.
    expect((await post(base, {})).status).toBe(400);
    expect(log.some((line) => line.includes("Teams runs in local emulator mode"))).toBe(true);
  }, 60_000);
});
