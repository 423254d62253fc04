// The only reader of process.env in the project (a test enforces it). Every variable is declared
// once in `envSchema`, parsed once at boot by `loadConfig`, and every problem is reported together
// so an operator can fix a deployment in one go instead of one restart per typo.
import { IANAZone } from "luxon";
import { z } from "zod";

export const NODE_ENVS = ["development", "test", "production"] as const;
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export const REGIONS = ["england-and-wales", "scotland", "northern-ireland"] as const;
export const TEAMS_APP_TYPES = ["MultiTenant", "SingleTenant", "UserAssignedMSI"] as const;
export const PLAYGROUND_MODES = ["auto", "on", "off"] as const;

export type NodeEnv = (typeof NODE_ENVS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type Region = (typeof REGIONS)[number];
export type TeamsAppType = (typeof TEAMS_APP_TYPES)[number];
export type PlaygroundMode = (typeof PLAYGROUND_MODES)[number];

export interface SlackConfig {
  signingSecret: string;
  botToken: string;
  /** Web API base URL, always ending in "/" (tests point it at a local fake Slack API). */
  apiUrl: string;
}

export interface TeamsConfig {
  appId: string;
  /** null only for UserAssignedMSI, which authenticates with a managed identity. */
  appPassword: string | null;
  tenantId: string | null;
  appType: TeamsAppType;
  /**
   * Where Bot Framework authentication fetches its signing keys and which issuer it trusts, when
   * not Microsoft's public cloud: only for tests against local stand-ins, never in production.
   * Absent (the normal case) means botbuilder's built-in public-cloud endpoints.
   */
  botFramework?: BotFrameworkEndpoints;
}

/** Overrides of the inbound token check; a missing field keeps Microsoft's value. */
export interface BotFrameworkEndpoints {
  openIdMetadataUrl?: string;
  tokenIssuer?: string;
}

/**
 * Who LEADBOT_BOOTSTRAP_ADMIN names: a Slack user id or a Teams user's Azure AD object id. An
 * email address is not taken: neither platform hands a bot a verified address with a command.
 */
export type BootstrapAdmin = { kind: "slack" | "teams"; id: string };

export function parseBootstrapAdmin(value: string): BootstrapAdmin {
  return GUID.test(value) ? { kind: "teams", id: value.toLowerCase() } : { kind: "slack", id: value.toUpperCase() };
}

export interface Config {
  env: NodeEnv;
  http: { port: number; host: string };
  /**
   * `url` is what the service runs as; `migrationUrl` what migrations run as (the schema's owner).
   * The same URL unless MIGRATION_DATABASE_URL is set: the service's role is then granted exactly
   * what it needs after each migration run (src/infrastructure/prisma/runtime-grants.ts).
   */
  database: { url: string; migrationUrl: string };
  redis: { url: string; prefix: string };
  log: { level: LogLevel };
  /** IANA zone used for working days, deadlines and every date shown to users. */
  timeZone: string;
  /** Which UK bank holidays count as non-working days. */
  region: Region;
  /** Whole hours, 0–24, start < end. Nudges are only delivered inside these hours. */
  workingHours: { start: number; end: number };
  slack: SlackConfig | null;
  teams: TeamsConfig | null;
  /**
   * Teams without credentials (Bot Framework Emulator mode): /api/messages then accepts
   * unauthenticated activities, so anyone who can reach it can act as any Teams user. Resolved:
   * true only with neither Slack nor Teams configured, never in production, and only with the
   * playground on, NODE_ENV=test or an explicit TEAMS_EMULATOR=true; then `http.host` is loopback
   * (a HOST that is not is refused). Otherwise Teams without credentials is off.
   */
  teamsEmulator: boolean;
  /** `enabled` is the resolved value: "on" or "auto", and only when neither Slack nor Teams is configured. */
  playground: { mode: PlaygroundMode; enabled: boolean };
  /**
   * LEADBOT_BOOTSTRAP_ADMIN: the one person who may register themselves, by chat, as the first
   * access-team member of an empty deployment. null: nobody may (the CLI `npm run admin -- add` does it).
   */
  bootstrapAdmin: BootstrapAdmin | null;
  /**
   * CASE_REFERENCE_PATTERN: a regular expression every new case reference (upper-cased) must match;
   * null: the domain's default (letters, digits and hyphens with at least one digit).
   */
  caseReferencePattern: string | null;
  /** Start the queue worker inside the web process (single-process deployments and `npm start`). */
  runWorker: boolean;
  /** null when ADMIN_PASSWORD is unset: the admin pages are then not mounted at all. */
  admin: { password: string; /** ADMIN_QUEUES_WRITE: retry, remove, pause… on the dashboard; read-only otherwise. */ write: boolean } | null;
  /** GET /metrics: behind `Authorization: Bearer <token>` when a token is set; on its own port when one is set. */
  metrics: { token: string | null; port: number | null };
  /** Closed cases are anonymised `years` after closing, their audit trail first written to `exportDir`. */
  retention: { years: number; exportDir: string };
}

/** Variables whose values must never be echoed back in an error message or a log line. */
const SECRET_VARIABLES = new Set(["SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "MICROSOFT_APP_PASSWORD", "ADMIN_PASSWORD", "METRICS_TOKEN"]);
/** Variables that may carry a password inside a URL: echoed with the password masked. */
const URL_VARIABLES = new Set(["DATABASE_URL", "MIGRATION_DATABASE_URL", "REDIS_URL"]);

export const DEFAULTS = {
  NODE_ENV: "development",
  PORT: "3000",
  HOST: "0.0.0.0",
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/leadbot",
  REDIS_URL: "redis://127.0.0.1:6379",
  REDIS_PREFIX: "leadbot",
  LOG_LEVEL: "info",
  LEADBOT_TIME_ZONE: "Europe/London",
  LEADBOT_REGION: "england-and-wales",
  WORKING_HOURS: "09:00-17:00",
  SLACK_API_URL: "https://slack.com/api/",
  MICROSOFT_APP_TYPE: "MultiTenant",
  TEAMS_EMULATOR: "false",
  PLAYGROUND: "auto",
  RUN_WORKER: "true",
  ADMIN_QUEUES_WRITE: "false",
  RETENTION_YEARS: "6",
  RETENTION_EXPORT_DIR: "./retention-exports",
} as const;

type Ctx = z.core.$RefinementCtx<unknown>;

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

function fail(ctx: Ctx, message: string, input: unknown): typeof z.NEVER {
  ctx.issues.push({ code: "custom", message, input });
  return z.NEVER;
}

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of: ${values.join(", ")}` });

const integer = (min: number, max: number) =>
  z.string().transform((value, ctx) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
      return fail(ctx, `must be a whole number from ${min} to ${max}`, value);
    }
    return n;
  });

const urlWithProtocols = (protocols: string[], description: string) =>
  z.string().transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return fail(ctx, `must be ${description}`, value);
    }
    if (!protocols.includes(url.protocol)) return fail(ctx, `must be ${description}`, value);
    return value;
  });

const booleanFlag = z.string().transform((value, ctx) => {
  const v = value.toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  return fail(ctx, "must be true or false", value);
});

/** "09:00-17:00" or "9-17" → whole hours. Minutes other than :00 are refused, not rounded. */
const workingHours = z.string().transform((value, ctx) => {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?$/.exec(value);
  if (!match) return fail(ctx, 'must look like "09:00-17:00"', value);
  const [, startH, startM, endH, endM] = match;
  if ((startM ?? "00") !== "00" || (endM ?? "00") !== "00") {
    return fail(ctx, "must use whole hours (minutes :00)", value);
  }
  const start = Number(startH);
  const end = Number(endH);
  if (start > 23 || end > 24) return fail(ctx, "hours must be 00–23 for the start and 01–24 for the end", value);
  if (start >= end) return fail(ctx, "the start must be before the end", value);
  return { start, end };
});

const timeZone = z.string().transform((value, ctx) =>
  IANAZone.isValidZone(value) ? value : fail(ctx, 'must be an IANA time zone such as "Europe/London"', value),
);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every environment variable leadbot reads. Optional variables are `undefined` when unset or blank. */
export const envSchema = z
  .object({
    NODE_ENV: oneOf(NODE_ENVS).default(DEFAULTS.NODE_ENV),
    PORT: integer(0, 65535).default(Number(DEFAULTS.PORT)),
    // No default here: unset means 0.0.0.0, or loopback while the unauthenticated emulator is on.
    HOST: z.string().optional(),
    DATABASE_URL: urlWithProtocols(["postgres:", "postgresql:"], "a PostgreSQL URL (postgresql://user@host:5432/db)").default(
      DEFAULTS.DATABASE_URL,
    ),
    MIGRATION_DATABASE_URL: urlWithProtocols(["postgres:", "postgresql:"], "a PostgreSQL URL (postgresql://owner@host:5432/db)").optional(),
    REDIS_URL: urlWithProtocols(["redis:", "rediss:"], "a Redis URL (redis://host:6379)").default(DEFAULTS.REDIS_URL),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "must be letters, digits, '.', '_' or '-' (no spaces or ':')" })
      .default(DEFAULTS.REDIS_PREFIX),
    LOG_LEVEL: oneOf(LOG_LEVELS).default(DEFAULTS.LOG_LEVEL),
    LEADBOT_TIME_ZONE: timeZone.default(DEFAULTS.LEADBOT_TIME_ZONE),
    LEADBOT_REGION: oneOf(REGIONS).default(DEFAULTS.LEADBOT_REGION),
    WORKING_HOURS: workingHours.default({ start: 9, end: 17 }),
    SLACK_SIGNING_SECRET: z.string().optional(),
    SLACK_BOT_TOKEN: z.string().startsWith("xoxb-", { error: 'must be a bot token starting with "xoxb-"' }).optional(),
    SLACK_API_URL: urlWithProtocols(["http:", "https:"], "an http(s) URL")
      .transform((value) => (value.endsWith("/") ? value : `${value}/`))
      .default(DEFAULTS.SLACK_API_URL),
    MICROSOFT_APP_ID: z.string().regex(GUID, { error: "must be an Azure app (client) id, a GUID" }).optional(),
    MICROSOFT_APP_PASSWORD: z.string().optional(),
    MICROSOFT_APP_TENANT_ID: z.string().optional(),
    MICROSOFT_APP_TYPE: oneOf(TEAMS_APP_TYPES).default(DEFAULTS.MICROSOFT_APP_TYPE),
    TEAMS_OPENID_METADATA_URL: urlWithProtocols(["http:", "https:"], "an http(s) URL").optional(),
    TEAMS_TOKEN_ISSUER: z.string().optional(),
    TEAMS_EMULATOR: booleanFlag.default(false),
    PLAYGROUND: oneOf(PLAYGROUND_MODES).default(DEFAULTS.PLAYGROUND),
    RUN_WORKER: booleanFlag.default(true),
    LEADBOT_BOOTSTRAP_ADMIN: z
      .string()
      .regex(/^(?:[UW][A-Z0-9]{2,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
        error: "must be a Slack user id (U… or W…) or a Teams user's Azure AD object id (a GUID); an email cannot be checked in chat, use `npm run admin -- add`",
      })
      .optional(),
    CASE_REFERENCE_PATTERN: z
      .string()
      .refine(compiles, { error: "must be a regular expression (e.g. ^EH-[0-9]{4}-[0-9]{4}$)" })
      .optional(),
    ADMIN_PASSWORD: z.string().min(8, { error: "must be at least 8 characters" }).optional(),
    ADMIN_QUEUES_WRITE: booleanFlag.default(false),
    METRICS_TOKEN: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
    METRICS_PORT: integer(1, 65535).optional(),
    RETENTION_YEARS: integer(1, 100).default(Number(DEFAULTS.RETENTION_YEARS)),
    RETENTION_EXPORT_DIR: z.string().default(DEFAULTS.RETENTION_EXPORT_DIR),
  })
  .superRefine(
    (env, ctx) => {
      // Runs even when single fields failed (`when` below), so pairing problems are listed too.
      // Only presence is inspected here, which is known whatever the fields' own verdicts.
      const set = (key: keyof typeof env) => env[key] !== undefined;
      const pair = (a: keyof typeof env, b: keyof typeof env, what: string) => {
        if (set(a) && !set(b)) ctx.addIssue({ code: "custom", path: [b], message: `must be set when ${a} is set (${what})` });
        if (set(b) && !set(a)) ctx.addIssue({ code: "custom", path: [a], message: `must be set when ${b} is set (${what})` });
      };
      pair("SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "Slack needs both, or neither for no Slack");
      // Unauthenticated Teams in production would let anyone forge activities: refuse to start.
      if (env.TEAMS_EMULATOR === true && env.NODE_ENV === "production") {
        ctx.addIssue({ code: "custom", path: ["TEAMS_EMULATOR"], message: "must not be true when NODE_ENV is production (it accepts unauthenticated Teams requests)" });
      }

      // Pointing the token check at other keys would let whoever holds them act as Teams.
      for (const key of ["TEAMS_OPENID_METADATA_URL", "TEAMS_TOKEN_ISSUER"] as const) {
        if (!set(key)) continue;
        if (env.NODE_ENV === "production") {
          ctx.addIssue({ code: "custom", path: [key], message: "must not be set when NODE_ENV is production (Bot Framework tokens are then checked against Microsoft's keys only)" });
        } else if (!set("MICROSOFT_APP_ID")) {
          ctx.addIssue({ code: "custom", path: [key], message: "is only used with MICROSOFT_APP_ID (Teams with credentials)" });
        }
      }

      const appType = env.MICROSOFT_APP_TYPE as unknown;
      if (appType === "UserAssignedMSI") {
        // A managed identity has no password; Bot Framework needs the app id and tenant instead.
        pair("MICROSOFT_APP_ID", "MICROSOFT_APP_TENANT_ID", "UserAssignedMSI needs both");
      } else {
        pair("MICROSOFT_APP_ID", "MICROSOFT_APP_PASSWORD", "Teams needs both, or neither for no Teams");
        if (set("MICROSOFT_APP_TENANT_ID") && !set("MICROSOFT_APP_ID")) {
          ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_ID"], message: "must be set when MICROSOFT_APP_TENANT_ID is set" });
        }
        if (appType === "SingleTenant" && set("MICROSOFT_APP_ID") && !set("MICROSOFT_APP_TENANT_ID")) {
          ctx.addIssue({ code: "custom", path: ["MICROSOFT_APP_TENANT_ID"], message: "must be set when MICROSOFT_APP_TYPE is SingleTenant" });
        }
      }
    },
    { when: () => true },
  );

export type ParsedEnv = z.output<typeof envSchema>;
export type EnvVariable = keyof z.input<typeof envSchema>;
export const ENV_VARIABLES = Object.keys(envSchema.shape) as EnvVariable[];

/** One problem with one variable, phrased for the person editing the environment. */
export interface ConfigProblem {
  variable: string;
  message: string;
  /** The offending value, already masked or omitted for secrets. */
  received?: string;
}

export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map(problemLine).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }

  /** Readable lines, one per problem, e.g. `PORT: must be a whole number from 0 to 65535 (got "abc")`. */
  get lines(): string[] {
    return this.problems.map(problemLine);
  }
}

function problemLine(problem: ConfigProblem): string {
  return problem.received === undefined
    ? `${problem.variable}: ${problem.message}`
    : `${problem.variable}: ${problem.message} (got ${JSON.stringify(problem.received)})`;
}

/** The boot message printed to stderr when the configuration is refused. */
/**
 * The configuration of an entry point (web, worker, admin CLI): on a bad environment, every
 * problem on standard error and exit 1, before anything starts.
 */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${formatConfigError(error)}\n`);
      process.exit(1);
    }
    throw error;
  }
}

export function formatConfigError(error: ConfigError): string {
  const count = error.problems.length;
  return [
    `leadbot cannot start: ${count} configuration problem${count === 1 ? "" : "s"}.`,
    ...error.lines.map((line) => `  - ${line}`),
    "Fix the environment variables above (see the configuration table in README.md) and start again.",
  ].join("\n");
}

/** Blank values count as unset, so `FOO=` in a .env file or compose file means "use the default". */
function normalise(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of ENV_VARIABLES) {
    const value = env[key]?.trim();
    out[key] = value === undefined || value === "" ? undefined : value;
  }
  return out;
}

function echo(variable: string, raw: string | undefined): string | undefined {
  if (raw === undefined || SECRET_VARIABLES.has(variable)) return undefined;
  return URL_VARIABLES.has(variable) ? maskUrlPassword(raw) : raw;
}

/** Replaces the password of a URL with "***"; leaves anything unparseable as it is. */
export function maskUrlPassword(value: string): string {
  try {
    const url = new URL(value);
    if (url.password === "") return value;
    url.password = "***";
    return url.toString();
  } catch {
    return value;
  }
}

/** Parses the environment once. Throws ConfigError listing every problem found. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw = normalise(env);
  const result = envSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((issue): ConfigProblem => {
      const variable = String(issue.path[0] ?? "environment");
      const received = echo(variable, raw[variable]);
      return received === undefined ? { variable, message: issue.message } : { variable, message: issue.message, received };
    });
    // Keep the order of the schema so the list reads like the README's table.
    problems.sort((a, b) => ENV_VARIABLES.indexOf(a.variable as EnvVariable) - ENV_VARIABLES.indexOf(b.variable as EnvVariable));
    throw new ConfigError(problems);
  }
  const config = toConfig(result.data);
  // The emulator accepts unauthenticated activities: only this machine may reach it.
  if (config.teamsEmulator && !isLoopbackHost(config.http.host)) {
    throw new ConfigError([
      {
        variable: "HOST",
        message:
          "must be a loopback address (127.0.0.1, ::1 or localhost) while Teams runs in local emulator mode, which accepts unauthenticated requests; leave HOST unset, or configure Slack or Teams credentials",
        received: config.http.host,
      },
    ]);
  }
  return config;
}

const LOOPBACK = "127.0.0.1";

/** Whether a HOST value only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

function botFrameworkEndpoints(e: ParsedEnv): { botFramework?: BotFrameworkEndpoints } {
  if (e.TEAMS_OPENID_METADATA_URL === undefined && e.TEAMS_TOKEN_ISSUER === undefined) return {};
  const endpoints: BotFrameworkEndpoints = {};
  if (e.TEAMS_OPENID_METADATA_URL !== undefined) endpoints.openIdMetadataUrl = e.TEAMS_OPENID_METADATA_URL;
  if (e.TEAMS_TOKEN_ISSUER !== undefined) endpoints.tokenIssuer = e.TEAMS_TOKEN_ISSUER;
  return { botFramework: endpoints };
}

function toConfig(e: ParsedEnv): Config {
  const slack: SlackConfig | null =
    e.SLACK_SIGNING_SECRET !== undefined && e.SLACK_BOT_TOKEN !== undefined
      ? { signingSecret: e.SLACK_SIGNING_SECRET, botToken: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL }
      : null;
  const teams: TeamsConfig | null =
    e.MICROSOFT_APP_ID !== undefined
      ? {
          appId: e.MICROSOFT_APP_ID,
          appPassword: e.MICROSOFT_APP_PASSWORD ?? null,
          tenantId: e.MICROSOFT_APP_TENANT_ID ?? null,
          appType: e.MICROSOFT_APP_TYPE,
          ...botFrameworkEndpoints(e),
        }
      : null;
  // The playground and the emulator never sit beside a real platform, whatever PLAYGROUND,
  // TEAMS_EMULATOR or NODE_ENV say: the emulator's /api/messages is unauthenticated (anyone
  // reaching it could act as any Teams user of that deployment) and the playground seeds its
  // demo cast into the database. So a configured Slack or Teams turns both off.
  const platform = slack !== null || teams !== null;
  const playgroundEnabled = !platform && (e.PLAYGROUND === "on" || e.PLAYGROUND === "auto");
  const teamsEmulator = !platform && e.NODE_ENV !== "production" && (e.TEAMS_EMULATOR || playgroundEnabled || e.NODE_ENV === "test");
  return {
    env: e.NODE_ENV,
    http: { port: e.PORT, host: teamsEmulator && e.HOST === undefined ? LOOPBACK : (e.HOST ?? DEFAULTS.HOST) },
    database: { url: e.DATABASE_URL, migrationUrl: e.MIGRATION_DATABASE_URL ?? e.DATABASE_URL },
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    log: { level: e.LOG_LEVEL },
    timeZone: e.LEADBOT_TIME_ZONE,
    region: e.LEADBOT_REGION,
    workingHours: e.WORKING_HOURS,
    slack,
    teams,
    teamsEmulator,
    playground: { mode: e.PLAYGROUND, enabled: playgroundEnabled },
    bootstrapAdmin: e.LEADBOT_BOOTSTRAP_ADMIN !== undefined ? parseBootstrapAdmin(e.LEADBOT_BOOTSTRAP_ADMIN) : null,
    caseReferencePattern: e.CASE_REFERENCE_PATTERN ?? null,
    runWorker: e.RUN_WORKER,
    admin: e.ADMIN_PASSWORD !== undefined ? { password: e.ADMIN_PASSWORD, write: e.ADMIN_QUEUES_WRITE } : null,
    metrics: { token: e.METRICS_TOKEN ?? null, port: e.METRICS_PORT ?? null },
    retention: { years: e.RETENTION_YEARS, exportDir: e.RETENTION_EXPORT_DIR },
  };
}

const pad = (hour: number) => String(hour).padStart(2, "0");

/** Everything worth seeing in the start-up log, and nothing secret. */
export function redactedConfigSummary(config: Config): Record<string, unknown> {
  return {
    env: config.env,
    http: { host: config.http.host, port: config.http.port },
    database: maskUrlPassword(config.database.url),
    ...(config.database.migrationUrl !== config.database.url ? { migrationDatabase: maskUrlPassword(config.database.migrationUrl) } : {}),
    redis: { url: maskUrlPassword(config.redis.url), prefix: config.redis.prefix },
    logLevel: config.log.level,
    timeZone: config.timeZone,
    region: config.region,
    workingHours: `${pad(config.workingHours.start)}:00-${pad(config.workingHours.end)}:00`,
    slack: config.slack === null ? "off" : { apiUrl: config.slack.apiUrl },
    teams:
      config.teams === null
        ? config.teamsEmulator
          ? "emulator (unauthenticated)"
          : "off"
        : {
            appId: config.teams.appId,
            appType: config.teams.appType,
            tenantId: config.teams.tenantId,
            ...(config.teams.botFramework ? { botFramework: config.teams.botFramework } : {}),
          },
    playground: config.playground.enabled ? "on" : "off",
    runWorker: config.runWorker,
    admin: config.admin === null ? "off" : "on",
    adminQueuesWrite: config.admin?.write ?? false,
    bootstrapAdmin: config.bootstrapAdmin === null ? "none" : "configured",
    caseReferencePattern: config.caseReferencePattern ?? "default",
    metrics: { port: config.metrics.port ?? "same as PORT", token: config.metrics.token === null ? "off" : "on" },
    retentionYears: config.retention.years,
    retentionExportDir: config.retention.exportDir,
  };
}
