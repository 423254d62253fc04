// The playground and the Teams emulator never sit beside a real platform. Started as `npm start`
// starts it, with Slack or Teams configured, leadbot offers no unauthenticated /api/messages and
// writes no demo into its database, whatever PLAYGROUND, NODE_ENV or TEAMS_EMULATOR say; the
// playground never seeds a database a real platform has used; and emulator mode listens on
// loopback only.
import { randomBytes, randomUUID } from "node:crypto";
import net from "node:net";
import os from "node:os";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PEOPLE } from "../../src/playground/seed-demo.js";
import { createTestRepos, makePractitioner, testDatabaseUrl, type TestDatabase } from "../support/database.js";
import { startMain, type StartedMain } from "../support/start-main.js";
import { deletePrefixKeys, REDIS_URL } from "./worker/support/harness.js";

const prefix = `${inject("redisPrefix")}-no-emulator`;
const running: StartedMain[] = [];
let db: TestDatabase;

beforeAll(() => {
  db = createTestRepos();
});
afterEach(async () => {
  for (const app of running.splice(0)) await app.stop();
});
afterAll(async () => {
  await deletePrefixKeys(prefix);
  await db?.cleanup();
});

const SLACK = { SLACK_SIGNING_SECRET: "not-a-real-signing-secret", SLACK_BOT_TOKEN: "xoxb-not-a-real-token" };
const TEAMS = { MICROSOFT_APP_ID: randomUUID(), MICROSOFT_APP_PASSWORD: "not-a-real-secret" };
/** Everything that could ask for the playground or the emulator, at once. */
const ASK_FOR_EVERYTHING = { PLAYGROUND: "on", TEAMS_EMULATOR: "true", NODE_ENV: "test" };

async function start(extra: Record<string, string>): Promise<StartedMain> {
  const app = await startMain({
    NODE_ENV: "development",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL,
    REDIS_PREFIX: prefix,
    RUN_WORKER: "false",
    PLAYGROUND: "",
    SLACK_SIGNING_SECRET: "",
    SLACK_BOT_TOKEN: "",
    MICROSOFT_APP_ID: "",
    MICROSOFT_APP_PASSWORD: "",
    MICROSOFT_APP_TENANT_ID: "",
    TEAMS_EMULATOR: "",
    TEAMS_OPENID_METADATA_URL: "",
    TEAMS_TOKEN_ISSUER: "",
    ...extra,
  });
  running.push(app);
  return app;
}

/** A message as anyone on the network could forge it: no bearer token. */
function forged(serviceUrl = "http://127.0.0.1:9/") {
  return {
    type: "message",
    id: `forged-${randomBytes(4).toString("hex")}`,
    channelId: "msteams",
    serviceUrl,
    from: { id: "29:forged", aadObjectId: randomUUID(), name: "Mallory" },
    recipient: { id: "28:bot", name: "leadbot" },
    conversation: { id: "a:forged", conversationType: "personal" },
    text: "practitioner add @mallory --name Mallory --role manager --agency Nowhere",
  };
}

const post = (base: string, body: unknown) =>
  fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const demoPeopleInDatabase = () => db.prisma.practitioner.count({ where: { teamsAadId: { in: DEMO_PEOPLE.map((p) => p.aadObjectId) } } });

/** Waits a moment for a playground that might be seeding (it starts once the server listens). */
const settle = () => new Promise((r) => setTimeout(r, 1_500));

describe("beside a configured platform", () => {
  it("with Slack: no /api/messages and no playground, whatever PLAYGROUND, TEAMS_EMULATOR and NODE_ENV say", async () => {
    const app = await start({ ...SLACK, ...ASK_FOR_EVERYTHING });
    expect((await post(app.base, forged())).status).toBe(404);
    expect((await fetch(`${app.base}/playground/api/state`)).status).toBe(404);
    await settle();
    expect(await demoPeopleInDatabase()).toBe(0);
    expect(app.log.find((line) => line.includes("starting leadbot"))).toMatch(/"teams":"off".*"playground":"off"/);
    expect(app.log.some((line) => line.includes("PLAYGROUND=on is ignored"))).toBe(true);
  }, 60_000);

  it("with Teams: an unauthenticated activity is refused 401, and there is no playground", async () => {
    const app = await start({ ...TEAMS, ...ASK_FOR_EVERYTHING, NODE_ENV: "development" });
    const res = await post(app.base, forged());
    expect(res.status).toBe(401);
    expect((await fetch(`${app.base}/playground/api/state`)).status).toBe(404);
    await settle();
    expect(await demoPeopleInDatabase()).toBe(0);
    expect(await db.prisma.practitioner.count({ where: { name: "Mallory" } })).toBe(0);
    expect(app.log.some((line) => line.includes("local emulator mode"))).toBe(false);
  }, 60_000);
});

describe("the playground on its own", () => {
  it("writes nothing into a database a real platform has used, and says why", async () => {
    // What a Slack deployment leaves behind: a practitioner with a Slack user id.
    const someone = makePractitioner({ name: "Real Person", chat: { slack: `U${randomBytes(5).toString("hex").toUpperCase()}` } });
    await db.repos.practitioners.create(someone);
    const references = await db.prisma.conversationReference.count();
    try {
      const app = await start({ PLAYGROUND: "on", HOST: "" });
      let state = { ready: false, error: null as string | null };
      for (let i = 0; i < 100 && !state.error; i++) {
        state = (await (await fetch(`${app.base}/playground/api/state`)).json()) as typeof state;
        if (!state.error) await new Promise((r) => setTimeout(r, 100));
      }
      expect(state.ready).toBe(false);
      expect(state.error).toMatch(/used by a real Slack or Teams deployment .*Slack user id.*writes nothing/);
      expect(await demoPeopleInDatabase()).toBe(0);
      expect(await db.prisma.conversationReference.count()).toBe(references);
    } finally {
      await db.prisma.practitioner.delete({ where: { id: someone.id } });
    }
  }, 60_000);
});

describe("emulator mode", () => {
  it("listens on loopback only when HOST is not set", async () => {
    const app = await start({ TEAMS_EMULATOR: "true", PLAYGROUND: "off", HOST: "" });
    expect((await post(app.base, {})).status).toBe(400); // mounted, and reachable on loopback
    expect(app.log.find((line) => line.includes("starting leadbot"))).toContain('"host":"127.0.0.1"');
    const outward = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (outward) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: outward, port: app.port });
        socket.once("connect", () => {
          socket.destroy();
          resolve(true);
        });
        socket.once("error", () => resolve(false));
      });
      expect(reached, `port ${app.port} reachable on ${outward}`).toBe(false);
    }
  }, 60_000);

  it("refuses to start on an address other machines can reach", async () => {
    await expect(start({ TEAMS_EMULATOR: "true", PLAYGROUND: "off", HOST: "0.0.0.0" })).rejects.toThrow(/exited with 1[\s\S]*HOST: must be a loopback address/);
    await expect(start({ HOST: "0.0.0.0" })).rejects.toThrow(/HOST: must be a loopback address/); // the playground's default
  }, 60_000);
});

describe("the playground on a database of its own", () => {
  // Last in this file: it seeds the demo into the file's database.
  it("seeds its demo as before", async () => {
    const app = await start({ PLAYGROUND: "on", HOST: "" });
    let state = { ready: false, error: null as string | null };
    for (let i = 0; i < 300 && !state.ready && !state.error; i++) {
      state = (await (await fetch(`${app.base}/playground/api/state`)).json()) as typeof state;
      if (!state.ready) await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toMatchObject({ ready: true, error: null });
    expect(await demoPeopleInDatabase()).toBe(DEMO_PEOPLE.length);
  }, 90_000);
});
