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

  async practitionerChats(practitionerIds: readonly string[]): Promise<Map<string, ChatIdentities>> {
    const ids = [...new Set(practitionerIds)];
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ id: string; slack_user_id: string | null; teams_aad_id: string | null; playground_user_id: string | null }[]>`
      SELECT id::text AS id, slack_user_id, teams_aad_id, playground_user_id FROM practitioners WHERE id = ANY(${ids}::uuid[])`;
    return new Map(rows.map((r) => [r.id, { slack: r.slack_user_id, teams: r.teams_aad_id, playground: r.playground_user_id }]));
  }

  async practitionerChat(practitionerId: string): Promise<ChatIdentities> {
    const row = await this.prisma.practitioner.findUnique({
      where: { id: practitionerId },
      select: { slackUserId: true, teamsAadId: true, playgroundUserId: true },
    });
    return row ? { slack: row.slackUserId, teams: row.teamsAadId, playground: row.playgroundUserId } : {};
  }
}
