// Teams redelivers an activity the bot was slow to acknowledge, with the same activity id. A
// command must not run twice (a second `propose` would come back as a confusing refusal), so each
// message activity claims its id in processed_requests first: INSERT … ON CONFLICT DO NOTHING
// lets the database decide which of two racing deliveries runs it. A message that was refused or
// failed changed nothing and releases its claim, so a redelivery of it runs again. Card votes need no claim:
// voting twice the same way changes nothing.
import type { PrismaClient } from "../../infrastructure/prisma/client.js";
import { ProcessedRequests } from "../../infrastructure/prisma/processed-requests.js";

/** Teams retries within seconds; a day is far more than a key needs to live. */
const KEEP_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY = 500;
const PREFIX = "teams:";

export class ActivityDedupe {
  private claims = 0;
  private readonly keys: ProcessedRequests;

  constructor(prisma: PrismaClient) {
    this.keys = new ProcessedRequests(prisma);
  }

  /** True the first time this conversation's activity id is seen (or first since it was released). */
  async claim(conversationId: string, activityId: string): Promise<boolean> {
    const claimed = await this.keys.claim(keyOf(conversationId, activityId), new Date());
    if (++this.claims % PRUNE_EVERY === 0) await this.keys.prune(PREFIX, new Date(Date.now() - KEEP_MS));
    return claimed;
  }

  /** Forgets a claim: the message was refused or failed, so a redelivery of it must run again. */
  release(conversationId: string, activityId: string): Promise<void> {
    return this.keys.release(keyOf(conversationId, activityId));
  }
}

const keyOf = (conversationId: string, activityId: string): string => `${PREFIX}${conversationId}:${activityId}`.slice(0, 500);
