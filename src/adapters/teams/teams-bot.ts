// The Teams bot: messages (personal chat, or an @mention in a channel or group chat) run the same
// command grammar as Slack's /lead; Adaptive Card buttons arrive as `adaptiveCard/action`
// invokes (Universal Actions) or, from clients too old for Action.Execute, as messages carrying
// the button's data (the Action.Submit fallback). Every incoming activity refreshes the saved
// conversation references, so the worker can write to channels and people later.
import {
  ActivityHandler,
  TeamsInfo,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type Attachment,
  type FileConsentCardResponse,
  type InvokeResponse,
} from "botbuilder";
import type { Logger } from "pino";
import type { CommandRunner } from "../../application/command-runner.js";
import { errorView, helpView } from "../../application/command-runner.js";
import type { ActorContext } from "../../domain/commands.js";
import type { TextView } from "../../domain/views.js";
import type { ActivityDedupe } from "./activity-dedupe.js";
import { runCardAction } from "./card-actions.js";
import type { CardState } from "./card-state.js";
import type { PrismaConversationReferenceStore } from "./conversation-references.js";
import {
  FILE_CONSENT_INVOKE,
  fileConsentAttachment,
  fileInfoAttachment,
  pendingFileIdOf,
  uploadToSession,
  type PendingFileStore,
} from "./file-consent.js";
import { commandTextOf, isAadObjectId, type MentionResolver } from "./mentions.js";
import type { AdaptiveCardJson, CardRenderer } from "./render-card.js";
import { toAttachment } from "./render-card.js";

export interface TeamsBotDeps {
  runner: CommandRunner;
  state: CardState;
  cards: CardRenderer;
  references: PrismaConversationReferenceStore;
  /** Claims message activity ids so a redelivered message runs once; null to run every delivery. */
  dedupe: ActivityDedupe | null;
  logger: Logger;
  /** When set (single-tenant bots), activities from any other tenant are ignored. */
  tenantId: string | null;
  /** Local (emulator) mode also accepts the Bot Framework Emulator's channel. */
  localMode: boolean;
  /** Report and audit CSVs offered with a FileConsentCard, waiting for the person's Allow. */
  files: PendingFileStore;
  /** The bot's Microsoft app id, for proactive messages ("" in local mode). */
  appId: string;
}

const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
const MAX_CHANNEL_ID = 128;

/** A channel reply thread is "19:…@thread.tacv2;messageid=…"; the channel itself is the part before. */
export function baseConversationId(conversationId: string): string {
  return conversationId.split(";messageid=")[0] ?? conversationId;
}

function tenantOf(activity: Partial<Activity>): string | null {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (typeof fromChannelData === "string") return fromChannelData;
  return typeof activity.conversation?.tenantId === "string" ? activity.conversation.tenantId : null;
}

const isPersonal = (activity: Partial<Activity>) => activity.conversation?.conversationType === "personal";

/** Button data from an Action.Submit fallback: a message whose `value` names a verb. */
function submittedAction(activity: Partial<Activity>): Record<string, unknown> | null {
  const value: unknown = activity.value;
  return typeof value === "object" && value !== null && !Array.isArray(value) && "verb" in value ? (value as Record<string, unknown>) : null;
}

/** Where mountTeams leaves the HTTP request's id (`req.id`) in a turn's state. */
export const REQUEST_ID = Symbol("leadbot.requestId");

/** The id of the HTTP request a turn is answering, if it came over HTTP. */
export function requestIdOf(context: TurnContext): string | null {
  const id: unknown = context.turnState.get(REQUEST_ID);
  return typeof id === "string" ? id : null;
}

export function invokeCard(card: AdaptiveCardJson): InvokeResponse<AdaptiveCardInvokeResponse> {
  return { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: card } };
}

export class TeamsBot extends ActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();

    this.onTurn(async (context, next) => {
      if (!this.accepts(context.activity)) return;
      await this.remember(context.activity);
      await next();
    });

    this.onMessage(async (context, next) => {
      const { id, conversation } = context.activity;
      if (this.deps.dedupe && id && conversation?.id && !(await this.deps.dedupe.claim(conversation.id, id))) {
        this.deps.logger.info("ignoring a redelivered Teams message");
        return;
      }
      let succeeded = false;
      try {
        succeeded = await this.handleMessage(context);
      } finally {
        // A redelivery is a double submit only of a message that is still running or that
        // succeeded: a refused or failed one changed nothing, so its redelivery runs again.
        if (this.deps.dedupe && id && conversation?.id && !succeeded) {
          await this.deps.dedupe.release(conversation.id, id).catch((err: unknown) => this.deps.logger.warn({ err }, "could not release a Teams message claim"));
        }
      }
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const activity = context.activity;
      for (const member of activity.membersAdded ?? []) {
        if (member.id === activity.recipient?.id) {
          // The bot was installed: say hello where it can be seen, once.
          const text = isPersonal(activity)
            ? "Hello, I'm leadbot. I help the Team Around the Family choose a lead professional and keep reviews and handovers on track. Type `help` to see what I can do, or `whoami` to check you are registered."
            : "Hello, I'm leadbot. Mention me with a command, e.g. `@leadbot case status EH-2026-0042`, or `@leadbot help`.";
          const card = await this.deps.cards.card({ type: "text", tone: "info", caseRef: null, text }, { kind: "channel", conversationId: activity.conversation.id });
          await this.reply(context, card);
        } else if (isAadObjectId(member.aadObjectId)) {
          await this.deps.references.saveMember(member).catch((err: unknown) => this.deps.logger.warn({ err }, "could not save a Teams member"));
        }
      }
      await next();
    });
  }

  /** Universal Actions come as invokes; everything else goes the usual way. */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === FILE_CONSENT_INVOKE) return this.onFileConsent(context);
    if (context.activity.name !== "adaptiveCard/action") return super.onInvokeActivity(context);
    const activity = context.activity;
    const actor = this.actorOf(context);
    if (!actor) return invokeCard(await this.errorCard("I can't tell who you are: Teams did not send your Azure AD id."));
    const value = activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined;
    const action = value?.action;
    if (typeof action !== "object" || action === null || action.type !== "Action.Execute") {
      return invokeCard(await this.errorCard("That card action is not one I understand, so I did nothing."));
    }
    const result = await runCardAction(this.deps, actor, { verb: action.verb, data: action.data });
    this.deps.logger.debug({ verb: typeof action.verb === "string" ? action.verb.slice(0, 40) : null, ran: result.ran }, "card action");
    return invokeCard(result.card);
  }

  /** Single-tenant bots answer their own tenant only; other channels than Teams are ignored. */
  private accepts(activity: Partial<Activity>): boolean {
    const channel = activity.channelId;
    if (channel !== "msteams" && !(this.deps.localMode && channel === "emulator")) {
      this.deps.logger.warn({ channel }, "ignoring an activity from a channel other than Teams");
      return false;
    }
    if (this.deps.tenantId !== null && tenantOf(activity) !== this.deps.tenantId) {
      this.deps.logger.warn({ tenant: tenantOf(activity) }, "ignoring an activity from another tenant");
      return false;
    }
    return true;
  }

  /** Saves the references this activity gives: its conversation, and who sent it. */
  private async remember(activity: Activity): Promise<void> {
    const { references } = this.deps;
    if (!activity.conversation?.id || !activity.serviceUrl) return;
    const reference = TurnContext.getConversationReference(activity);
    delete reference.activityId;
    const from = activity.from;
    if (isPersonal(activity)) {
      if (isAadObjectId(from?.aadObjectId)) await references.saveQuietly("user", from.aadObjectId.toLowerCase(), reference);
    } else {
      const id = baseConversationId(activity.conversation.id);
      // A channel reference addresses the channel, not whoever happened to speak in it.
      const { user: _speaker, ...channelReference } = reference;
      await references.saveQuietly("channel", id, { ...channelReference, conversation: { ...reference.conversation, id } });
    }
    if (from && isAadObjectId(from.aadObjectId)) {
      await references.saveMember(from).catch((err: unknown) => this.deps.logger.warn({ err }, "could not save a Teams member"));
    }
  }

  /** The requestId is the HTTP request's (so the runner's logs match it), else the activity's id. */
  private actorOf(context: TurnContext): ActorContext | null {
    const activity = context.activity;
    const aad = activity.from?.aadObjectId;
    if (!isAadObjectId(aad)) return null;
    let channelId: string | null = null;
    if (!isPersonal(activity) && activity.conversation?.id) {
      const id = baseConversationId(activity.conversation.id);
      if (id.length <= MAX_CHANNEL_ID) channelId = id;
      else this.deps.logger.warn({ length: id.length }, "Teams conversation id too long to bind as a channel");
    }
    const requestId = requestIdOf(context) ?? (typeof activity.id === "string" ? activity.id : null);
    return { platform: "teams", userId: aad.toLowerCase(), channelId, requestId: requestId?.slice(0, 200) ?? null };
  }

  private async errorCard(message: string): Promise<AdaptiveCardJson> {
    return this.deps.cards.card(errorView(message), { kind: "channel", conversationId: "" });
  }

  private async reply(context: TurnContext, card: AdaptiveCardJson): Promise<void> {
    await context.sendActivity({ attachments: [toAttachment(card)] });
  }

  private async textCard(tone: TextView["tone"], text: string): Promise<AdaptiveCardJson> {
    return this.deps.cards.card({ type: "text", tone, caseRef: null, text }, { kind: "channel", conversationId: "" });
  }

  /**
   * Offers a CSV with a FileConsentCard. Teams bots send files in personal chat only, so a request
   * from a channel or group chat gets its card in the requester's personal chat, and a word in the
   * channel that it went there.
   */
  private async offerFile(context: TurnContext, ownerAad: string, file: { filename: string; content: string }): Promise<void> {
    const pending = await this.deps.files.offer(ownerAad, file);
    const consent = fileConsentAttachment(pending, `${file.filename}: leadbot CSV (figures, ids and codes only; no child details).`);
    if (isPersonal(context.activity)) {
      await context.sendActivity({ attachments: [consent] });
      return;
    }
    const reference = await this.deps.references.get("user", ownerAad);
    if (!reference?.conversation?.id || !reference.serviceUrl) {
      await this.deps.files.take(pending.id, ownerAad);
      await this.reply(
        context,
        await this.textCard("warning", `Teams sends files only in a personal chat, and you have none with leadbot yet. Add leadbot for yourself, then ask for ${file.filename} there.`),
      );
      return;
    }
    await context.adapter.continueConversationAsync(this.deps.appId, reference, async (personal) => {
      // A proactive turn would send the card as a reply to a made-up activity id: post it instead.
      personal.onSendActivities(async (_ctx, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      await personal.sendActivity({ type: "message", attachments: [consent] });
    });
    await this.reply(context, await this.textCard("info", `I sent ${file.filename} to you privately, in your chat with leadbot: choose Allow there to save it.`));
  }

  /** The person chose Allow or Decline on a FileConsentCard. */
  private async onFileConsent(context: TurnContext): Promise<InvokeResponse> {
    const activity = context.activity;
    const response = (typeof activity.value === "object" && activity.value !== null ? activity.value : {}) as FileConsentCardResponse;
    const aad = activity.from?.aadObjectId;
    if (!isAadObjectId(aad)) {
      await this.reply(context, await this.errorCard("I can't tell who you are: Teams did not send your Azure AD id."));
      return { status: 200 };
    }
    const id = pendingFileIdOf(response);
    if (response.action === "decline") {
      if (id) await this.deps.files.take(id, aad);
      await this.reply(context, await this.textCard("info", "Fine: I won't save the file. Run the command again if you want it later."));
      return { status: 200 };
    }
    if (response.action !== "accept" || typeof response.uploadInfo?.uploadUrl !== "string") return { status: 400 };
    const file = id ? await this.deps.files.take(id, aad) : null;
    if (!file) {
      await this.reply(context, await this.textCard("warning", "That file is no longer waiting: it was already saved, or it expired. Run the command again for a fresh one."));
      return { status: 200 };
    }
    try {
      await uploadToSession(response.uploadInfo.uploadUrl, file, { allowHttp: this.deps.localMode });
    } catch (err) {
      this.deps.logger.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, "could not upload a file to the Teams upload session");
      await this.reply(context, await this.errorCard(`I couldn't save ${file.filename} to your OneDrive. Please run the command again.`));
      return { status: 200 };
    }
    await context.sendActivity({ type: "message", attachments: [fileInfoAttachment(response.uploadInfo, file.filename)] });
    return { status: 200 };
  }

  /** Whether the message ran and succeeded (false for a refusal, a failure or a message it could not read). */
  private async handleMessage(context: TurnContext): Promise<boolean> {
    const activity = context.activity;
    const actor = this.actorOf(context);
    if (!actor) {
      // Help needs no identity, so it answers anyone: a client that sends no AAD object id, or
      // one that is not a GUID (the Agents Playground's default users), still learns the commands.
      const { text } = await commandTextOf(activity, this.mentionResolver(context));
      const help = /^(?:\/?lead\s+)?help(?:\s+(.*))?$/is.exec(text);
      if (!submittedAction(activity) && (text.length === 0 || help)) {
        const view = helpView(help?.[1]?.trim() || undefined);
        await this.reply(context, await this.deps.cards.card(view, { kind: "channel", conversationId: "" }));
        return true;
      }
      await this.reply(context, await this.errorCard("I can't tell who you are: Teams did not send your Azure AD id with the message."));
      return false;
    }
    const audience = { kind: "user", aadObjectId: actor.userId } as const;

    const submitted = submittedAction(activity);
    if (submitted) {
      const result = await runCardAction(this.deps, actor, { verb: undefined, data: submitted });
      await this.reply(context, result.card);
      return result.ran;
    }

    const { text, unresolved } = await commandTextOf(activity, this.mentionResolver(context));
    if (unresolved.length > 0) {
      const names = unresolved.map((n) => `"${n}"`).join(", ");
      await this.reply(
        context,
        await this.errorCard(`I couldn't tell who ${names} is in Teams, so I did nothing. Name them by handle instead, e.g. @sam.patel.`),
      );
      return false;
    }
    // The reply goes out as soon as the change is committed; the command's other messages follow
    // in the background (see card-actions.ts), so the turn answers Teams in time.
    const view = text.length === 0 ? helpView() : await this.deps.runner.runText(actor, text, { delivery: "background" });
    await this.reply(context, await this.deps.cards.card(view, audience));
    // A report's CSV follows its card, offered for the requester's OneDrive.
    if (view.type === "report" && view.file) await this.offerFile(context, actor.userId, view.file);
    return view.type !== "error";
  }

  /** A mention names a Teams user id; people are practitioners by their AAD object id. */
  private mentionResolver(context: TurnContext): MentionResolver {
    const { references, logger } = this.deps;
    return async (target) => {
      if (target.aadObjectId) {
        await references.saveMember({ id: target.teamsUserId, aadObjectId: target.aadObjectId, name: "" }).catch(() => undefined);
        return target.aadObjectId.toLowerCase();
      }
      const known = await references.aadObjectIdOf(target.teamsUserId);
      if (known) return known;
      try {
        const member = await TeamsInfo.getMember(context, target.teamsUserId);
        if (isAadObjectId(member.aadObjectId)) {
          await references.saveMember({ id: target.teamsUserId, aadObjectId: member.aadObjectId, name: "" }).catch(() => undefined);
          return member.aadObjectId.toLowerCase();
        }
      } catch (err) {
        logger.info({ err }, "could not look up a mentioned Teams member");
      }
      return null;
    };
  }
}
