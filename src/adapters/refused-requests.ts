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

/** Registers before the platform's own route, so it sees every request to `path`. */
export function auditRefusals(app: Express, path: string, platform: "slack" | "teams", rejections: Pick<RejectedRequests, "record">): void {
  app.use(path, (req: Request, res, next) => {
    res.on("finish", () => {
      if (res.statusCode !== 401) return;
      const reason = platform === "slack" ? slackRefusalReason(req.headers, Date.now()) : "unauthenticated";
      const requestId = typeof (req as { id?: unknown }).id === "string" ? ((req as { id?: string }).id ?? null) : null;
      void rejections.record(platform, reason, requestId);
    });
    next();
  });
}
