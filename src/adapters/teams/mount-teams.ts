// Wires Teams into the one Express app: POST /api/messages → CloudAdapter (Bot Framework
// authentication) → TeamsBot → the shared CommandRunner. Also builds the Teams sender the
// notifier delivers through, which has to exist before the services do:
//
//   const teamsSender = createTeamsSender(config.teams, logger);
//   const services = createServices(config, logger, { senders: [teamsSender] });
//   mountTeams(app, services, config.teams, logger, teamsSender);   // web process
//   attachTeamsSender(teamsSender, services);                       // worker (no HTTP)
//
// Without credentials the bot can run in local (emulator) mode: requests are not authenticated
// and replies are not signed. Only with the playground on, NODE_ENV=test or TEAMS_EMULATOR=true,
// never beside Slack and never in production (config.teamsEmulator); otherwise Teams is off and
// nothing is mounted.
import {
  ConfigurationBotFrameworkAuthentication,
  type CloudAdapter,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from "botbuilder";
import { randomUUID } from "node:crypto";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { errorView } from "../../application/command-runner.js";
import type { Config, TeamsConfig } from "../../config/env.js";
import { TeamsSender } from "../../infrastructure/notify/teams-sender.js";
import { ActivityDedupe } from "./activity-dedupe.js";
import { CardState } from "./card-state.js";
import { TeamsCloudAdapter } from "./cloud-adapter.js";
import { PrismaConversationReferenceStore } from "./conversation-references.js";
import { PrismaPendingFiles } from "./pending-files.js";
import { PrismaPostedMessageStore } from "./posted-messages.js";
import { CardRenderer, cardFor, SHARED_CONTEXT, type CardRendererOptions } from "./render-card.js";
import { invokeCard, REQUEST_ID, requestIdOf, TeamsBot } from "./teams-bot.js";
import type { TeamsServices } from "./teams-services.js";
import { auditRefusals } from "../refused-requests.js";

export const TEAMS_ROUTE = "/api/messages";

/**
 * Local (emulator) mode: no Microsoft app credentials, allowed by the config (env.ts), and never
 * beside a real platform: env.ts already resolves it so, and this holds even for a config built
 * by hand.
 */
export function teamsLocalMode(config: Pick<Config, "teams" | "teamsEmulator" | "slack">): boolean {
  return config.teams === null && config.slack === null && config.teamsEmulator;
}

/** Whether main.ts should mount Teams at all. */
export function teamsEnabled(config: Pick<Config, "teams" | "teamsEmulator" | "slack">): boolean {
  return config.teams !== null || teamsLocalMode(config);
}

/**
 * Microsoft's public-cloud Bot Framework endpoints, as botframework-connector's
 * AuthenticationConstants and CallerIdConstants have them. Setting any one of botbuilder's
 * endpoint options switches it to a fully "parameterized" configuration in which every unset one
 * is left empty, so when env.ts overrides a few (tests against local stand-ins) the rest are given
 * here, and outbound tokens still come from Entra ID as in production.
 */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
  ToChannelFromBotOAuthScope: "https://api.botframework.com",
  ToBotFromChannelTokenIssuer: "https://api.botframework.com",
  OAuthUrl: "https://api.botframework.com",
  ToBotFromChannelOpenIdMetadataUrl: "https://login.botframework.com/v1/.well-known/openidconfiguration",
  ToBotFromEmulatorOpenIdMetadataUrl: "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
  CallerId: "urn:botframework:azure",
} as const;

/** The Bot Framework authentication options for this configuration (exported for tests). */
export function authenticationOptions(teams: TeamsConfig | null): ConfigurationBotFrameworkAuthenticationOptions {
  if (teams === null) return {};
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: teams.appId,
    MicrosoftAppType: teams.appType,
  };
  if (teams.appPassword !== null) options.MicrosoftAppPassword = teams.appPassword;
  if (teams.tenantId !== null) options.MicrosoftAppTenantId = teams.tenantId;
  const endpoints = teams.botFramework;
  if (endpoints) {
    const metadataUrl = endpoints.openIdMetadataUrl ?? PUBLIC_CLOUD.ToBotFromChannelOpenIdMetadataUrl;
    Object.assign(options, PUBLIC_CLOUD, {
      ToBotFromChannelOpenIdMetadataUrl: metadataUrl,
      // A token claiming the emulator's issuers is checked against the same keys, not Microsoft's.
      ToBotFromEmulatorOpenIdMetadataUrl: endpoints.openIdMetadataUrl ?? PUBLIC_CLOUD.ToBotFromEmulatorOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: endpoints.tokenIssuer ?? PUBLIC_CLOUD.ToBotFromChannelTokenIssuer,
    });
  }
  return options;
}

function authenticationFor(teams: TeamsConfig | null): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication(authenticationOptions(teams));
}

export function createTeamsAdapter(teams: TeamsConfig | null, logger: Logger): TeamsCloudAdapter {
  const adapter = new TeamsCloudAdapter(authenticationFor(teams), logger);
  adapter.onTurnError = async (context, error) => {
    const correlationId = randomUUID();
    logger.error({ err: error, correlationId, requestId: requestIdOf(context), activityType: context.activity?.type }, "Teams turn failed");
    const card = cardFor(
      errorView(`Sorry, something went wrong on our side. If it keeps happening, quote reference ${correlationId}.`, null, correlationId),
      SHARED_CONTEXT,
      "Europe/London",
    );
    try {
      if (context.activity?.type === "invoke") {
        await context.sendActivity({ type: "invokeResponse", value: invokeCard(card) });
      } else if (context.activity?.type === "message") {
        await context.sendActivity({ attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: card }] });
      }
    } catch (err) {
      logger.warn({ err, correlationId }, "could not tell the Teams user about the failure");
    }
  };
  return adapter;
}

/** The notifier's Teams sender, with its own CloudAdapter; attach it before sending. */
export function createTeamsSender(teams: TeamsConfig | null, logger: Logger): TeamsSender {
  return new TeamsSender(createTeamsAdapter(teams, logger.child({ component: "teams" })), teams?.appId ?? "", logger.child({ component: "teams-sender" }));
}

export interface TeamsParts {
  references: PrismaConversationReferenceStore;
  state: CardState;
  cards: CardRenderer;
}

/** Gives the sender its stores and card renderer (the worker calls this; mountTeams does it itself). */
export function attachTeamsSender(sender: TeamsSender, services: TeamsServices, options: CardRendererOptions = {}): TeamsParts {
  const references = new PrismaConversationReferenceStore(services.prisma, services.logger.child({ component: "teams" }));
  const state = new CardState(services.uow, services.clock);
  const cards = new CardRenderer(state, references, services.config.timeZone, options);
  sender.attach({
    references,
    messages: new PrismaPostedMessageStore(services.prisma),
    render: (view, audience) => cards.render(view, audience),
  });
  return { references, state, cards };
}

export interface MountedTeams {
  adapter: CloudAdapter;
  sender: TeamsSender;
}

/**
 * Mounts POST /api/messages. Pass the sender given to createServices so that replies and
 * notifications share one adapter; without one, a new sender is made (and returned) that the
 * services' notifier does not know about. `withSourceCard` (local mode only) is for the playground.
 */
export function mountTeams(
  app: Express,
  services: TeamsServices,
  teams: TeamsConfig | null,
  logger: Logger,
  sender?: TeamsSender,
  options: CardRendererOptions = {},
): MountedTeams {
  const log = logger.child({ component: "teams" });
  // Defence in depth: main.ts does not call this when Teams is off, but nothing else may mount
  // an unauthenticated /api/messages either.
  if (teams === null && !teamsLocalMode(services.config)) {
    throw new Error(
      "Teams needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD; local (emulator) mode is only for the playground, NODE_ENV=test or TEAMS_EMULATOR=true, never beside Slack and never in production.",
    );
  }
  if (teams === null) {
    log.warn(
      { route: TEAMS_ROUTE },
      "Teams runs in local emulator mode: no Microsoft app credentials, so /api/messages accepts unauthenticated requests and replies are not signed. For development and tests only.",
    );
  } else {
    log.info({ route: TEAMS_ROUTE, appId: teams.appId, appType: teams.appType, tenantId: teams.tenantId }, "Teams bot listening with Bot Framework authentication");
    if (teams.botFramework) {
      log.warn({ ...teams.botFramework }, "Bot Framework tokens are checked against the configured OpenID metadata and issuer, not Microsoft's: for tests only");
    }
  }
  const teamsSender = sender ?? createTeamsSender(teams, logger);
  // The source Card rides along only for the playground, which runs Teams in local mode alone.
  const parts = attachTeamsSender(teamsSender, services, teams === null ? options : {});
  const bot = new TeamsBot({
    runner: services.runner,
    ...parts,
    dedupe: new ActivityDedupe(services.prisma),
    logger: log,
    tenantId: teams?.appType === "SingleTenant" ? teams.tenantId : null,
    localMode: teams === null,
    files: new PrismaPendingFiles(services.prisma),
    appId: teams?.appId ?? "",
  });
  auditRefusals(app, TEAMS_ROUTE, "teams", services.rejections);
  app.post(TEAMS_ROUTE, express.json({ limit: "512kb" }), async (req, res) => {
    // The adapter throws (a 500) on a body that is not an activity; that is the sender's mistake.
    const body: unknown = req.body;
    if (typeof body !== "object" || body === null || Array.isArray(body) || typeof (body as { type?: unknown }).type !== "string") {
      res.status(400).json({ error: "bad_request", message: "The body is not a Bot Framework activity.", requestId: req.id });
      return;
    }
    const adapter = teamsSender.adapter;
    const logic = (context: TurnContext) => {
      // The runner logs the command under the HTTP request's id (see TeamsBot.actorOf).
      context.turnState.set(REQUEST_ID, req.id);
      return bot.run(context);
    };
    if (adapter instanceof TeamsCloudAdapter) await adapter.handle(req, res, logic);
    else await adapter.process(req, res, logic);
  });
  return { adapter: teamsSender.adapter, sender: teamsSender };
}
