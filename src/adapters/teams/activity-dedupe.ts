// Teams redelivers an activity the bot was slow to acknowledge, with the same activity id. A
// command must not run twice (a second `propose` would come back as a confusing refusal), so each
// message activity claims its id in processed_requests first: INSERT … ON CONFLICT DO NOTHING
// lets the database decide which of two racing deliveries runs it. A message that was refused or
// failed changed nothing and releases its claim, so a redelivery of it runs again. Card votes need no claim:
// voting twice the same way changes nothing.
import type { PrismaClient } from "../../infrastructure/prisma/client.js";

/** Teams retries within seconds; a day is far more than a key needs to live. */
const KEEP_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY = 500;
const PREFIX = "teams:";

export class ActivityDedupe {
  private claims = 0;

  constructor(private readonly prisma: PrismaClient) {}

  /** True the first time this conversation's activity id is seen (or first since it was released). */
  async claim(conversationId: string, activityId: string): Promise<boolean> {
    const { count } = await this.prisma.processedRequest.createMany({
      data: [{ requestKey: keyOf(conversationId, activityId), at: new Date() }],
      skipDuplicates: true,
    });
    if (++this.claims % PRUNE_EVERY === 0) {
      await this.prisma.processedRequest.deleteMany({
        where: { requestKey: { startsWith: PREFIX }, at: { lt: new Date(Date.now() - KEEP_MS) } },
      });
    }
    return count === 1;
  }

  /** Forgets a claim: the message was refused or failed, so a redelivery of it must run again. */
  async release(conversationId: string, activityId: string): Promise<void> {
    await this.prisma.processedRequest.deleteMany({ where: { requestKey: keyOf(conversationId, activityId) } });
  }
}

const keyOf = (conversationId: string, activityId: string): string => `${PREFIX}${conversationId}:${activityId}`.slice(0, 500);
