// A local stand-in for the Bot Framework connector service (the `serviceUrl` of Teams
// activities). It records every call the bot makes — new posts, replies, in-place updates —
// and answers member look-ups from a table the test fills, so adapter tests can drive
// /api/messages with real activities and assert on what Teams would have received. It also
// stands in for the OneDrive upload session of a FileConsentCard: `uploadUrl(id)` takes a PUT and
// records it as kind "upload" (the bytes in `body`, the headers in `headers`).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";

export interface ConnectorCall {
  seq: number;
  kind: "send" | "reply" | "update" | "member" | "upload";
  conversationId: string;
  /** The activity replied to or updated. */
  activityId: string | null;
  /** The id the connector gave (send/reply) or kept (update). */
  resultId: string | null;
  activity: Record<string, unknown>;
  authorization: string | null;
  /** When it arrived (epoch ms). */
  at?: number;
  /** Uploads only: the bytes PUT, as UTF-8, and the request headers. */
  body?: string;
  headers?: Record<string, string>;
}

export interface TeamsMemberRecord {
  id: string;
  aadObjectId: string;
  name: string;
}

export class FakeTeamsConnector {
  readonly calls: ConnectorCall[] = [];
  /** Members the connector knows, by Teams user id ("29:…"). */
  readonly members = new Map<string, TeamsMemberRecord>();
  private server: Server | null = null;
  /** Answers for the next posts of new activities (send/reply), in order: an outage or a 429. */
  private readonly outages: { status: number; retryAfter?: number }[] = [];
  /** Posts refused by `failNext`, with the status given. */
  readonly refused: { at: number; conversationId: string; status: number }[] = [];
  private seq = 0;
  private nextId = 0;
  url = "";
  /** Every post, reply and update waits this long before the connector records and answers it: a slow connector. */
  delayPostsMs = 0;

  async start(): Promise<string> {
    const app = express();
    app.use(express.json({ limit: "2mb" }));
    const auth = (req: express.Request) => req.get("authorization") ?? null;
    const record = (call: Omit<ConnectorCall, "seq">) => {
      const full = { ...call, seq: ++this.seq, at: Date.now() };
      this.calls.push(full);
      return full;
    };
    app.use("/v3/conversations", (req, _res, next) => {
      if (this.delayPostsMs <= 0 || (req.method !== "POST" && req.method !== "PUT")) return next();
      setTimeout(next, this.delayPostsMs);
    });
    // Connector outages: the next posts answer 5xx or 429 (with Retry-After) instead of sending.
    app.post("/v3/conversations/:conversationId/activities{/:activityId}", (req, res, next) => {
      const outage = this.outages.shift();
      if (!outage) return next();
      this.refused.push({ at: Date.now(), conversationId: req.params.conversationId, status: outage.status });
      if (outage.retryAfter !== undefined) res.setHeader("retry-after", String(outage.retryAfter));
      res.status(outage.status).json({ error: { code: outage.status === 429 ? "TooManyRequests" : "ServiceError", message: "fake connector outage" } });
    });
    app.post("/v3/conversations/:conversationId/activities", (req, res) => {
      const id = `fake-activity-${++this.nextId}`;
      record({ kind: "send", conversationId: req.params.conversationId, activityId: null, resultId: id, activity: req.body, authorization: auth(req) });
      res.json({ id });
    });
    app.post("/v3/conversations/:conversationId/activities/:activityId", (req, res) => {
      const id = `fake-activity-${++this.nextId}`;
      record({ kind: "reply", conversationId: req.params.conversationId, activityId: req.params.activityId, resultId: id, activity: req.body, authorization: auth(req) });
      res.json({ id });
    });
    app.put("/v3/conversations/:conversationId/activities/:activityId", (req, res) => {
      const { conversationId, activityId } = req.params;
      record({ kind: "update", conversationId, activityId, resultId: activityId, activity: req.body, authorization: auth(req) });
      res.json({ id: activityId });
    });
    app.get("/v3/conversations/:conversationId/members/:memberId", (req, res) => {
      const member = this.members.get(req.params.memberId);
      record({ kind: "member", conversationId: req.params.conversationId, activityId: null, resultId: null, activity: {}, authorization: auth(req) });
      if (!member) {
        res.status(404).json({ error: { code: "MemberNotFoundInConversation", message: "not found" } });
        return;
      }
      res.json({ id: member.id, aadObjectId: member.aadObjectId, name: member.name, userPrincipalName: `${member.aadObjectId}@example.invalid` });
    });
    app.put("/upload/:id", express.raw({ type: () => true, limit: "5mb" }), (req, res) => {
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const body = Buffer.isBuffer(req.body) ? req.body.toString("utf8") : "";
      record({ kind: "upload", conversationId: "", activityId: req.params.id, resultId: null, activity: {}, authorization: auth(req), body, headers });
      // What OneDrive answers when the last byte range arrives: the finished drive item.
      res.status(201).json({ id: req.params.id, name: "uploaded", size: Buffer.byteLength(body) });
    });
    app.use((req, res) => {
      res.status(404).json({ error: { code: "NotFound", message: `${req.method} ${req.path}` } });
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, "127.0.0.1", () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.server = null;
  }

  /** Calls to one conversation (a channel thread counts as its channel). */
  to(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.conversationId.split(";messageid=")[0] === conversationId);
  }

  /** Calls recorded after `mark` (a seq number from `mark()`). */
  since(mark: number): ConnectorCall[] {
    return this.calls.filter((c) => c.seq > mark);
  }

  mark(): number {
    return this.seq;
  }

  /** The next `times` posts of new activities answer `status` (a 429 with Retry-After seconds). */
  failNext(times: number, status: number, retryAfter?: number): void {
    for (let i = 0; i < times; i++) this.outages.push({ status, retryAfter });
  }

  /** An upload session URL, as Teams puts in a fileConsent/invoke's uploadInfo. */
  uploadUrl(id: string): string {
    return `${this.url}upload/${encodeURIComponent(id)}`;
  }
}

/** The Adaptive Card in an activity the bot sent, if any. */
export function cardOf(activity: Record<string, unknown>): Record<string, unknown> | null {
  const attachments = activity.attachments as { contentType?: string; content?: Record<string, unknown> }[] | undefined;
  const card = attachments?.find((a) => a.contentType === "application/vnd.microsoft.card.adaptive");
  return card?.content ?? null;
}

/** Every string in a card, joined: what a person would read, for loose assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") out.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) {
      for (const [key, v] of Object.entries(value)) if (key !== "data" && key !== "refresh") walk(v);
    }
  };
  walk(card);
  return out.join("\n");
}

/** The verbs of every Action.Execute reachable from a card's actions (show-cards included). */
export function cardVerbs(card: unknown): string[] {
  const verbs: string[] = [];
  const walk = (value: unknown, inActions: boolean) => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, inActions));
    else if (typeof value === "object" && value !== null) {
      const o = value as Record<string, unknown>;
      if (inActions && o.type === "Action.Execute" && typeof o.verb === "string") verbs.push(o.verb);
      if (o.actions) walk(o.actions, true);
      if (o.card) walk(o.card, inActions);
    }
  };
  walk(card, false);
  return verbs;
}
