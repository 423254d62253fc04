// Sends this process's https requests for Entra ID's login host to a local stand-in (plain HTTP on
// loopback): MSAL, which botbuilder gets its tokens through, trusts only https authorities it
// knows, so the login endpoint cannot be moved by configuration (see fake-entra-id.ts).
import https from "node:https";
import net from "node:net";

export const LOGIN_HOST = "login.microsoftonline.com";

/** Installs the routing; returns the agent it replaced, to put back. */
export function routeLoginTo(port: number): https.Agent {
  class LoopbackLogin extends https.Agent {
    override createConnection(options: { host?: string | null }, callback: unknown): ReturnType<typeof net.connect> {
      if (options.host === LOGIN_HOST) return net.connect({ host: "127.0.0.1", port });
      const parent = https.Agent.prototype as unknown as { createConnection: (o: unknown, cb: unknown) => ReturnType<typeof net.connect> };
      return parent.createConnection.call(this, options, callback);
    }
  }
  const previous = https.globalAgent;
  (https as { globalAgent: https.Agent }).globalAgent = new LoopbackLogin({ keepAlive: false });
  return previous;
}
