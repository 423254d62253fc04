// The chat senders a process delivers through, attached to its services' notifier. Used by the
// standalone worker; the web process mounts the same senders along with the platform routes.
import type { Logger } from "pino";
import { createSlackSender } from "../adapters/slack/slack-app.js";
import { attachTeamsSender, createTeamsSender, teamsEnabled } from "../adapters/teams/mount-teams.js";
import type { Services } from "./services.js";

export function attachChatSenders(services: Services, log: Logger): void {
  const { config } = services;
  if (config.slack) services.notifier.addSender(createSlackSender(config.slack, () => services.prisma, log, config.timeZone));
  if (teamsEnabled(config)) {
    const teams = createTeamsSender(config.teams, log);
    services.notifier.addSender(teams);
    attachTeamsSender(teams, services);
  }
}
