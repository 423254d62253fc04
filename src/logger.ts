// The pino root logger and its per-component children. Logs are JSON lines (one object per line,
// ready for any log shipper). Secrets and message bodies are redacted here, once, because chat
// text can hold details of children and families that must never reach a log.
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { loadConfig, type Config } from "./config/env.js";

export type { Logger } from "pino";

const CENSOR = "[redacted]";

/**
 * pino/fast-redact paths. `*.x` matches `x` one level below the root, so the common keys are
 * listed at the root as well; deeper objects should be logged flat or through a view that
 * leaves message content out in the first place.
 *
 * Message content: `text` (a Slack command's or a Teams activity's text), `body` (a raw request),
 * `value` (an Adaptive Card's submitted data), `reason` (what people type when they object,
 * escalate or resolve) are censored down to two levels (`{ activity: { value: { reason } } }`).
 * Log an operator's own diagnostic under another key (`failure`, `refusal`).
 */
const CONTENT_KEYS = ["text", "body", "value", "reason"];

export const REDACT_PATHS: readonly string[] = [
  ...["password", "token", "signingSecret", "authorization", ...CONTENT_KEYS].flatMap((key) => [key, `*.${key}`]),
  ...CONTENT_KEYS.map((key) => `*.*.${key}`),
  "*.appPassword",
  "*.botToken",
  "*.clientSecret",
  "*.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-slack-signature"]',
  "headers.authorization",
  'headers["x-slack-signature"]',
  // An HTTP client's error (axios under botbuilder) carries the request it sent: the message itself.
  "*.config.data",
  "*.config.headers.Authorization",
  "*.config.headers.authorization",
  "*.response.config.data",
];

export function loggerOptions(config: Pick<Config, "log" | "env">): LoggerOptions {
  return {
    level: config.log.level,
    base: { service: "leadbot", env: config.env },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: [...REDACT_PATHS], censor: CENSOR },
    formatters: {
      // "level":"info" instead of "level":30 so the lines read well without pino-pretty.
      level: (label) => ({ level: label }),
    },
  };
}

/** Builds a root logger; `destination` lets tests capture the output. */
export function createLogger(config: Pick<Config, "log" | "env">, destination?: DestinationStream): Logger {
  const options = loggerOptions(config);
  return destination === undefined ? pino(options) : pino(options, destination);
}

let root: Logger | undefined;

/** main.ts installs the logger it built from the parsed config; everything else then shares it. */
export function setRootLogger(logger: Logger): void {
  root = logger;
}

/**
 * The root logger. Created lazily from the environment when nothing installed one (scripts and
 * tests); falls back to the defaults when the environment is invalid, since main.ts reports that.
 */
export function getRootLogger(): Logger {
  if (root === undefined) {
    let config: Pick<Config, "log" | "env">;
    try {
      config = loadConfig();
    } catch {
      config = { log: { level: "info" }, env: "development" };
    }
    root = createLogger(config);
  }
  return root;
}

/** A logger tagged with the component that writes through it, e.g. childLogger("slack"). */
export function childLogger(component: string, bindings: Record<string, unknown> = {}): Logger {
  return getRootLogger().child({ ...bindings, component });
}

/**
 * The default logger for modules that log at import time or outside a component. It forwards to
 * the root logger at call time, so importing it never parses the config too early.
 */
export const logger: Logger = new Proxy({} as Logger, {
  get(_target, property) {
    const target = getRootLogger();
    const value: unknown = Reflect.get(target, property, target);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  },
  set(_target, property, value) {
    return Reflect.set(getRootLogger(), property, value);
  },
  has(_target, property) {
    return Reflect.has(getRootLogger(), property);
  },
});
