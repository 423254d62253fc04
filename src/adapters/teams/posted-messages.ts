// Where a keyed Teams message was posted (table chat_messages, keyed by the copy's key + platform),
// so the sender updates a proposal card in place instead of posting a new card per vote.
import type { PrismaClient } from "../../infrastructure/prisma/client.js";
import type { PostedMessageStore } from "../../infrastructure/notify/teams-sender.js";
import { recordedCopies, type RecordedCopy } from "../../infrastructure/prisma/prisma-chat-messages.js";

export class PrismaPostedMessageStore implements PostedMessageStore {
  constructor(private readonly prisma: PrismaClient) {}

  async find(messageKey: string): Promise<{ conversationId: string; activityId: string } | null> {
    const row = await this.prisma.chatMessage.findUnique({ where: { messageKey_platform: { messageKey, platform: "teams" } } });
    return row ? { conversationId: row.channelId, activityId: row.messageId } : null;
  }

  copies(messageKey: string): Promise<RecordedCopy[]> {
    return recordedCopies(this.prisma, "teams", messageKey);
  }

  async save(messageKey: string, conversationId: string, activityId: string): Promise<void> {
    await this.prisma.chatMessage.upsert({
      where: { messageKey_platform: { messageKey, platform: "teams" } },
      create: { messageKey, platform: "teams", channelId: conversationId, messageId: activityId },
      update: { channelId: conversationId, messageId: activityId },
    });
  }
}
