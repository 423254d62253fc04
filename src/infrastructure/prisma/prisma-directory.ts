import type { ChatChannels, ChatIdentities } from "../../domain/types.js";
import type { Directory } from "../notify/directory.js";
import type { PrismaClient } from "./client.js";

/** Chat addresses for the notifier, read outside any transaction. */
export class PrismaDirectory implements Directory {
  constructor(private readonly prisma: PrismaClient) {}

  async caseChannels(caseId: string): Promise<ChatChannels> {
    const row = await this.prisma.case.findUnique({
      where: { id: caseId },
      select: { slackChannelId: true, teamsChannelId: true, playgroundChannelId: true },
    });
    return row ? { slack: row.slackChannelId, teams: row.teamsChannelId, playground: row.playgroundChannelId } : {};
  }

  async accessTeamChannels(): Promise<ChatChannels> {
    const row = await this.prisma.settings.findUnique({
      where: { id: "default" },
      select: { accessTeamSlackChannel: true, accessTeamTeamsChannel: true, accessTeamPlaygroundChannel: true },
    });
    return row
      ? { slack: row.accessTeamSlackChannel, teams: row.accessTeamTeamsChannel, playground: row.accessTeamPlaygroundChannel }
      : {};
  }

  async practitionerChat(practitionerId: string): Promise<ChatIdentities> {
    const row = await this.prisma.practitioner.findUnique({
      where: { id: practitionerId },
      select: { slackUserId: true, teamsAadId: true, playgroundUserId: true },
    });
    return row ? { slack: row.slackUserId, teams: row.teamsAadId, playground: row.playgroundUserId } : {};
  }
}
