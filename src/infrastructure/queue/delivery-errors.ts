// How a sender's failure is read by the dispatcher. Senders need not import anything from here:
// an error with `retryAfter` (seconds, like @slack/web-api's rate-limited error) or `retryAfterMs`
// is a 429; one with `permanent: true` (or an UndeliverableError) is never retried.
import { UndeliverableError } from "../notify/routing-notifier.js";

export type FailureKind = { kind: "rate-limited"; retryAfterMs: number } | { kind: "permanent" } | { kind: "transient" };

function field(error: unknown, name: string): unknown {
  return error !== null && typeof error === "object" ? (error as Record<string, unknown>)[name] : undefined;
}

const positive = (value: unknown): number | null => {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : null;
};

export function classifyFailure(error: unknown): FailureKind {
  const ms = positive(field(error, "retryAfterMs"));
  if (ms !== null) return { kind: "rate-limited", retryAfterMs: ms };
  const seconds = positive(field(error, "retryAfter"));
  if (seconds !== null) return { kind: "rate-limited", retryAfterMs: seconds * 1000 };
  if (error instanceof UndeliverableError || field(error, "permanent") === true) return { kind: "permanent" };
  return { kind: "transient" };
}

/** A short, single-line reason for last_error and the access team; never a message body. */
export function describeFailure(error: unknown): string {
  const name = error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  const status = field(error, "statusCode") ?? field(error, "status");
  const text = `${name}${status !== undefined ? ` ${String(status)}` : ""}: ${message}`.replace(/\s+/g, " ");
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
