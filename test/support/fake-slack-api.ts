// A local stand-in for Slack's Web API (point SLACK_API_URL at `apiUrl`) and for response_urls
// (`responseUrl(id)`). It records every call with its parsed body so tests assert on what Slack
// would have received, answers like Slack does (chat.postMessage returns a channel and a ts; a
// user id comes back as a DM channel id), and can be told to answer 429 with Retry-After.
// File uploads follow Slack's external upload flow (files.getUploadURLExternal, a POST of the
// bytes to the upload_url, files.completeUploadExternal); `uploadedFiles()` puts them together.
// What chat.postMessage posted (with its metadata) is kept per channel, edited by chat.update,
// and read back by conversations.history (newest first; oldest, latest, limit, has_more; the
// metadata only with include_all_metadata), as Slack's history would show it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  seq: number;
  /** Web API method ("chat.postMessage"), "response_url", or "file_upload" (a POST to an upload_url). */
  method: string;
  path: string;
  /** Form fields or JSON, with JSON-valued form fields (blocks, view) parsed. */
  body: Record<string, unknown>;
  /** The bearer token, when one was sent. */
  token: string | null;
  status: number;
  /** What the fake answered (Web API methods only). */
  response: Record<string, unknown> | null;
  /** When it arrived (epoch ms). */
  at?: number;
}

/** A message as conversations.history returns it. */
export interface HistoryMessage {
  type: "message";
  ts: string;
  text: string;
  bot_id: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

interface RateLimit {
  times: number;
  retryAfter: number;
}

const JSON_FIELDS = new Set(["blocks", "view", "attachments", "metadata", "files"]);

/** One file as Slack would have it after a completed external upload. */
export interface UploadedFile {
  fileId: string;
  filename: string;
  /** The bytes posted to the upload URL, as UTF-8. */
  content: string;
  /** Where files.completeUploadExternal shared it (a DM channel id for a user). */
  channelId: string | null;
  title: string | null;
}

export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  private server: Server | null = null;
  private base = "";
  private seq = 0;
  // Slack's ts is the post's epoch seconds: conversations.history's `oldest` compares with it.
  private ts = Math.floor(Date.now() / 1000);
  private readonly history = new Map<string, HistoryMessage[]>();
  private readonly rateLimits = new Map<string, RateLimit>();
  private readonly failures = new Map<string, string[]>();
  private readonly outages = new Map<string, number[]>();
  private readonly waiters = new Set<() => void>();
  private fileCounter = 0;

  get url(): string {
    return this.base;
  }

  /** What SLACK_API_URL should be. */
  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  /** A response_url for one request; its calls are recorded as method "response_url" with path /respond/<id>. */
  responseUrl(id: string): string {
    return `${this.base}/respond/${encodeURIComponent(id)}`;
  }

  /** The next `times` calls to `method` answer 429 with Retry-After: `retryAfter` seconds. */
  rateLimit(method: string, times: number, retryAfter = 1): void {
    this.rateLimits.set(method, { times, retryAfter });
  }

  /** The next `times` calls to `method` answer HTTP `status` (a server outage), before any rate limit. */
  failHttp(method: string, times: number, status = 500): void {
    this.outages.set(method, [...(this.outages.get(method) ?? []), ...Array.from({ length: times }, () => status)]);
  }

  /** The next calls to `method` answer {ok: false, error} with these errors, in order. */
  failWith(method: string, ...errors: string[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...errors]);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.status === 200);
  }

  /** Files whose upload was completed, in the order they were completed. */
  uploadedFiles(): UploadedFile[] {
    const files: UploadedFile[] = [];
    for (const done of this.callsTo("files.completeUploadExternal")) {
      const list = Array.isArray(done.body.files) ? (done.body.files as { id?: string; title?: string }[]) : [];
      for (const f of list) {
        const asked = this.callsTo("files.getUploadURLExternal").find((c) => c.response?.file_id === f.id);
        const posted = this.calls.find((c) => c.method === "file_upload" && c.path === `/upload/${f.id ?? ""}`);
        files.push({
          fileId: f.id ?? "",
          filename: String(asked?.body.filename ?? ""),
          content: typeof posted?.body.content === "string" ? posted.body.content : "",
          channelId: typeof done.body.channel_id === "string" ? done.body.channel_id : null,
          title: f.title ?? null,
        });
      }
    }
    return files;
  }

  /** What a channel (a DM: its D… id) shows now, oldest first. */
  channelHistory(channel: string): HistoryMessage[] {
    return [...(this.history.get(channel) ?? [])];
  }

  responses(id: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === "response_url" && c.path === `/respond/${encodeURIComponent(id)}`);
  }

  /** Resolves when `predicate` holds over the recorded calls; rejects after `timeoutMs`. */
  async waitFor<T>(predicate: (calls: RecordedCall[]) => T | undefined | null | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = predicate(this.calls);
      if (result) return result;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`FakeSlackApi.waitFor timed out after ${timeoutMs} ms (${this.calls.length} calls recorded)`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 100));
        this.waiters.add(wake);
      });
    }
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = (req.url ?? "/").split("?")[0]!;
    const body = parseBody(raw, req.headers["content-type"] ?? "");
    const auth = req.headers.authorization;
    const token = typeof auth === "string" && auth.startsWith("Bearer ") ? auth.slice(7) : typeof body.token === "string" ? body.token : null;
    const method = path.startsWith("/respond/") ? "response_url" : path.startsWith("/upload/") ? "file_upload" : path.replace(/^\/api\//, "");
    const call: RecordedCall = { seq: ++this.seq, method, path, body, token, status: 200, response: null, at: Date.now() };

    const outage = this.outages.get(method)?.shift();
    if (outage !== undefined) {
      call.status = outage;
      this.record(call);
      res.writeHead(outage, { "content-type": "text/plain" });
      res.end("fake Slack outage");
      return;
    }
    const limit = this.rateLimits.get(method);
    if (limit && limit.times > 0) {
      limit.times--;
      call.status = 429;
      this.record(call);
      res.writeHead(429, { "content-type": "application/json", "retry-after": String(limit.retryAfter) });
      res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    if (method === "response_url" || method === "file_upload") {
      this.record(call);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
      return;
    }
    const failure = this.failures.get(method)?.shift();
    const answer = failure ? { ok: false, error: failure } : this.answer(method, body, token);
    call.response = answer;
    this.record(call);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer));
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const wake of [...this.waiters]) wake();
  }

  private answer(method: string, body: Record<string, unknown>, token: string | null): Record<string, unknown> {
    if (!token) return { ok: false, error: "not_authed" };
    const channelOf = (id: unknown) => (typeof id === "string" && /^[UW]/.test(id) ? `D${id.slice(1)}` : id);
    switch (method) {
      case "auth.test":
        return { ok: true, user_id: "ULEADBOT", bot_id: "BLEADBOT", team_id: "T0LEADBOT", user: "leadbot" };
      case "chat.postMessage": {
        const ts = `${(this.ts = Math.max(this.ts + 1, Math.floor(Date.now() / 1000)))}.000100`;
        const channel = String(channelOf(body.channel));
        const metadata = body.metadata as HistoryMessage["metadata"] | undefined;
        const message: HistoryMessage = { type: "message", ts, text: String(body.text ?? ""), bot_id: "BLEADBOT", ...(metadata ? { metadata } : {}) };
        this.history.set(channel, [...(this.history.get(channel) ?? []), message]);
        return { ok: true, channel, ts, message: { ts, text: body.text } };
      }
      case "chat.update": {
        const edited = this.history.get(String(body.channel))?.find((m) => m.ts === body.ts);
        if (edited) edited.text = String(body.text ?? "");
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      }
      case "conversations.history":
        return this.historyPage(body);
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${++this.ts}.000200` };
      case "conversations.open": {
        const users = typeof body.users === "string" ? body.users : "";
        return { ok: true, channel: { id: channelOf(users.split(",")[0]) } };
      }
      case "files.getUploadURLExternal": {
        if (typeof body.filename !== "string" || !body.length) return { ok: false, error: "invalid_arguments" };
        const fileId = `F${String(++this.fileCounter).padStart(8, "0")}`;
        return { ok: true, upload_url: `${this.base}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        const files = Array.isArray(body.files) ? (body.files as { id: string; title?: string }[]) : [];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? "" })) };
      }
      case "views.open":
      case "views.publish":
      case "views.update":
        return { ok: true, view: { id: `V${this.seq}`, ...(body.view as object) } };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  private historyPage(body: Record<string, unknown>): Record<string, unknown> {
    const channel = typeof body.channel === "string" ? body.channel : "";
    if (!channel) return { ok: false, error: "channel_not_found" };
    const oldest = Number(body.oldest ?? 0);
    const latest = body.latest === undefined ? Infinity : Number(body.latest);
    const limit = Math.min(Number(body.limit ?? 100) || 100, 999);
    const withMetadata = body.include_all_metadata === true || body.include_all_metadata === "true";
    const inWindow = (this.history.get(channel) ?? []).filter((m) => (body.inclusive === true || body.inclusive === "true" ? Number(m.ts) >= oldest : Number(m.ts) > oldest) && Number(m.ts) <= latest).reverse();
    const messages = inWindow.slice(0, limit).map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m));
    return { ok: true, messages, has_more: inWindow.length > limit };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (raw.length === 0) return {};
  const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary) return parseMultipart(raw, boundary);
  if (contentType.includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(raw);
      return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : { value: parsed };
    } catch {
      return { unparsed: raw };
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(key)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // keep the raw string
      }
    }
    out[key] = value;
  }
  return out;
}

/** Multipart form fields by name; a file part's bytes go under "content" (and its field name). */
function parseMultipart(raw: string, boundary: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf("\r\n\r\n");
    if (split === -1) continue;
    const headers = part.slice(0, split);
    const value = part.slice(split + 4).replace(/\r\n$/, "");
    const name = /name="([^"]*)"/i.exec(headers)?.[1];
    if (!name) continue;
    out[name] = value;
    if (/filename="/i.test(headers)) out.content = value;
  }
  return out;
}
