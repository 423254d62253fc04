// With Microsoft app credentials configured, /api/messages accepts only requests carrying a valid
// Bot Framework bearer token: anything else is a 401 and changes nothing. Without credentials,
// Teams runs unauthenticated (emulator mode) only for the playground, tests or TEAMS_EMULATOR=true;
// otherwise (and always in production) it is off and refuses to mount.
import { randomUUID } from "node:crypto";
import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountTeams, teamsEnabled, teamsLocalMode } from "../../../src/adapters/teams/mount-teams.js";
import { createServices } from "../../../src/composition/services.js";
import { loadConfig } from "../../../src/config/env.js";
import { ActivityFactory, personalChat, startHarness, teamChannel, teamsUser, type Harness } from "./teams-harness.js";
import { testDatabaseUrl } from "../../support/database.js";

const APP_ID = randomUUID();

describe("Teams with Bot Framework authentication", () => {
  let h: Harness;
  let make: ActivityFactory;

  beforeAll(async () => {
    h = await startHarness({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: "not-a-real-secret" });
    make = new ActivityFactory(h.serviceUrl);
  });
  afterAll(async () => h?.close());

  it("logs that it authenticates, not that it runs in local mode", () => {
    expect(h.logs.some((line) => line.includes("Bot Framework authentication") && line.includes(APP_ID))).toBe(true);
    expect(h.logs.some((line) => line.includes("local emulator mode"))).toBe(false);
    expect(h.logs.join("\n")).not.toContain("not-a-real-secret");
  });

  it("answers 401 to a request without a bearer token, or with one that is not valid, and changes nothing", async () => {
    const user = teamsUser("Ivy Intruder");
    const channel = teamChannel();
    const chat = personalChat();
    const attempts: { activity: Record<string, unknown>; headers: Record<string, string> }[] = [
      { activity: make.message(user, channel, "whoami"), headers: {} },
      { activity: make.message(user, chat, "practitioner add @ivy --name Ivy --role manager --agency Nowhere"), headers: { authorization: "Bearer not.a.token" } },
      { activity: make.membersAdded(user, chat, [{ id: "28:bot" }]), headers: { authorization: "Basic dXNlcjpwYXNz" } },
      { activity: make.invoke(user, channel, "vote-agree", { verb: "vote-agree", ref: "EH-2026-0001", proposalId: randomUUID() }), headers: {} },
    ];
    for (const { activity, headers } of attempts) {
      const res = await h.post(activity, headers);
      expect(res.status).toBe(401);
    }
    expect(h.connector.calls).toEqual([]);
    const saved = await h.services.prisma.conversationReference.count({
      where: { platform: "teams", scopeId: { in: [channel.id, user.aad] } },
    });
    expect(saved).toBe(0);
    expect(await h.services.prisma.practitioner.count({ where: { teamsAadId: user.aad } })).toBe(0);
  });
});

describe("Teams without credentials", () => {
  const SLACK = { SLACK_SIGNING_SECRET: "signing-secret", SLACK_BOT_TOKEN: "xoxb-test" };
  const local = (env: Record<string, string>) => {
    const config = loadConfig({ DATABASE_URL: testDatabaseUrl(), ...env });
    return { local: teamsLocalMode(config), enabled: teamsEnabled(config) };
  };

  it("is local (emulator) mode only with the playground on, in tests, or asked for; never beside Slack; off otherwise and always in production", () => {
    // No platform at all: the playground is on and drives Teams through /api/messages.
    expect(local({ NODE_ENV: "development" })).toEqual({ local: true, enabled: true });
    expect(local({ NODE_ENV: "test", PLAYGROUND: "off" })).toEqual({ local: true, enabled: true });
    expect(local({ NODE_ENV: "development", PLAYGROUND: "off", TEAMS_EMULATOR: "true" })).toEqual({ local: true, enabled: true });
    // Slack configured: no unauthenticated /api/messages for anyone to forge into, whatever else says.
    expect(local({ NODE_ENV: "development", ...SLACK })).toEqual({ local: false, enabled: false });
    expect(local({ NODE_ENV: "test", ...SLACK })).toEqual({ local: false, enabled: false });
    expect(local({ NODE_ENV: "development", ...SLACK, TEAMS_EMULATOR: "true", PLAYGROUND: "on" })).toEqual({ local: false, enabled: false });
    expect(local({ NODE_ENV: "development", PLAYGROUND: "off" })).toEqual({ local: false, enabled: false });
    expect(local({ NODE_ENV: "production" })).toEqual({ local: false, enabled: false });
    expect(local({ NODE_ENV: "production", PLAYGROUND: "on" })).toEqual({ local: false, enabled: false });
    expect(() => loadConfig({ NODE_ENV: "production", TEAMS_EMULATOR: "true" })).toThrow(/TEAMS_EMULATOR: must not be true when NODE_ENV is production/);
    // With credentials: authenticated, never local.
    expect(local({ NODE_ENV: "production", MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: "x" })).toEqual({ local: false, enabled: true });
    expect(local({ NODE_ENV: "development", MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: "x", TEAMS_EMULATOR: "true" })).toEqual({ local: false, enabled: true });
  });

  it.each([
    ["production", { NODE_ENV: "production" }],
    ["development with Slack and no playground", { NODE_ENV: "development", ...SLACK }],
    ["a test run with Slack, the playground and the emulator asked for", { NODE_ENV: "test", ...SLACK, PLAYGROUND: "on", TEAMS_EMULATOR: "true" }],
  ])("refuses to mount without credentials in %s", async (_name, env) => {
    const config = loadConfig({ DATABASE_URL: testDatabaseUrl(), ...env });
    const logger = pino({ level: "silent" });
    const services = createServices(config, logger);
    try {
      expect(() => mountTeams(express(), services, null, logger)).toThrow(/MICROSOFT_APP_ID/);
    } finally {
      await services.close();
    }
  });
});

describe("Teams without credentials beside Slack, from a config built by hand", () => {
  it("still refuses to mount an unauthenticated /api/messages", async () => {
    const config = { ...loadConfig({ DATABASE_URL: testDatabaseUrl(), SLACK_SIGNING_SECRET: "signing-secret", SLACK_BOT_TOKEN: "xoxb-test" }), teamsEmulator: true };
    expect(teamsLocalMode(config)).toBe(false);
    const logger = pino({ level: "silent" });
    const services = createServices(config, logger);
    try {
      expect(() => mountTeams(express(), services, null, logger)).toThrow(/never beside Slack/);
    } finally {
      await services.close();
    }
  });
});
