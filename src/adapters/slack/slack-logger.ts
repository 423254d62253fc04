// Bolt and @slack/web-api log through their own small Logger interface. This hands their lines to
// pino, with two rules of the house: their debug output is dropped (it prints request bodies and
// message payloads, which can carry case details), and errors are reduced to name, code and message
// (a Web API error carries the whole response, message text included, in `data`).
import { LogLevel, type Logger as SlackLogger } from "@slack/bolt";
import type { Logger } from "pino";

/**
 * Quoted stretches go: a JSON parse error quotes the start of the body it could not read
 * (`Unexpected token 'A', "Ada lives…" is not valid JSON`), and a body may hold case details.
 */
export function scrub(text: string): string {
  return text.replace(/"[^"]*"?/g, '"…"').replace(/'[^']*'/g, "'…'");
}

function flatten(parts: unknown[]): { message: string; err?: { name: string; message: string; code?: unknown } } {
  const words: string[] = [];
  let err: { name: string; message: string; code?: unknown } | undefined;
  for (const part of parts) {
    if (part instanceof Error) {
      err = { name: part.name, message: scrub(part.message), code: (part as { code?: unknown }).code };
    } else if (typeof part === "string" || typeof part === "number" || typeof part === "boolean") {
      words.push(scrub(String(part)));
    }
    // Objects (request bodies, responses) are deliberately left out.
  }
  return err ? { message: words.join(" "), err } : { message: words.join(" ") };
}

export function slackLogger(logger: Logger): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  const write = (method: "info" | "warn" | "error", parts: unknown[]) => {
    const { message, err } = flatten(parts);
    if (err) logger[method]({ err }, message || err.message);
    else logger[method](message);
  };
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => write("info", parts),
    warn: (...parts: unknown[]) => write("warn", parts),
    error: (...parts: unknown[]) => write("error", parts),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
