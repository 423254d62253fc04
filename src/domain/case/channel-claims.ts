// A channel serves one open case, and the access team's channel serves none [DOMAIN §1, §10]:
// two cases' cards in one channel would show each TAF the other's discussion.
import type { UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Case, Platform } from "../types.js";

export interface ChannelClaim {
  platform: Platform;
  channelId: string;
}

/** Why this channel can't be the channel of case `c`, or null when it may be. */
export async function channelConflict(ctx: UseCaseContext, claim: ChannelClaim, c: Pick<Case, "id">): Promise<DomainError | null> {
  if (ctx.settings.accessTeamChannels[claim.platform] === claim.channelId) {
    return new DomainError("channel-is-access", "This is the access team channel, so it can't be a case's channel. Use a channel of the case's own.");
  }
  const holder = await ctx.repos.cases.openForChannel(claim.platform, claim.channelId);
  if (holder && holder.id !== c.id) {
    return new DomainError(
      "channel-taken",
      `This channel is already the channel for ${holder.reference}. Use a channel of this case's own, so each TAF sees only its case.`,
    );
  }
  return null;
}
