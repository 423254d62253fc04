// CloudAdapter with the HTTP side done the house way. The stock `process()` writes every
// refused request to console.error with a stack trace and turns anything unexpected into a bare
// 500; this one logs through pino (no tokens, no bodies) and answers like the rest of the app.
// Authentication itself is untouched: the adapter's Bot Framework authentication checks the
// bearer token of every request (or, with no app id, runs in local emulator mode).
import { CloudAdapter, type Activity, type TurnContext } from "botbuilder";
import type { Request, Response } from "express";
import type { Logger } from "pino";

function isAuthenticationError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { statusCode, name } = error as { statusCode?: unknown; name?: unknown };
  return statusCode === 401 || name === "AuthenticationError";
}

type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

export class TeamsCloudAdapter extends CloudAdapter {
  constructor(
    authentication: BotFrameworkAuthentication,
    private readonly log: Logger,
  ) {
    super(authentication);
  }

  /** Runs one HTTP request's activity: 401 when not authenticated, the invoke response otherwise. */
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
    let invokeResponse;
    try {
      invokeResponse = await this.processActivity(authorization, activity, logic);
    } catch (error) {
      if (isAuthenticationError(error)) {
        req.log.warn({ failure: (error as Error).message, hadToken: authorization.length > 0 }, "refused a Teams request that is not authenticated");
        res.status(401).json({ error: "unauthorized", requestId: req.id });
        return;
      }
      this.log.error({ err: error, requestId: req.id }, "Teams request failed");
      res.status(500).json({ error: "internal_error", message: "Sorry, something went wrong.", requestId: req.id });
      return;
    }
    res.status(invokeResponse?.status ?? 200);
    if (invokeResponse?.body !== undefined) res.json(invokeResponse.body);
    else res.end();
  }
}
