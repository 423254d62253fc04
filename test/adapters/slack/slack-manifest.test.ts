// The manifest an admin pastes into api.slack.com must point every Slack feature at the one
// endpoint Bolt serves, and ask for the scopes the adapter uses, no more.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SLACK_EVENTS_PATH } from "../../../src/adapters/slack/slack-app.js";

const manifest = readFileSync(new URL("../../../slack/manifest.yml", import.meta.url), "utf8");

describe("slack/manifest.yml", () => {
  it("declares /lead, interactivity and events on /slack/events", () => {
    expect(manifest).toMatch(/^\s+- command: \/lead$/m);
    expect(manifest).toMatch(/should_escape: true/);
    const urls = [...manifest.matchAll(/^\s+(?:url|request_url): (\S+)$/gm)].map((m) => m[1]);
    expect(urls).toHaveLength(3);
    for (const url of urls) expect(new URL(url!).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest).toMatch(/interactivity:\s+is_enabled: true/);
  });

  it("enables the App Home tab and subscribes to app_home_opened", () => {
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/bot_events:\s+- app_home_opened/);
  });

  it("asks for exactly the bot scopes the adapter uses", () => {
    const block = manifest.slice(manifest.indexOf("    bot:"), manifest.indexOf("settings:"));
    const scopes = [...block.matchAll(/^\s+- ([a-z:.]+)$/gm)].map((m) => m[1]).sort();
    expect(scopes).toEqual(["channels:history", "chat:write", "chat:write.public", "commands", "files:write", "groups:history", "im:history", "im:write"]);
  });

  it("is described by the README's scopes line, scope for scope", () => {
    const block = manifest.slice(manifest.indexOf("    bot:"), manifest.indexOf("settings:"));
    const declared = [...block.matchAll(/^\s+- ([a-z:.]+)$/gm)].map((m) => m[1]).sort();
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const line = readme.split("\n").find((l) => l.startsWith("Scopes: ")) ?? "";
    const listed = [...line.split(";")[0]!.matchAll(/`([a-z:.]+)`/g)].map((m) => m[1]).sort();
    expect(listed).toEqual(declared);
  });
});
