import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { openCaseFor } from "./case-access.js";
import { channelConflict } from "./channel-claims.js";

type LinkCase = Extract<Command, { name: "case-link" }>;

function currentChannel(ctx: UseCaseContext): { platform: Exclude<UseCaseContext["platform"], "system">; channelId: string } {
  if (ctx.platform === "system" || !ctx.channelId) {
    throw new DomainError("no-channel", "Run this in the channel you want to use, not in a direct message.");
  }
  return { platform: ctx.platform, channelId: ctx.channelId };
}

/** A case's cards and messages go to one channel per platform; a TAF member chooses it. */
export async function linkCaseChannel(ctx: UseCaseContext, cmd: LinkCase): Promise<Outcome> {
  const actor = requireActor(ctx);
  const { platform, channelId } = currentChannel(ctx);
  const { case: c } = await openCaseFor(ctx, actor, cmd.ref, (a) => a.isMember || a.isAccessTeam);
  const conflict = await channelConflict(ctx, { platform, channelId }, c);
  if (conflict) throw conflict;
  c.channels = { ...c.channels, [platform]: channelId };
  await ctx.repos.cases.update(c);
  await ctx.audit("case.link", c.id, { platform });
  return ctx.outcome({ type: "text", tone: "success", caseRef: c.reference, text: `This channel is now the ${platform} channel for ${c.reference}.` });
}

/** The access team is told of every LP change [001 Guideline 7, 12]: this is where. */
export async function setAccessChannel(ctx: UseCaseContext): Promise<Outcome> {
  const actor = requireActor(ctx);
  if (!actor.duties.accessTeam) throw new DomainError("access-team-only", "Only the access team can choose the access team channel.");
  const { platform, channelId } = currentChannel(ctx);
  const holder = await ctx.repos.cases.openForChannel(platform, channelId);
  if (holder) {
    throw new DomainError(
      "channel-taken",
      `This channel is the channel for ${holder.reference}, so it can't be the access team channel. Use a channel of the access team's own.`,
    );
  }
  const settings = await ctx.repos.settings.get();
  settings.accessTeamChannels = { ...settings.accessTeamChannels, [platform]: channelId };
  await ctx.repos.settings.update(settings);
  await ctx.audit("settings.access-channel", null, { platform });
  return ctx.outcome({ type: "text", tone: "success", caseRef: null, text: `This channel is now the access team channel on ${platform}.` });
}
