import type { ChatChannels, ChatIdentities } from "../../domain/types.js";

/** The addresses the notifier needs, read fresh for every message so changes apply at once. */
export interface Directory {
  caseChannels(caseId: string): Promise<ChatChannels>;
  accessTeamChannels(): Promise<ChatChannels>;
  practitionerChat(practitionerId: string): Promise<ChatIdentities>;
  /** Many people's chat ids in one read (a batch of nudges); unknown ids are left out. */
  practitionerChats(practitionerIds: readonly string[]): Promise<Map<string, ChatIdentities>>;
}
