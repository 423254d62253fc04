// A local stand-in for the Bot Framework's token signing: an OpenID metadata document and its
// JWKS (as login.botframework.com serves them), and a signer that mints the RS256 tokens the
// Bot Framework puts on every activity it POSTs to a bot. leadbot is pointed at it with
// TEAMS_OPENID_METADATA_URL and TEAMS_TOKEN_ISSUER (never in production). `forge` makes the
// tokens an attacker could: wrong audience, issuer or service URL, expired, signed by another
// key, `alg: none`, or HS256 keyed with the public key.
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";

export const FAKE_BOT_FRAMEWORK_ISSUER = "https://api.botframework.test";

export type Forgery = "wrong-audience" | "wrong-issuer" | "wrong-service-url" | "expired" | "wrong-key" | "alg-none" | "hs256";
export const FORGERIES: Forgery[] = ["wrong-audience", "wrong-issuer", "wrong-service-url", "expired", "wrong-key", "alg-none", "hs256"];

const b64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

function rsaKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKey: createPrivateKey(privateKey.export({ format: "pem", type: "pkcs8" })), publicKey: createPublicKey(privateKey) };
}

export class FakeBotFrameworkIdentity {
  readonly kid = `fake-${randomBytes(6).toString("hex")}`;
  private readonly key = rsaKey();
  /** Another key pair, published nowhere: what a forger signs with. */
  private readonly otherKey = rsaKey();
  private server: Server | null = null;
  /** While true the metadata and keys answer 503, as an outage of the Bot Framework's login service would. */
  down = false;
  /** How many times the metadata document was fetched. */
  metadataFetches = 0;
  url = "";

  constructor(
    readonly appId: string,
    readonly issuer = FAKE_BOT_FRAMEWORK_ISSUER,
  ) {}

  get metadataUrl(): string {
    return `${this.url}v1/.well-known/openidconfiguration`;
  }

  /** The environment that points leadbot's token check here. */
  env(): Record<string, string> {
    return { TEAMS_OPENID_METADATA_URL: this.metadataUrl, TEAMS_TOKEN_ISSUER: this.issuer };
  }

  async start(): Promise<this> {
    const app = express();
    app.use((_req, res, next) => (this.down ? void res.status(503).json({ error: "unavailable" }) : next()));
    app.get("/v1/.well-known/openidconfiguration", (_req, res) => {
      this.metadataFetches++;
      res.json({
        issuer: this.issuer,
        authorization_endpoint: `${this.url}v1/authorize`,
        jwks_uri: `${this.url}v1/keys`,
        id_token_signing_alg_values_supported: ["RS256"],
        token_endpoint_auth_methods_supported: ["private_key_jwt"],
      });
    });
    app.get("/v1/keys", (_req, res) => {
      const jwk = this.key.publicKey.export({ format: "jwk" });
      res.json({ keys: [{ kty: "RSA", use: "sig", kid: this.kid, n: jwk.n, e: jwk.e, endorsements: ["msteams"] }] });
    });
    await new Promise<void>((resolve) => {
      this.server = app.listen(0, "127.0.0.1", () => resolve());
    });
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.server = null;
  }

  /** A token as the Bot Framework signs it for an activity sent to this bot from `serviceUrl`. */
  token(serviceUrl: string, forgery?: Forgery): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: forgery === "wrong-issuer" ? "https://api.botframework.invalid" : this.issuer,
      aud: forgery === "wrong-audience" ? "00000000-0000-0000-0000-00000000dead" : this.appId,
      serviceurl: forgery === "wrong-service-url" ? "https://attacker.example.invalid/" : serviceUrl,
      nbf: now - 60,
      iat: now - 60,
      // Bot Framework checks allow 5 minutes of clock skew: well past that.
      exp: forgery === "expired" ? now - 3600 : now + 3600,
    };
    const alg = forgery === "alg-none" ? "none" : forgery === "hs256" ? "HS256" : "RS256";
    const head = b64url(JSON.stringify({ alg, typ: "JWT", kid: this.kid, x5t: this.kid }));
    const signingInput = `${head}.${b64url(JSON.stringify(claims))}`;
    let signature = "";
    if (forgery === "hs256") {
      // The classic confusion: the published public key used as an HMAC secret.
      signature = b64url(createHmac("sha256", this.key.publicKey.export({ format: "pem", type: "spki" })).update(signingInput).digest());
    } else if (forgery !== "alg-none") {
      const key = forgery === "wrong-key" ? this.otherKey.privateKey : this.key.privateKey;
      signature = b64url(sign("sha256", Buffer.from(signingInput), key));
    }
    return `${signingInput}.${signature}`;
  }

  /** The Authorization header for an activity (signed for its own serviceUrl). */
  authorization(activity: Record<string, unknown>, forgery?: Forgery): string {
    return `Bearer ${this.token(String(activity.serviceUrl ?? ""), forgery)}`;
  }
}
