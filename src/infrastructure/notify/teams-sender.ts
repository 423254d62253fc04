// Delivers views to Microsoft Teams as proactive messages: a channel (or group chat) through the
// conversation reference saved when the bot was last addressed there, a person through their
// personal-chat reference (saved when they installed the bot or wrote to it). A keyed message
// that was posted before is updated in place, so a proposal card and its tally stay one card.
//
// The sender knows nothing about cards: the Teams adapter hands it `render` (a view for one
// audience → an Adaptive Card attachment) and the stores when it is attached, because the
// sender has to exist before the services it is attached to (the notifier is built with it).
//
// A send answers the activity id Teams gave the message (kept in nudge_deliveries). A bot cannot
// read a conversation's history back, so there is no `findSent`: a send interrupted mid-way is
// sent again and counted as a possible duplicate, unless it turns out an update in place.
import type { Attachment, CloudAdapter, ConversationReference, TurnContext } from "botbuilder";
import type { Logger } from "pino";
import type { View } from "../../domain/views.js";
import { copyKey, type RecordedCopy } from "../prisma/prisma-chat-messages.js";
import type { ChatDestination, ChatSender, SentMessage } from "./chat-sender.js";

/** Who a card is drawn for: everyone in a conversation, or one person in their personal chat. */
export type CardAudience = { kind: "channel"; conversationId: string } | { kind: "user"; aadObjectId: string };

export type ReferenceScope = "channel" | "user";

/** Saved conversation references (table conversation_references). */
export interface ConversationReferenceLookup {
  get(scope: ReferenceScope, scopeId: string): Promise<Partial<ConversationReference> | null>;
}

/** Where a keyed message was posted (table chat_messages), by the key of its copy (`copyKey`). */
export interface PostedMessageStore {
  find(stored: string): Promise<{ conversationId: string; activityId: string } | null>;
  save(stored: string, conversationId: string, activityId: string): Promise<void>;
  /** Every recorded copy of messages posted under `messageKey` or a key below it. */
  copies(messageKey: string): Promise<RecordedCopy[]>;
}

/** An AAD object id (a person's chat); Teams conversation ids never look like one. */
const AAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TeamsSenderBindings {
  references: ConversationReferenceLookup;
  messages: PostedMessageStore;
  render(view: View, audience: CardAudience): Promise<Attachment>;
}

export class TeamsNotInstalledError extends Error {
  /** Retrying cannot help until the person installs the bot: the delivery worker gives up at once. */
  readonly permanent = true;

  constructor(readonly destination: ChatDestination) {
    super(
      destination.kind === "user"
        ? `Teams user ${destination.id} has no personal chat with leadbot yet: they must install the bot in Teams (or send it a message) before it can write to them.`
        : `leadbot has no conversation reference for Teams conversation ${destination.id}: add the bot to that team or chat and mention it once.`,
    );
    this.name = "TeamsNotInstalledError";
  }
}

/**
 * Reads a connector failure the way the delivery worker understands errors: a 429 carries
 * `retryAfterMs`; a refusal that no retry can change (the bot was removed from the conversation,
 * the conversation is gone, the request is malformed) is `permanent`. Anything else is retried.
 */
export function classifyTeamsError(error: unknown): unknown {
  if (typeof error !== "object" || error === null) return error;
  const e = error as { statusCode?: unknown; response?: { status?: unknown; headers?: { get?: (name: string) => string | undefined } } };
  const status = typeof e.statusCode === "number" ? e.statusCode : typeof e.response?.status === "number" ? e.response.status : null;
  if (status === 429) {
    const header = Number(e.response?.headers?.get?.("retry-after"));
    Object.assign(error, { retryAfterMs: Number.isFinite(header) && header > 0 ? header * 1000 : 1000 });
  } else if (status === 400 || status === 403 || status === 404) {
    Object.assign(error, { permanent: true });
  }
  return error;
}

export class TeamsSender implements ChatSender {
  readonly platform = "teams" as const;
  private bindings: TeamsSenderBindings | null = null;

  constructor(
    readonly adapter: CloudAdapter,
    /** The bot's Microsoft app id; "" in local (emulator) mode, where nothing is signed. */
    readonly appId: string,
    private readonly logger: Logger,
  ) {}

  /** Called once by the Teams wiring (mountTeams / attachTeamsSender) with the stores and renderer. */
  attach(bindings: TeamsSenderBindings): void {
    this.bindings = bindings;
  }

  get attached(): boolean {
    return this.bindings !== null;
  }

  /** Every Teams copy of the message: a person's chat by their AAD id, a conversation by its id. */
  async copiesOf(messageKey: string): Promise<ChatDestination[]> {
    if (!this.bindings) return [];
    const copies = await this.bindings.messages.copies(messageKey);
    return copies.map((c) => {
      const id = c.destinationId ?? c.channelId;
      return { platform: "teams" as const, kind: AAD_ID.test(id) ? ("user" as const) : ("channel" as const), id, copy: c.stored };
    });
  }

  async send(destination: ChatDestination, view: View, messageKey?: string): Promise<SentMessage> {
    const bindings = this.bindings;
    if (!bindings) throw new Error("TeamsSender is not attached: call mountTeams or attachTeamsSender first");
    const scope: ReferenceScope = destination.kind === "channel" ? "channel" : "user";
    // AAD object ids are kept lower-case everywhere (references, practitioners, commands).
    const reference = await bindings.references.get(scope, scope === "user" ? destination.id.toLowerCase() : destination.id);
    if (!reference?.conversation?.id || !reference.serviceUrl) {
      // A copy being kept true where leadbot can no longer write: there is nothing to update.
      if (destination.copy !== undefined) return { messageId: null, inPlace: true };
      const error = new TeamsNotInstalledError(destination);
      this.logger.warn({ kind: destination.kind, id: destination.id, view: view.type }, error.message);
      throw error;
    }
    const conversationId = reference.conversation.id;
    const audience: CardAudience =
      destination.kind === "channel" ? { kind: "channel", conversationId } : { kind: "user", aadObjectId: destination.id };
    const attachment = await bindings.render(view, audience);
    const updateOnly = destination.copy !== undefined;
    const stored = destination.copy ?? (messageKey ? copyKey(messageKey, destination.id) : null);
    // A card posted before copies were keyed by destination was recorded under its bare key.
    const posted = stored ? ((await bindings.messages.find(stored)) ?? (messageKey && !updateOnly ? await bindings.messages.find(messageKey) : null)) : null;
    const previous = posted && posted.conversationId === conversationId ? posted.activityId : null;
    // Nothing recorded in this conversation: an update of copies has nothing to do here.
    if (updateOnly && !previous) return { messageId: null, inPlace: true };

    let activityId: string | null = null;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context: TurnContext) => {
      // A proactive turn would otherwise send every message as a reply to the continuation
      // event's made-up id; these are new posts (or in-place updates), not replies.
      context.onSendActivities(async (_ctx, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      if (previous) {
        try {
          await context.updateActivity({ type: "message", id: previous, attachments: [attachment] });
          activityId = previous;
          return;
        } catch (err) {
          // Deleted by someone, or too old to edit: post a fresh card instead (a copy being kept
          // true is left as it is: it was never asked to be posted).
          this.logger.info({ err, messageKey }, "could not update the Teams message in place");
          if (updateOnly) {
            activityId = previous;
            return;
          }
        }
      }
      const response = await context.sendActivity({ type: "message", attachments: [attachment] });
      activityId = response?.id ?? null;
    }).catch((error: unknown) => {
      throw classifyTeamsError(error);
    });
    if (stored && activityId && activityId !== previous) await bindings.messages.save(stored, conversationId, activityId);
    const id: string | null = activityId;
    return { messageId: id, inPlace: id !== null && id === previous };
  }
}
