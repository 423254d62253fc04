// Postgres store of what Teams proactive messaging needs (table conversation_references):
//   scope "channel", id = conversation id (a team channel or group chat, without ";messageid=…")
//   scope "user",    id = AAD object id  (that person's personal chat with the bot)
//   scope "member",  id = AAD object id  (their Teams user id, "29:…", for card refresh userIds
//                                         and for turning a mention back into an AAD id)
// References are saved from every incoming activity, so the bot can write to a channel or a
// person later from the worker through continueConversationAsync.
import type { ChannelAccount, ConversationReference } from "botbuilder";
import type { Logger } from "pino";
import type { Prisma } from "../../generated/prisma/client.js";
import type { PrismaClient } from "../../infrastructure/prisma/client.js";
import type { ConversationReferenceLookup, ReferenceScope } from "../../infrastructure/notify/teams-sender.js";

export type StoredScope = ReferenceScope | "member";

/** A Teams person as the bot sees them: the Teams user id and the AAD object id. */
export interface TeamsMember {
  id: string;
  aadObjectId: string;
}

export class PrismaConversationReferenceStore implements ConversationReferenceLookup {
  /** Last value written per key, so a busy channel does not rewrite the same row every message. */
  private readonly written = new Map<string, string>();
  private static readonly CACHE_LIMIT = 5_000;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly logger: Logger,
  ) {}

  async get(scope: ReferenceScope, scopeId: string): Promise<Partial<ConversationReference> | null> {
    const row = await this.prisma.conversationReference.findUnique({
      where: { platform_scope_scopeId: { platform: "teams", scope, scopeId } },
    });
    return row ? (row.reference as Partial<ConversationReference>) : null;
  }

  async save(scope: StoredScope, scopeId: string, reference: object): Promise<void> {
    const json = JSON.stringify(reference);
    const key = `${scope}|${scopeId}`;
    if (this.written.get(key) === json) return;
    const value = JSON.parse(json) as Prisma.InputJsonValue;
    await this.prisma.conversationReference.upsert({
      where: { platform_scope_scopeId: { platform: "teams", scope, scopeId } },
      create: { platform: "teams", scope, scopeId, reference: value },
      update: { reference: value },
    });
    if (this.written.size >= PrismaConversationReferenceStore.CACHE_LIMIT) this.written.clear();
    this.written.set(key, json);
  }

  async saveMember(member: ChannelAccount): Promise<void> {
    if (!member.aadObjectId || !member.id) return;
    const aadObjectId = member.aadObjectId.toLowerCase();
    await this.save("member", aadObjectId, { id: member.id, aadObjectId } satisfies TeamsMember);
  }

  /** Teams user ids ("29:…") of the given AAD object ids, for those the bot has seen. */
  async teamsUserIds(aadObjectIds: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(aadObjectIds.map((id) => id.toLowerCase()))];
    if (wanted.length === 0) return new Map();
    const rows = await this.prisma.conversationReference.findMany({
      where: { platform: "teams", scope: "member", scopeId: { in: wanted } },
    });
    const found = new Map<string, string>();
    for (const row of rows) {
      const member = row.reference as Partial<TeamsMember>;
      if (typeof member.id === "string") found.set(row.scopeId, member.id);
    }
    // Callers look up by the ids they hold, whatever their case.
    return new Map(aadObjectIds.flatMap((id) => {
      const teamsUserId = found.get(id.toLowerCase());
      return teamsUserId ? [[id, teamsUserId] as const] : [];
    }));
  }

  /** The AAD object id of a Teams user id seen before, or null. */
  async aadObjectIdOf(teamsUserId: string): Promise<string | null> {
    const row = await this.prisma.conversationReference.findFirst({
      where: { platform: "teams", scope: "member", reference: { path: ["id"], equals: teamsUserId } },
    });
    return row ? row.scopeId : null;
  }

  /** Saves without failing the turn: a lost reference only delays proactive messages. */
  async saveQuietly(scope: StoredScope, scopeId: string, reference: object): Promise<void> {
    try {
      await this.save(scope, scopeId, reference);
    } catch (err) {
      this.logger.warn({ err, scope }, "could not save a Teams conversation reference");
    }
  }
}
