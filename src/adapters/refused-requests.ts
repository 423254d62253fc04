// Both platforms refuse unauthenticated requests before any listener runs (Bolt's signature
// check answers 401 itself; the CloudAdapter's token check is answered 401 in cloud-adapter.ts).
// This watches for those 401s on a route and has them audited with the reason, so every refusal
// leaves a trace even though no command, actor or case was involved.
import type { Express, Request } from "express";
import type { IncomingHttpHeaders } from "node:http";
import type { RejectedRequests, RejectionReason } from "../application/rejected-requests.js";

/** Slack refuses requests older than 5 minutes (and so does Bolt). */
const SLACK_MAX_AGE_SECONDS = 5 * 60;

/** Why Bolt refused a request, told from its headers alone (the body is Bolt's to read). */
export function slackRefusalReason(headers: IncomingHttpHeaders, nowMs: number): RejectionReason {
  const signature = headers["x-slack-signature"];
  const timestamp = headers["x-slack-request-timestamp"];
  if (!signature || !timestamp) return "unsigned";
  const seconds = Number(timestamp);
  if (!Number.isFinite(seconds) || Math.abs(nowMs / 1000 - seconds) > SLACK_MAX_AGE_SECONDS) return "stale";
  return "bad-signature";
}

/**
 * Bolt refuses timestamps more than 5 minutes old but takes any from the future, so a request
 * signed ahead of time (a leaked signing secret, a skewed clock) would stay replayable for as
 * long as its author liked. Slack's own clock is never that far ahead.
 */
export function slackTimestampFromFuture(headers: IncomingHttpHeaders, nowMs: number): boolean {
  const seconds = Number(headers["x-slack-request-timestamp"]);
  return Number.isFinite(seconds) && seconds - nowMs / 1000 > SLACK_MAX_AGE_SECONDS;
}

/** Registers before the platform's own route, so it sees every request to `path`. */
export function auditRefusals(app: Express, path: string, platform: "slack" | "teams", rejections: Pick<RejectedRequests, "record">): void {
  app.use(path, (req: Request, res, next) => {
    if (platform === "slack" && slackTimestampFromFuture(req.headers, Date.now())) {
      // Answered like Bolt's own refusals (401, audited below as "stale"), before Bolt reads the body.
      res.on("finish", () => void rejections.record(platform, "stale", typeof req.id === "string" ? req.id : null));
      res.status(401).send();
      return;
    }
    res.on("finish", () => {
      // A route that turns a request away for another reason (a Teams token that could not be
      // checked: 503) names it in res.locals.refusalReason.
      const named = (res.locals as { refusalReason?: RejectionReason }).refusalReason;
      if (res.statusCode !== 401 && named === undefined) return;
      const reason = named ?? (platform === "slack" ? slackRefusalReason(req.headers, Date.now()) : "unauthenticated");
      const requestId = typeof (req as { id?: unknown }).id === "string" ? ((req as { id?: string }).id ?? null) : null;
      void rejections.record(platform, reason, requestId);
    });
    next();
  });
}
