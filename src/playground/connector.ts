// The playground is a local Bot Framework channel, the part Microsoft Teams plays in production:
//   channel → bot: it POSTs real activities (messages, `adaptiveCard/action` invokes, "bot
//     added" conversation updates) to the app's own /api/messages, where the Teams adapter runs
//     in local emulator mode and handles them exactly as it would Teams' own;
//   bot → channel: the activities name this server as their `serviceUrl`, so the bot's replies,
//     proactive posts and in-place card updates come back to the connector endpoints below
//     (/v3/conversations/…), which keep a transcript per conversation in memory.
import { randomBytes } from "node:crypto";
import express, { type Router } from "express";
import type { Logger } from "pino";
import { SOURCE_CARD_KEY, type SourceCard } from "../adapters/teams/render-card.js";
import type { Clock } from "../domain/ports.js";

export type AdaptiveCard = Record<string, unknown>;

/** A Teams FileConsentCard: the bot asks before it saves a CSV to the person's OneDrive. */
export interface FileOffer {
  name: string;
  description: string;
  sizeInBytes: number;
  acceptContext: unknown;
  declineContext: unknown;
  /** Set once the person chose; the card then shows what they chose. */
  answer: "accept" | "decline" | null;
}

/** A Teams FileInfoCard: a file the bot saved, here to be downloaded from the playground. */
export interface SavedFile {
  name: string;
  /** The playground's own download path; a link anywhere else is not drawn. */
  href: string;
}

/** A person the playground can act as: a Teams user with fixed, fictional ids. */
export interface ChannelUser {
  handle: string;
  name: string;
  /** AAD object id: a GUID, as the Teams adapter requires. */
  aadObjectId: string;
  /** Teams user id ("29:…"), what card refresh userIds list. */
  teamsId: string;
}

export interface Conversation {
  id: string;
  kind: "channel" | "personal";
  /** Shown in the page: "#eh-demo-0001", or the person's name for a personal chat. */
  name: string;
  /** Personal chats: whose chat with the bot it is. */
  owner?: string;
}

export interface TranscriptMessage {
  id: string;
  /** Order across every conversation. */
  seq: number;
  /** Bumped by every in-place update, so a page knows a person's own view of the card is stale. */
  version: number;
  fromBot: boolean;
  from: { id: string; name: string };
  text: string | null;
  card: AdaptiveCard | null;
  /** The Card the Adaptive Card was filled from (the Teams adapter adds it for the playground only). */
  source: SourceCard | null;
  offer: FileOffer | null;
  file: SavedFile | null;
  replyToId: string | null;
  /** Simulated time of the post (or of the last update). */
  at: string;
}

export type InvokeAnswer = { ok: true; card: AdaptiveCard; source: SourceCard | null } | { ok: false; status: number; message: string };
export type ConsentAnswer = { ok: true } | { ok: false; status: number; message: string };

const CARD = "application/vnd.microsoft.card.adaptive";
const FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent";
const FILE_INFO = "application/vnd.microsoft.teams.card.file.info";
/** Where the bot's uploads land and where the page downloads them from. */
const UPLOADS = "/playground/connector/uploads/";
export const DOWNLOADS = "/playground/api/files/";
/** Uploaded files kept for download at most (a playground, not a file store). */
const MAX_UPLOADS = 50;
const TENANT = "00000000-0000-4000-8000-00000000a11e";
const TEAM = "19:pg-early-help@thread.tacv2";
export const BOT = { id: "28:pg-leadbot", name: "leadbot" };

const base = (conversationId: string) => conversationId.split(";messageid=")[0] ?? conversationId;

type Attachment = { contentType?: unknown; content?: unknown; name?: unknown; contentUrl?: unknown };

const attachmentsOf = (activity: Record<string, unknown>): Attachment[] => (Array.isArray(activity.attachments) ? (activity.attachments as Attachment[]) : []);

/** The Adaptive Card of an activity, without its source Card, and that Card. */
function cardIn(activity: Record<string, unknown>): { card: AdaptiveCard | null; source: SourceCard | null } {
  const found = attachmentsOf(activity).find((a) => a.contentType === CARD && typeof a.content === "object" && a.content !== null);
  if (!found) return { card: null, source: null };
  const { [SOURCE_CARD_KEY]: source, ...card } = found.content as AdaptiveCard;
  return { card, source: typeof source === "object" && source !== null ? (source as SourceCard) : null };
}

function offerIn(activity: Record<string, unknown>): FileOffer | null {
  const found = attachmentsOf(activity).find((a) => a.contentType === FILE_CONSENT && typeof a.content === "object" && a.content !== null);
  if (!found) return null;
  const content = found.content as { description?: unknown; sizeInBytes?: unknown; acceptContext?: unknown; declineContext?: unknown };
  return {
    name: typeof found.name === "string" ? found.name : "file",
    description: typeof content.description === "string" ? content.description : "",
    sizeInBytes: typeof content.sizeInBytes === "number" ? content.sizeInBytes : 0,
    acceptContext: content.acceptContext ?? null,
    declineContext: content.declineContext ?? null,
    answer: null,
  };
}

function fileIn(activity: Record<string, unknown>, appUrl: string): SavedFile | null {
  const found = attachmentsOf(activity).find((a) => a.contentType === FILE_INFO && typeof a.contentUrl === "string");
  const url = typeof found?.contentUrl === "string" ? found.contentUrl : "";
  if (!url.startsWith(`${appUrl}${DOWNLOADS}`)) return null;
  return { name: typeof found?.name === "string" ? found.name : "file.csv", href: url.slice(appUrl.length) };
}

export class PlaygroundChannel {
  private readonly transcripts = new Map<string, TranscriptMessage[]>();
  private readonly conversations = new Map<string, Conversation>();
  /** Files the bot uploaded after an Allow, by upload id. */
  private readonly uploads = new Map<string, { name: string; content: Buffer | null }>();
  private seq = 0;
  /** Bumped on every change; the page polls it. */
  revision = 0;
  /** Where the app listens, e.g. http://127.0.0.1:3000: set by start(). */
  private appUrl = "";

  constructor(
    private readonly clock: Clock,
    private readonly users: () => readonly ChannelUser[],
    private readonly logger: Logger,
  ) {}

  /** Called once the app listens: activities go to `${appUrl}/api/messages`, replies come back to the connector. */
  connect(appUrl: string): void {
    this.appUrl = appUrl.replace(/\/$/, "");
  }

  get serviceUrl(): string {
    return `${this.appUrl}/playground/connector/`;
  }

  addConversation(conversation: Conversation): void {
    this.conversations.set(conversation.id, conversation);
    if (!this.transcripts.has(conversation.id)) this.transcripts.set(conversation.id, []);
  }

  listConversations(): (Conversation & { count: number; lastSeq: number })[] {
    return [...this.conversations.values()].map((c) => {
      const messages = this.transcripts.get(c.id) ?? [];
      return { ...c, count: messages.length, lastSeq: messages.at(-1)?.seq ?? 0 };
    });
  }

  conversation(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  transcript(conversationId: string): readonly TranscriptMessage[] {
    return this.transcripts.get(conversationId) ?? [];
  }

  /** A file the bot uploaded, or null (unknown id, or the upload never came). */
  download(id: string): { name: string; content: Buffer } | null {
    const found = this.uploads.get(id);
    return found?.content ? { name: found.name, content: found.content } : null;
  }

  // -------------------------------------------------------------------------------------------
  // bot → channel: the Bot Framework connector API, as much of it as leadbot calls.

  router(): Router {
    const router = express.Router();
    router.use(express.json({ limit: "1mb" }));
    const post = (req: express.Request, res: express.Response) => {
      const { conversationId, activityId } = req.params as { conversationId: string; activityId?: string };
      const message = this.record(base(conversationId), req.body as Record<string, unknown>, activityId ?? null);
      res.json({ id: message.id });
    };
    router.post("/v3/conversations/:conversationId/activities", post);
    router.post("/v3/conversations/:conversationId/activities/:activityId", post);
    router.put("/v3/conversations/:conversationId/activities/:activityId", (req, res) => {
      const { conversationId, activityId } = req.params;
      const found = this.transcripts.get(base(conversationId))?.find((m) => m.id === activityId);
      if (!found) {
        res.status(404).json({ error: { code: "ActivityNotFound", message: "no such activity" } });
        return;
      }
      const activity = req.body as Record<string, unknown>;
      Object.assign(found, cardIn(activity));
      found.text = typeof activity.text === "string" ? activity.text : null;
      found.version += 1;
      found.at = this.clock.now().toISOString();
      this.revision += 1;
      res.json({ id: activityId });
    });
    // The upload session a fileConsent/invoke's Allow opened: the bot PUTs the whole CSV here.
    router.put("/uploads/:uploadId", express.raw({ type: () => true, limit: "5mb" }), (req, res) => {
      const found = this.uploads.get(req.params.uploadId);
      if (!found || found.content !== null || !Buffer.isBuffer(req.body)) {
        res.status(404).json({ error: { code: "UploadNotFound", message: "no such upload session" } });
        return;
      }
      found.content = req.body;
      res.status(201).json({ id: req.params.uploadId });
    });
    // TeamsInfo.getMember: how the bot identifies a mention that came without an AAD id.
    router.get("/v3/conversations/:conversationId/members/:memberId", (req, res) => {
      const user = this.users().find((u) => u.teamsId === req.params.memberId);
      if (!user) {
        res.status(404).json({ error: { code: "MemberNotFoundInConversation", message: "not found" } });
        return;
      }
      res.json({ id: user.teamsId, name: user.name, aadObjectId: user.aadObjectId, userPrincipalName: `${user.handle}@playground.invalid`, tenantId: TENANT });
    });
    router.use((req, res) => {
      this.logger.debug({ method: req.method, path: req.path }, "playground connector: call not implemented");
      res.status(404).json({ error: { code: "NotImplemented", message: `${req.method} ${req.path}` } });
    });
    return router;
  }

  private record(conversationId: string, activity: Record<string, unknown>, replyToId: string | null): TranscriptMessage {
    const from = (activity.from as { id?: string; name?: string } | undefined) ?? {};
    const message: TranscriptMessage = {
      id: `pg-out-${randomBytes(6).toString("hex")}`,
      seq: ++this.seq,
      version: 1,
      fromBot: true,
      from: { id: from.id ?? BOT.id, name: from.name ?? BOT.name },
      text: typeof activity.text === "string" && activity.text.length > 0 ? activity.text : null,
      ...cardIn(activity),
      offer: offerIn(activity),
      file: fileIn(activity, this.appUrl),
      replyToId,
      at: this.clock.now().toISOString(),
    };
    this.append(conversationId, message);
    return message;
  }

  private append(conversationId: string, message: TranscriptMessage): void {
    let list = this.transcripts.get(conversationId);
    if (!list) this.transcripts.set(conversationId, (list = []));
    list.push(message);
    this.revision += 1;
  }

  // -------------------------------------------------------------------------------------------
  // channel → bot: activities shaped as Teams sends them.

  private activity(user: ChannelUser, conversation: Conversation): Record<string, unknown> {
    const channel = conversation.kind === "channel";
    return {
      id: `pg-in-${randomBytes(8).toString("hex")}`,
      timestamp: this.clock.now().toISOString(),
      serviceUrl: this.serviceUrl,
      channelId: "msteams",
      from: { id: user.teamsId, name: user.name, aadObjectId: user.aadObjectId },
      conversation: { id: conversation.id, conversationType: conversation.kind, tenantId: TENANT, ...(channel ? { isGroup: true } : {}) },
      recipient: BOT,
      channelData: { tenant: { id: TENANT }, ...(channel ? { team: { id: TEAM }, channel: { id: conversation.id } } : {}) },
      locale: "en-GB",
    };
  }

  private async post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    if (!this.appUrl) throw new Error("the playground channel is not connected yet");
    const res = await fetch(`${this.appUrl}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  }

  private required(conversationId: string): Conversation {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) throw new Error(`unknown playground conversation ${conversationId}`);
    return conversation;
  }

  /** The bot is added to a team channel or installed in a person's personal scope. */
  async install(user: ChannelUser, conversationId: string): Promise<void> {
    const activity = { ...this.activity(user, this.required(conversationId)), type: "conversationUpdate", membersAdded: [BOT] };
    const res = await this.post(activity);
    if (res.status !== 200) throw new Error(`installing the bot in ${conversationId} answered ${res.status}`);
  }

  /**
   * A person writes to the bot. In a channel the text starts with the bot's @mention, as Teams
   * requires; `mentions` are people written as `<at>Name</at>` in the text. Returns the bot's replies.
   */
  async say(user: ChannelUser, conversationId: string, text: string, mentions: readonly ChannelUser[] = []): Promise<TranscriptMessage[]> {
    const conversation = this.required(conversationId);
    const channel = conversation.kind === "channel";
    const activity = this.activity(user, conversation);
    this.append(conversation.id, {
      id: activity.id as string,
      seq: ++this.seq,
      version: 1,
      fromBot: false,
      from: { id: user.teamsId, name: user.name },
      text: text.replace(/<\/?at>/g, ""),
      card: null,
      source: null,
      offer: null,
      file: null,
      replyToId: null,
      at: this.clock.now().toISOString(),
    });
    const entities = [
      ...(channel ? [{ type: "mention", text: `<at>${BOT.name}</at>`, mentioned: BOT }] : []),
      ...mentions.map((m) => ({ type: "mention", text: `<at>${m.name}</at>`, mentioned: { id: m.teamsId, name: m.name, aadObjectId: m.aadObjectId } })),
    ];
    const res = await this.post({
      ...activity,
      type: "message",
      text: channel ? `<at>${BOT.name}</at> ${text}` : text,
      textFormat: "plain",
      entities,
    });
    if (res.status !== 200) throw new Error(`the bot answered ${res.status} to a message`);
    return this.transcript(conversation.id).filter((m) => m.fromBot && m.replyToId === activity.id);
  }

  /** An Action.Execute press (or a client's automatic refresh): the answer is this person's card. */
  async invoke(
    user: ChannelUser,
    conversationId: string,
    replyToId: string,
    action: { verb: string; data: unknown },
    trigger: "manual" | "automatic",
  ): Promise<InvokeAnswer> {
    const activity = {
      ...this.activity(user, this.required(conversationId)),
      type: "invoke",
      name: "adaptiveCard/action",
      replyToId,
      value: { action: { type: "Action.Execute", id: `pg-action-${randomBytes(3).toString("hex")}`, verb: action.verb, data: action.data }, trigger },
    };
    const res = await this.post(activity);
    const body = res.body as { type?: unknown; value?: unknown } | null;
    if (res.status === 200 && body?.type === CARD && typeof body.value === "object" && body.value !== null) {
      const { card, source } = cardIn({ attachments: [{ contentType: CARD, content: body.value }] });
      return { ok: true, card: card ?? {}, source };
    }
    this.logger.warn({ status: res.status }, "playground: the bot did not answer a card action with a card");
    return { ok: false, status: res.status, message: "The bot did not answer with a card." };
  }

  /**
   * Allow or Decline on a file consent card, as Teams sends it: a `fileConsent/invoke` whose Allow
   * carries an upload session (here, on this connector) and where the saved file will be found.
   */
  async consent(user: ChannelUser, conversationId: string, messageId: string, action: "accept" | "decline"): Promise<ConsentAnswer> {
    const conversation = this.required(conversationId);
    const message = this.transcript(conversation.id).find((m) => m.id === messageId);
    if (!message?.offer) return { ok: false, status: 404, message: "That message offers no file." };
    if (message.offer.answer !== null) return { ok: false, status: 409, message: "That file offer has been answered already." };
    const uploadId = randomBytes(12).toString("hex");
    const uploadInfo =
      action === "accept"
        ? {
            name: message.offer.name,
            uploadUrl: `${this.appUrl}${UPLOADS}${uploadId}`,
            contentUrl: `${this.appUrl}${DOWNLOADS}${uploadId}`,
            uniqueId: uploadId,
            fileType: "csv",
          }
        : undefined;
    if (uploadInfo) {
      this.uploads.set(uploadId, { name: message.offer.name, content: null });
      while (this.uploads.size > MAX_UPLOADS) this.uploads.delete(this.uploads.keys().next().value as string);
    }
    const res = await this.post({
      ...this.activity(user, conversation),
      type: "invoke",
      name: "fileConsent/invoke",
      replyToId: messageId,
      value: { type: "fileUpload", action, context: action === "accept" ? message.offer.acceptContext : message.offer.declineContext, ...(uploadInfo ? { uploadInfo } : {}) },
    });
    if (res.status !== 200) return { ok: false, status: 502, message: `The bot answered ${res.status}.` };
    message.offer.answer = action;
    this.revision += 1;
    return { ok: true };
  }
}
