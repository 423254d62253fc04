// CloudAdapter with the HTTP side done the house way. The stock `process()` writes every
// refused request to console.error with a stack trace and turns anything unexpected into a bare
// 500; this one logs through pino (no tokens, no bodies) and answers like the rest of the app.
// Authentication itself is the stock one (the adapter's Bot Framework authentication checks the
// bearer token of every request, or, with no app id, runs in local emulator mode); only its
// failures are told apart: a token that is not good is a 401, and not being able to check one
// at all (the OpenID metadata or its keys cannot be fetched) is a 503 Teams retries, never a 500.
// (botframework-connector's token extractor itself still prints an expired token or a signature
// that does not verify to stderr, with the public key it tried; nothing secret, and out of reach.)
import { CloudAdapter, type Activity, type TurnContext } from "botbuilder";
import type { Request, Response } from "express";
import type { Logger } from "pino";

/** What jsonwebtoken throws for a bad signature, algorithm, audience, issuer or expiry. */
const TOKEN_ERRORS = new Set(["JsonWebTokenError", "TokenExpiredError", "NotBeforeError"]);

/** A token refused (401), as opposed to one that could not be checked. */
export function isTokenRefusal(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { statusCode, name } = error as { statusCode?: unknown; name?: unknown };
  return statusCode === 401 || (typeof name === "string" && TOKEN_ERRORS.has(name));
}

/** Seconds Teams is asked to wait before retrying when the token could not be checked. */
const RETRY_AFTER_SECONDS = 30;

type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

export class TeamsCloudAdapter extends CloudAdapter {
  constructor(
    authentication: BotFrameworkAuthentication,
    private readonly log: Logger,
  ) {
    super(authentication);
  }

  /** Runs one HTTP request's activity: 401 when not authenticated, 503 when that cannot be checked now, the invoke response otherwise. */
  async handle(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = req.body as Activity & { rawTimestamp?: string; rawLocalTimestamp?: string };
    // What the stock adapter's validateAndFixActivity does: keep the raw strings, use Dates.
    if (typeof activity.timestamp === "string") {
      activity.rawTimestamp = activity.timestamp;
      activity.timestamp = new Date(activity.timestamp);
    }
    if (typeof activity.localTimestamp === "string") {
      activity.rawLocalTimestamp = activity.localTimestamp;
      activity.localTimestamp = new Date(activity.localTimestamp);
    }
    const authorization = req.get("authorization") ?? "";
    let authentication;
    try {
      authentication = await this.botFrameworkAuthentication.authenticateRequest(activity, authorization);
    } catch (error) {
      const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (isTokenRefusal(error)) {
        req.log.warn({ failure, hadToken: authorization.length > 0 }, "refused a Teams request that is not authenticated");
        res.status(401).json({ error: "unauthorized", requestId: req.id });
        return;
      }
      this.log.error({ failure, requestId: req.id }, "could not check a Teams request's token: the Bot Framework OpenID metadata or its keys are unavailable");
      res.locals.refusalReason = "identity-unavailable"; // audited by auditRefusals
      res.setHeader("retry-after", String(RETRY_AFTER_SECONDS));
      res.status(503).json({ error: "unavailable", message: "Cannot check the request's token just now; try again shortly.", requestId: req.id });
      return;
    }
    let invokeResponse;
    try {
      invokeResponse = await this.processActivity(authentication, activity, logic);
    } catch (error) {
      this.log.error({ err: error, requestId: req.id }, "Teams request failed");
      res.status(500).json({ error: "internal_error", message: "Sorry, something went wrong.", requestId: req.id });
      return;
    }
    res.status(invokeResponse?.status ?? 200);
    if (invokeResponse?.body !== undefined) res.json(invokeResponse.body);
    else res.end();
  }
}
