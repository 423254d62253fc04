// Where each keyed message was posted (table chat_messages), read back as the copies of one
// message key. A copy is recorded as "<messageKey>@<destination id>" (the same card sent to two
// people or channels is two messages, each updated in place); a message key may have keys below
// it ("escalation-<id>/L1", "escalation-<id>/L2"), so one update can reach every card about it.
import type { Platform } from "../../domain/types.js";
import type { PrismaClient } from "./client.js";

export interface RecordedCopy {
  /** The key the copy was recorded under, as stored. */
  stored: string;
  /** The message key it was posted with. */
  messageKey: string;
  /** The destination it was posted to (null for a row from before destinations were part of the key). */
  destinationId: string | null;
  channelId: string;
  messageId: string;
}

/** The stored key of one copy: destination ids may hold "@" (Teams), message keys never do. */
export const copyKey = (messageKey: string, destinationId: string): string => `${messageKey}@${destinationId}`;

export function parseCopyKey(stored: string): { messageKey: string; destinationId: string | null } {
  const at = stored.indexOf("@");
  return at < 0 ? { messageKey: stored, destinationId: null } : { messageKey: stored.slice(0, at), destinationId: stored.slice(at + 1) };
}

/** Every copy on `platform` of a message posted under `messageKey` or a key below it. */
export async function recordedCopies(prisma: PrismaClient, platform: Platform, messageKey: string): Promise<RecordedCopy[]> {
  const rows = await prisma.chatMessage.findMany({
    where: {
      platform,
      OR: [{ messageKey }, { messageKey: { startsWith: `${messageKey}@` } }, { messageKey: { startsWith: `${messageKey}/` } }],
    },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ stored: r.messageKey, ...parseCopyKey(r.messageKey), channelId: r.channelId, messageId: r.messageId }));
}
