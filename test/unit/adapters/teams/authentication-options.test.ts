// What botbuilder's ConfigurationBotFrameworkAuthentication is given. Without overrides, only the
// app's identity (botbuilder then uses its own public-cloud endpoints, as before). With
// TEAMS_OPENID_METADATA_URL / TEAMS_TOKEN_ISSUER, every endpoint option is given: setting any one
// makes botbuilder leave the others empty, and outbound tokens must still come from Entra ID.
import { describe, expect, it } from "vitest";
import { authenticationOptions } from "../../../../src/adapters/teams/mount-teams.js";
import { loadConfig } from "../../../../src/config/env.js";

const TEAMS = { MICROSOFT_APP_ID: "00000000-1111-2222-3333-444444444444", MICROSOFT_APP_PASSWORD: "teams-secret-value" };

describe("authenticationOptions", () => {
  it("gives only the app's identity by default", () => {
    expect(authenticationOptions(loadConfig(TEAMS).teams)).toEqual({ MicrosoftAppId: TEAMS.MICROSOFT_APP_ID, MicrosoftAppType: "MultiTenant", MicrosoftAppPassword: TEAMS.MICROSOFT_APP_PASSWORD });
    expect(authenticationOptions(loadConfig({ ...TEAMS, MICROSOFT_APP_TYPE: "SingleTenant", MICROSOFT_APP_TENANT_ID: "contoso.onmicrosoft.com" }).teams)).toMatchObject({
      MicrosoftAppType: "SingleTenant",
      MicrosoftAppTenantId: "contoso.onmicrosoft.com",
    });
    expect(authenticationOptions(null)).toEqual({});
  });

  it("with overrides, points only the inbound token check elsewhere and keeps Microsoft's login for outbound tokens", () => {
    const options = authenticationOptions(
      loadConfig({ ...TEAMS, TEAMS_OPENID_METADATA_URL: "http://127.0.0.1:4100/v1/.well-known/openidconfiguration", TEAMS_TOKEN_ISSUER: "https://api.botframework.test" }).teams,
    );
    expect(options).toEqual({
      MicrosoftAppId: TEAMS.MICROSOFT_APP_ID,
      MicrosoftAppType: "MultiTenant",
      MicrosoftAppPassword: TEAMS.MICROSOFT_APP_PASSWORD,
      ToBotFromChannelOpenIdMetadataUrl: "http://127.0.0.1:4100/v1/.well-known/openidconfiguration",
      ToBotFromEmulatorOpenIdMetadataUrl: "http://127.0.0.1:4100/v1/.well-known/openidconfiguration",
      ToBotFromChannelTokenIssuer: "https://api.botframework.test",
      ToChannelFromBotLoginUrl: "https://login.microsoftonline.com/botframework.com",
      ToChannelFromBotOAuthScope: "https://api.botframework.com",
      OAuthUrl: "https://api.botframework.com",
      CallerId: "urn:botframework:azure",
    });
  });
});
