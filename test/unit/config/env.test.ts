import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DEFAULTS,
  ENV_VARIABLES,
  formatConfigError,
  loadConfig,
  redactedConfigSummary,
} from "../../../src/config/env.js";

const SLACK = { SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5", SLACK_BOT_TOKEN: "xoxb-1-2-abc" };
const TEAMS = { MICROSOFT_APP_ID: "00000000-1111-2222-3333-444444444444", MICROSOFT_APP_PASSWORD: "teams-secret-value" };

/** The problems of a refused environment, as the operator reads them. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).lines;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe("loadConfig defaults", () => {
  it("starts with nothing set: local Postgres and Redis, London time, the playground on, listening on loopback only", () => {
    expect(loadConfig({})).toEqual({
      env: "development",
      http: { port: 3000, host: "127.0.0.1" },
      database: { url: "postgresql://postgres@127.0.0.1:5432/leadbot", migrationUrl: "postgresql://postgres@127.0.0.1:5432/leadbot" },
      redis: { url: "redis://127.0.0.1:6379", prefix: "leadbot" },
      log: { level: "info" },
      timeZone: "Europe/London",
      region: "england-and-wales",
      workingHours: { start: 9, end: 17 },
      slack: null,
      teams: null,
      teamsEmulator: true,
      playground: { mode: "auto", enabled: true },
      bootstrapAdmin: null,
      caseReferencePattern: null,
      runWorker: true,
      admin: null,
      metrics: { token: null, port: null },
      retention: { years: 6, exportDir: "./retention-exports" },
    });
  });

  it("treats blank values as unset", () => {
    expect(loadConfig({ PORT: "", SLACK_BOT_TOKEN: "  ", LOG_LEVEL: "" })).toEqual(loadConfig({}));
  });

  it("ignores variables it does not know", () => {
    expect(loadConfig({ PATH: "/usr/bin", HOME: "/root" })).toEqual(loadConfig({}));
  });

  it("reads every variable", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      PORT: "8080",
      HOST: "127.0.0.1",
      DATABASE_URL: "postgres://app:pw@db:5432/leadbot",
      MIGRATION_DATABASE_URL: "postgres://owner:pw2@db:5432/leadbot",
      REDIS_URL: "rediss://cache:6380",
      REDIS_PREFIX: "leadbot-test",
      LOG_LEVEL: "warn",
      LEADBOT_TIME_ZONE: "Europe/Belfast",
      LEADBOT_REGION: "northern-ireland",
      WORKING_HOURS: "08:00-18:00",
      ...SLACK,
      SLACK_API_URL: "http://127.0.0.1:4000/api",
      ...TEAMS,
      MICROSOFT_APP_TENANT_ID: "contoso.onmicrosoft.com",
      MICROSOFT_APP_TYPE: "SingleTenant",
      PLAYGROUND: "on",
      RUN_WORKER: "false",
      LEADBOT_BOOTSTRAP_ADMIN: "u0123abcd",
      CASE_REFERENCE_PATTERN: "^EH-[0-9]{4}-[0-9]{4}$",
      ADMIN_PASSWORD: "correct horse battery",
      ADMIN_QUEUES_WRITE: "true",
      METRICS_TOKEN: "scrape-token-0123456789",
      METRICS_PORT: "9464",
      RETENTION_YEARS: "7",
    });
    expect(config).toEqual({
      env: "production",
      http: { port: 8080, host: "127.0.0.1" },
      database: { url: "postgres://app:pw@db:5432/leadbot", migrationUrl: "postgres://owner:pw2@db:5432/leadbot" },
      redis: { url: "rediss://cache:6380", prefix: "leadbot-test" },
      log: { level: "warn" },
      timeZone: "Europe/Belfast",
      region: "northern-ireland",
      workingHours: { start: 8, end: 18 },
      slack: { signingSecret: SLACK.SLACK_SIGNING_SECRET, botToken: SLACK.SLACK_BOT_TOKEN, apiUrl: "http://127.0.0.1:4000/api/" },
      teams: {
        appId: TEAMS.MICROSOFT_APP_ID,
        appPassword: TEAMS.MICROSOFT_APP_PASSWORD,
        tenantId: "contoso.onmicrosoft.com",
        appType: "SingleTenant",
      },
      teamsEmulator: false,
      playground: { mode: "on", enabled: false },
      bootstrapAdmin: { kind: "slack", id: "U0123ABCD" },
      caseReferencePattern: "^EH-[0-9]{4}-[0-9]{4}$",
      runWorker: false,
      admin: { password: "correct horse battery", write: true },
      metrics: { token: "scrape-token-0123456789", port: 9464 },
      retention: { years: 7, exportDir: "./retention-exports" },
    });
  });

  it("accepts short working hours such as 9-17", () => {
    expect(loadConfig({ WORKING_HOURS: "9-17" }).workingHours).toEqual({ start: 9, end: 17 });
  });
});

describe("bad values", () => {
  it.each([
    ["NODE_ENV", "prod", 'NODE_ENV: must be one of: development, test, production (got "prod")'],
    ["PORT", "http", 'PORT: must be a whole number from 0 to 65535 (got "http")'],
    ["PORT", "70000", 'PORT: must be a whole number from 0 to 65535 (got "70000")'],
    ["PORT", "30.5", 'PORT: must be a whole number from 0 to 65535 (got "30.5")'],
    ["DATABASE_URL", "mysql://db/leadbot", 'DATABASE_URL: must be a PostgreSQL URL (postgresql://user@host:5432/db) (got "mysql://db/leadbot")'],
    ["DATABASE_URL", "not a url", 'DATABASE_URL: must be a PostgreSQL URL (postgresql://user@host:5432/db) (got "not a url")'],
    ["REDIS_URL", "http://cache:6379", 'REDIS_URL: must be a Redis URL (redis://host:6379) (got "http://cache:6379")'],
    ["REDIS_PREFIX", "lead bot", "REDIS_PREFIX: must be letters, digits, '.', '_' or '-' (no spaces or ':') (got \"lead bot\")"],
    ["LOG_LEVEL", "verbose", 'LOG_LEVEL: must be one of: fatal, error, warn, info, debug, trace, silent (got "verbose")'],
    ["LEADBOT_TIME_ZONE", "GMT+25", 'LEADBOT_TIME_ZONE: must be an IANA time zone such as "Europe/London" (got "GMT+25")'],
    ["LEADBOT_REGION", "wales", 'LEADBOT_REGION: must be one of: england-and-wales, scotland, northern-ireland (got "wales")'],
    ["WORKING_HOURS", "nine to five", 'WORKING_HOURS: must look like "09:00-17:00" (got "nine to five")'],
    ["WORKING_HOURS", "17:00-09:00", 'WORKING_HOURS: the start must be before the end (got "17:00-09:00")'],
    ["WORKING_HOURS", "09:30-17:00", 'WORKING_HOURS: must use whole hours (minutes :00) (got "09:30-17:00")'],
    ["WORKING_HOURS", "09:00-25:00", 'WORKING_HOURS: hours must be 00–23 for the start and 01–24 for the end (got "09:00-25:00")'],
    ["SLACK_API_URL", "slack.com/api", 'SLACK_API_URL: must be an http(s) URL (got "slack.com/api")'],
    ["MICROSOFT_APP_TYPE", "Multi", 'MICROSOFT_APP_TYPE: must be one of: MultiTenant, SingleTenant, UserAssignedMSI (got "Multi")'],
    ["PLAYGROUND", "yes", 'PLAYGROUND: must be one of: auto, on, off (got "yes")'],
    ["RUN_WORKER", "sometimes", 'RUN_WORKER: must be true or false (got "sometimes")'],
    ["RETENTION_YEARS", "0", 'RETENTION_YEARS: must be a whole number from 1 to 100 (got "0")'],
  ])("%s=%s is refused with a readable line", (variable, value, line) => {
    expect(problemsOf({ [variable]: value })).toEqual([line]);
  });

  it("never echoes a secret or a URL password back", () => {
    const lines = problemsOf({
      ...SLACK,
      SLACK_BOT_TOKEN: "xoxp-user-token-secret",
      ADMIN_PASSWORD: "short",
      DATABASE_URL: "mysql://app:hunter2@db/leadbot",
    });
    expect(lines).toEqual([
      'DATABASE_URL: must be a PostgreSQL URL (postgresql://user@host:5432/db) (got "mysql://app:***@db/leadbot")',
      'SLACK_BOT_TOKEN: must be a bot token starting with "xoxb-"',
      "ADMIN_PASSWORD: must be at least 8 characters",
    ]);
    expect(lines.join("\n")).not.toMatch(/hunter2|xoxp-user|short"/);
  });

  it("refuses an app id that is not a GUID", () => {
    expect(problemsOf({ ...TEAMS, MICROSOFT_APP_ID: "my-bot" })).toEqual([
      'MICROSOFT_APP_ID: must be an Azure app (client) id, a GUID (got "my-bot")',
    ]);
  });
});

describe("several problems", () => {
  it("lists them all at once, in the order of the configuration table", () => {
    let caught: unknown;
    try {
      loadConfig({ RETENTION_YEARS: "six", PORT: "-1", LOG_LEVEL: "loud", SLACK_BOT_TOKEN: "xoxb-only", WORKING_HOURS: "17-9" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.problems.map((p) => p.variable)).toEqual([
      "PORT",
      "LOG_LEVEL",
      "WORKING_HOURS",
      "SLACK_SIGNING_SECRET",
      "RETENTION_YEARS",
    ]);
    const message = formatConfigError(error);
    expect(message.split("\n")).toEqual([
      "leadbot cannot start: 5 configuration problems.",
      '  - PORT: must be a whole number from 0 to 65535 (got "-1")',
      '  - LOG_LEVEL: must be one of: fatal, error, warn, info, debug, trace, silent (got "loud")',
      '  - WORKING_HOURS: the start must be before the end (got "17-9")',
      "  - SLACK_SIGNING_SECRET: must be set when SLACK_BOT_TOKEN is set (Slack needs both, or neither for no Slack)",
      '  - RETENTION_YEARS: must be a whole number from 1 to 100 (got "six")',
      "Fix the environment variables above (see the configuration table in README.md) and start again.",
    ]);
  });

  it("says 'problem' for one", () => {
    try {
      loadConfig({ PORT: "x" });
      expect.unreachable();
    } catch (error) {
      expect(formatConfigError(error as ConfigError)).toMatch(/^leadbot cannot start: 1 configuration problem\.\n/);
    }
  });
});

describe("platform credentials come in pairs", () => {
  it("refuses Slack with only a signing secret", () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: SLACK.SLACK_SIGNING_SECRET })).toEqual([
      "SLACK_BOT_TOKEN: must be set when SLACK_SIGNING_SECRET is set (Slack needs both, or neither for no Slack)",
    ]);
  });

  it("refuses Slack with only a bot token", () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: SLACK.SLACK_BOT_TOKEN })).toEqual([
      "SLACK_SIGNING_SECRET: must be set when SLACK_BOT_TOKEN is set (Slack needs both, or neither for no Slack)",
    ]);
  });

  it("configures Slack with both", () => {
    expect(loadConfig(SLACK).slack).toEqual({
      signingSecret: SLACK.SLACK_SIGNING_SECRET,
      botToken: SLACK.SLACK_BOT_TOKEN,
      apiUrl: "https://slack.com/api/",
    });
  });

  it("refuses Teams with an app id but no password, or a password but no app id", () => {
    expect(problemsOf({ MICROSOFT_APP_ID: TEAMS.MICROSOFT_APP_ID })).toEqual([
      "MICROSOFT_APP_PASSWORD: must be set when MICROSOFT_APP_ID is set (Teams needs both, or neither for no Teams)",
    ]);
    expect(problemsOf({ MICROSOFT_APP_PASSWORD: "x" })).toEqual([
      "MICROSOFT_APP_ID: must be set when MICROSOFT_APP_PASSWORD is set (Teams needs both, or neither for no Teams)",
    ]);
  });

  it("needs a tenant for a single-tenant bot", () => {
    expect(problemsOf({ ...TEAMS, MICROSOFT_APP_TYPE: "SingleTenant" })).toEqual([
      "MICROSOFT_APP_TENANT_ID: must be set when MICROSOFT_APP_TYPE is SingleTenant",
    ]);
  });

  it("lets a managed identity go without a password but not without a tenant", () => {
    const msi = { MICROSOFT_APP_ID: TEAMS.MICROSOFT_APP_ID, MICROSOFT_APP_TYPE: "UserAssignedMSI" };
    expect(problemsOf(msi)).toEqual([
      "MICROSOFT_APP_TENANT_ID: must be set when MICROSOFT_APP_ID is set (UserAssignedMSI needs both)",
    ]);
    expect(loadConfig({ ...msi, MICROSOFT_APP_TENANT_ID: "t" }).teams).toEqual({
      appId: TEAMS.MICROSOFT_APP_ID,
      appPassword: null,
      tenantId: "t",
      appType: "UserAssignedMSI",
    });
  });

  it("reports a missing partner even when other values are also wrong", () => {
    expect(problemsOf({ PORT: "x", SLACK_SIGNING_SECRET: "s" })).toEqual([
      'PORT: must be a whole number from 0 to 65535 (got "x")',
      "SLACK_BOT_TOKEN: must be set when SLACK_SIGNING_SECRET is set (Slack needs both, or neither for no Slack)",
    ]);
  });
});

describe("PLAYGROUND", () => {
  const enabled = (env: Record<string, string>) => loadConfig(env).playground.enabled;

  it("auto: on when neither Slack nor Teams is configured", () => {
    expect(enabled({})).toBe(true);
    expect(enabled({ PLAYGROUND: "auto" })).toBe(true);
  });

  it("auto: off as soon as Slack or Teams is configured", () => {
    expect(enabled(SLACK)).toBe(false);
    expect(enabled(TEAMS)).toBe(false);
    expect(enabled({ ...SLACK, ...TEAMS })).toBe(false);
  });

  it("on never wins over the credentials: no playground beside a real Slack or Teams; off is off", () => {
    expect(enabled({ PLAYGROUND: "on" })).toBe(true);
    expect(enabled({ ...SLACK, PLAYGROUND: "on" })).toBe(false);
    expect(enabled({ ...TEAMS, PLAYGROUND: "on", NODE_ENV: "test" })).toBe(false);
    expect(enabled({ PLAYGROUND: "off" })).toBe(false);
  });
});

describe("TEAMS_EMULATOR", () => {
  it("allows Teams without credentials only with the playground, in tests or when asked, never in production", () => {
    expect(loadConfig({ TEAMS_EMULATOR: "true", PLAYGROUND: "off" }).teamsEmulator).toBe(true);
    expect(loadConfig({ NODE_ENV: "test", PLAYGROUND: "off" }).teamsEmulator).toBe(true);
    expect(loadConfig({ PLAYGROUND: "on" }).teamsEmulator).toBe(true);
    expect(loadConfig({ PLAYGROUND: "off" }).teamsEmulator).toBe(false);
    // Never beside a real platform, whatever TEAMS_EMULATOR, NODE_ENV or PLAYGROUND say.
    expect(loadConfig({ ...SLACK }).teamsEmulator).toBe(false);
    expect(loadConfig({ ...SLACK, TEAMS_EMULATOR: "true" }).teamsEmulator).toBe(false);
    expect(loadConfig({ ...SLACK, NODE_ENV: "test" }).teamsEmulator).toBe(false);
    expect(loadConfig({ ...SLACK, PLAYGROUND: "on" }).teamsEmulator).toBe(false);
    expect(loadConfig({ ...SLACK, PLAYGROUND: "on", TEAMS_EMULATOR: "true", NODE_ENV: "test" }).teamsEmulator).toBe(false);
    expect(loadConfig({ ...TEAMS, TEAMS_EMULATOR: "true" }).teamsEmulator).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", PLAYGROUND: "on" }).teamsEmulator).toBe(false);
    expect(problemsOf({ NODE_ENV: "production", TEAMS_EMULATOR: "true" })).toEqual([
      'TEAMS_EMULATOR: must not be true when NODE_ENV is production (it accepts unauthenticated Teams requests) (got "true")',
    ]);
    expect(redactedConfigSummary(loadConfig({ ...SLACK })).teams).toBe("off");
    expect(redactedConfigSummary(loadConfig({ TEAMS_EMULATOR: "yes", PLAYGROUND: "off" })).teams).toBe("emulator (unauthenticated)");
    expect(redactedConfigSummary(loadConfig({ ...SLACK, TEAMS_EMULATOR: "yes" })).teams).toBe("off");
  });

  it("listens on loopback only while the emulator is on, and refuses a HOST that is not", () => {
    expect(loadConfig({}).http.host).toBe("127.0.0.1");
    expect(loadConfig({ HOST: "::1" }).http.host).toBe("::1");
    expect(loadConfig({ HOST: "localhost", TEAMS_EMULATOR: "true" }).http.host).toBe("localhost");
    expect(problemsOf({ HOST: "0.0.0.0" })).toEqual([
      'HOST: must be a loopback address (127.0.0.1, ::1 or localhost) while Teams runs in local emulator mode, which accepts unauthenticated requests; leave HOST unset, or configure Slack or Teams credentials (got "0.0.0.0")',
    ]);
    expect(problemsOf({ HOST: "10.1.2.3", NODE_ENV: "test", PLAYGROUND: "off" })[0]).toMatch(/^HOST: must be a loopback address/);
    // No emulator: the usual default, every interface.
    expect(loadConfig({ ...SLACK }).http.host).toBe("0.0.0.0");
    expect(loadConfig({ PLAYGROUND: "off" }).http.host).toBe("0.0.0.0");
    expect(loadConfig({ NODE_ENV: "production" }).http.host).toBe("0.0.0.0");
    expect(loadConfig({ ...SLACK, HOST: "0.0.0.0", TEAMS_EMULATOR: "true" }).http.host).toBe("0.0.0.0");
  });
});

describe("redactedConfigSummary", () => {
  it("shows what is configured and no secret", () => {
    const config = loadConfig({
      ...SLACK,
      ...TEAMS,
      ADMIN_PASSWORD: "correct horse battery",
      DATABASE_URL: "postgresql://app:hunter2@db:5432/leadbot",
      REDIS_URL: "redis://:redispass@cache:6379",
    });
    const summary = redactedConfigSummary(config);
    const text = JSON.stringify(summary);
    for (const secret of [SLACK.SLACK_SIGNING_SECRET, SLACK.SLACK_BOT_TOKEN, TEAMS.MICROSOFT_APP_PASSWORD, "correct horse", "hunter2", "redispass"]) {
      expect(text).not.toContain(secret);
    }
    expect(summary).toMatchObject({
      database: "postgresql://app:***@db:5432/leadbot",
      slack: { apiUrl: "https://slack.com/api/" },
      teams: { appId: TEAMS.MICROSOFT_APP_ID, appType: "MultiTenant" },
      playground: "off",
      admin: "on",
      workingHours: "09:00-17:00",
    });
  });
});

it("the README's configuration table lists exactly the variables env.ts declares, with their defaults", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \| (.+?) \|/gm)].map((m) => [m[1] ?? "", m[2] ?? ""] as const);
  expect(rows.map(([name]) => name)).toEqual(ENV_VARIABLES);
  for (const [name, fallback] of rows) {
    const expected = name in DEFAULTS ? `\`${DEFAULTS[name as keyof typeof DEFAULTS]}\`` : "none";
    expect(fallback, name).toBe(expected);
  }
});

describe("TEAMS_OPENID_METADATA_URL and TEAMS_TOKEN_ISSUER", () => {
  const LOCAL = { TEAMS_OPENID_METADATA_URL: "http://127.0.0.1:4100/v1/.well-known/openidconfiguration", TEAMS_TOKEN_ISSUER: "https://api.botframework.test" };

  it("point the Bot Framework token check elsewhere, outside production, for Teams with credentials", () => {
    const config = loadConfig({ ...TEAMS, ...LOCAL });
    expect(config.teams?.botFramework).toEqual({ openIdMetadataUrl: LOCAL.TEAMS_OPENID_METADATA_URL, tokenIssuer: LOCAL.TEAMS_TOKEN_ISSUER });
    expect(loadConfig({ ...TEAMS, TEAMS_TOKEN_ISSUER: LOCAL.TEAMS_TOKEN_ISSUER }).teams?.botFramework).toEqual({ tokenIssuer: LOCAL.TEAMS_TOKEN_ISSUER });
    expect(loadConfig(TEAMS).teams?.botFramework).toBeUndefined();
    expect(redactedConfigSummary(config).teams).toMatchObject({ botFramework: { tokenIssuer: LOCAL.TEAMS_TOKEN_ISSUER } });
  });

  it("are refused in production, and without Teams credentials", () => {
    expect(problemsOf({ ...TEAMS, ...LOCAL, NODE_ENV: "production" })).toEqual([
      `TEAMS_OPENID_METADATA_URL: must not be set when NODE_ENV is production (Bot Framework tokens are then checked against Microsoft's keys only) (got "${LOCAL.TEAMS_OPENID_METADATA_URL}")`,
      `TEAMS_TOKEN_ISSUER: must not be set when NODE_ENV is production (Bot Framework tokens are then checked against Microsoft's keys only) (got "${LOCAL.TEAMS_TOKEN_ISSUER}")`,
    ]);
    expect(problemsOf({ TEAMS_TOKEN_ISSUER: LOCAL.TEAMS_TOKEN_ISSUER })).toEqual([
      `TEAMS_TOKEN_ISSUER: is only used with MICROSOFT_APP_ID (Teams with credentials) (got "${LOCAL.TEAMS_TOKEN_ISSUER}")`,
    ]);
    expect(problemsOf({ ...TEAMS, TEAMS_OPENID_METADATA_URL: "ftp://keys" })).toEqual(['TEAMS_OPENID_METADATA_URL: must be an http(s) URL (got "ftp://keys")']);
  });
});

describe("least privilege and first setup settings", () => {
  it("LEADBOT_BOOTSTRAP_ADMIN takes a Slack user id or a Teams object id, and refuses an email", () => {
    expect(loadConfig({ LEADBOT_BOOTSTRAP_ADMIN: "U0123ABCD" }).bootstrapAdmin).toEqual({ kind: "slack", id: "U0123ABCD" });
    expect(loadConfig({ LEADBOT_BOOTSTRAP_ADMIN: "0F8FAD5B-D9CB-469F-A165-70867728950E" }).bootstrapAdmin).toEqual({
      kind: "teams",
      id: "0f8fad5b-d9cb-469f-a165-70867728950e",
    });
    expect(() => loadConfig({ LEADBOT_BOOTSTRAP_ADMIN: "ada@council.example" })).toThrow(/LEADBOT_BOOTSTRAP_ADMIN: must be a Slack user id/);
  });

  it("never echoes METRICS_TOKEN or the migration URL's password", () => {
    let message = "";
    try {
      loadConfig({ METRICS_TOKEN: "short", MIGRATION_DATABASE_URL: "mysql://owner:s3cret-owner@db/leadbot" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/METRICS_TOKEN: must be at least 16 characters/);
    expect(message).toMatch(/MIGRATION_DATABASE_URL/);
    expect(message).not.toContain("short");
    expect(message).not.toContain("s3cret-owner");
    const summary = JSON.stringify(redactedConfigSummary(loadConfig({ METRICS_TOKEN: "metrics-token-0123456789", MIGRATION_DATABASE_URL: "postgresql://owner:s3cret-owner@db/leadbot" })));
    expect(summary).not.toContain("metrics-token-0123456789");
    expect(summary).not.toContain("s3cret-owner");
  });
});
