// HTTP Basic authentication for the operator pages. One user, one password from the config
// (ADMIN_PASSWORD); both compared in constant time over SHA-256 digests, so neither the length
// nor a matching prefix of a guess shows in the response time.
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import type { LoginLockout } from "./login-lockout.js";

export const ADMIN_USER = "admin";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** The user and password of an `Authorization: Basic …` header, or null when it is not one. */
export function parseBasicAuth(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic[ \t]+([A-Za-z0-9+/=._~-]+)[ \t]*$/i.exec(header ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function basicAuth(options: { user?: string; password: string; realm: string; lockout?: LoginLockout }): RequestHandler {
  const user = digest(options.user ?? ADMIN_USER);
  const password = digest(options.password);
  const challenge = `Basic realm="${options.realm.replace(/["\\]/g, "")}", charset="UTF-8"`;
  const lockout = options.lockout;
  return (req, res, next) => {
    // The peer address: `trust proxy` is off, so a client cannot pick its own key with a header.
    const client = req.socket.remoteAddress ?? "unknown";
    const waitMs = lockout?.lockedFor(client) ?? 0;
    if (waitMs > 0) {
      res.setHeader("retry-after", String(Math.ceil(waitMs / 1000)));
      res.setHeader("cache-control", "no-store");
      res.status(429).json({ error: "locked_out", message: "Too many wrong passwords: try again later." });
      return;
    }
    const given = parseBasicAuth(req.get("authorization"));
    // Both comparisons always run: `&&` would skip the second and leak which one failed.
    const userOk = timingSafeEqual(digest(given?.user ?? ""), user);
    const passwordOk = timingSafeEqual(digest(given?.password ?? ""), password);
    if (given && userOk && passwordOk) {
      lockout?.succeed(client);
      next();
      return;
    }
    if (given) {
      const locked = lockout?.fail(client) ?? false;
      req.log?.warn({ path: req.path, refusal: locked ? "wrong-password-locked-out" : "wrong-password" }, "admin login refused");
    }
    res.setHeader("WWW-Authenticate", challenge);
    res.setHeader("cache-control", "no-store");
    res.status(401).json({ error: "unauthorized", message: "Sign in as admin with ADMIN_PASSWORD." });
  };
}
