// With Microsoft app credentials configured, /api/messages accepts only requests carrying a valid
// Bot Framework bearer token: anything else is a 401 and changes nothing. Without credentials,
// production refuses to start Teams at all.
import { randomUUID } from "node:crypto";
import express from "express";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mountTeams, teamsEnabled, teamsLocalMode } from "../../../src/adapters/teams/mount-teams.js";
import { createServices } from "../../../src/app/services.js";
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
  it("is local (emulator) mode in development and tests, and off in production", () => {
    expect(teamsLocalMode({ teams: null, env: "development" })).toBe(true);
    expect(teamsLocalMode({ teams: null, env: "test" })).toBe(true);
    expect(teamsLocalMode({ teams: null, env: "production" })).toBe(false);
    expect(teamsEnabled({ teams: null, env: "production" })).toBe(false);
    const teams = { appId: APP_ID, appPassword: "x", tenantId: null, appType: "MultiTenant" as const };
    expect(teamsEnabled({ teams, env: "production" })).toBe(true);
    expect(teamsLocalMode({ teams, env: "development" })).toBe(false);
  });

  it("refuses to mount in production", async () => {
    const config = loadConfig({ NODE_ENV: "production", DATABASE_URL: testDatabaseUrl() });
    const logger = pino({ level: "silent" });
    const services = createServices(config, logger);
    try {
      expect(() => mountTeams(express(), services, null, logger)).toThrow(/MICROSOFT_APP_ID/);
    } finally {
      await services.close();
    }
  });
});
