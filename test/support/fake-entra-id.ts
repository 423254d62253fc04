// A local stand-in for Entra ID's token endpoint (login.microsoftonline.com), which a bot with
// credentials calls for the bearer token it puts on every connector call: replies and proactive
// messages alike. It records each client-credentials request (tenant, client id, scope, whether
// the secret was right) and issues distinct tokens, so a test can check that what reached the
// connector is what Entra ID issued.
//
// botbuilder gets these tokens through MSAL, which accepts only https authorities it trusts
// (a custom host needs MSAL's `knownAuthorities`, which botbuilder offers no way to set), so the
// login endpoint cannot be moved to a loopback URL by configuration. Instead `routeLogin()` has
// this process's https requests for login.microsoftonline.com go to this server (plain HTTP on
// loopback) while the test runs: the production code path, untouched, and nothing leaves the
// machine.
import https from "node:https";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import express from "express";

import { LOGIN_HOST, routeLoginTo } from "./loopback-login.js";

export { LOGIN_HOST };

export interface TokenRequest {
  tenant: string;
  clientId: string;
  scope: string;
  grantType: string;
  secretOk: boolean;
  token: string | null;
}

export class FakeEntraId {
  readonly requests: TokenRequest[] = [];
  private server: Server | null = null;
  private previousAgent: https.Agent | null = null;
  port = 0;

  /** `secrets`: client id → the one client secret accepted for it. */
  constructor(private readonly secrets: Record<string, string>) {}

  /** Tokens issued so far, in order. */
  get issued(): string[] {
    return this.requests.flatMap((r) => (r.token ? [r.token] : []));
  }

  async start(): Promise<this> {
    const app = express();
    app.post("/:tenant/oauth2/v2.0/token", express.urlencoded({ extended: false }), (req, res) => {
      const body = req.body as Record<string, string | undefined>;
      const clientId = body.client_id ?? "";
      const secretOk = this.secrets[clientId] !== undefined && body.client_secret === this.secrets[clientId];
      const request: TokenRequest = { tenant: req.params.tenant, clientId, scope: body.scope ?? "", grantType: body.grant_type ?? "", secretOk, token: null };
      this.requests.push(request);
      if (!secretOk) {
        res.status(401).json({ error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided." });
        return;
      }
      request.token = `entra-${request.tenant}-${randomBytes(12).toString("hex")}`;
      res.json({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: request.token });
    });
    app.use((req, res) => void res.status(404).json({ error: "not_found", error_description: `${req.method} ${req.path}` }));
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, "127.0.0.1", () => resolve());
    });
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  /** Sends this process's https requests for login.microsoftonline.com here until `stop()`. */
  routeLogin(): void {
    this.previousAgent = routeLoginTo(this.port);
  }

  async stop(): Promise<void> {
    if (this.previousAgent) (https as { globalAgent: https.Agent }).globalAgent = this.previousAgent;
    this.previousAgent = null;
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.server = null;
  }
}
