// The BullMQ dashboard (bull-board) at /admin/queues: every queue's jobs, their state, failures and
// retries. Mounted only when ADMIN_PASSWORD is set, always behind HTTP Basic auth (user `admin`),
// with a lockout after repeated wrong passwords. Read-only unless ADMIN_QUEUES_WRITE=true: a
// removed or promoted job is a reminder a practitioner never gets, or gets at the wrong time.
// Job payloads hold keys only (deadline and outbox keys), never message text.
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import type { Express, RequestHandler } from "express";
import { basicAuth } from "./basic-auth.js";
import { LoginLockout, type LockoutOptions } from "./login-lockout.js";

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]["serverAdapter"];

export const ADMIN_QUEUES_PATH = "/admin/queues";

export interface QueueDashboardAccess {
  password: string;
  /** Jobs may be retried, promoted, removed, queues paused (default false: look, don't touch). */
  write?: boolean;
  lockout?: LockoutOptions;
}

/** bull-board hides its buttons in read-only mode; this refuses the API calls behind them too. */
const readOnly: RequestHandler = (req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD") {
    next();
    return;
  }
  res.status(403).json({ error: "read_only", message: "The queue dashboard is read-only: set ADMIN_QUEUES_WRITE=true to change jobs." });
};

export function mountQueueDashboard(app: Express, queues: { readonly all: readonly Queue[] }, admin: QueueDashboardAccess): void {
  const write = admin.write === true;
  const serverAdapter = new ExpressAdapter().setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: queues.all.map((q) => new BullMQAdapter(q, { readOnlyMode: !write })),
    // @bull-board/express 9.10.1 pins its own copy of @bull-board/api 9.10.1 while ours is 9.10.2:
    // the same interface, but TypeScript sees two declarations of the adapters' private fields.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
    options: { uiConfig: { boardTitle: "leadbot queues" } },
  });
  const auth = basicAuth({ password: admin.password, realm: "leadbot admin", lockout: new LoginLockout(admin.lockout) });
  if (write) app.use(ADMIN_QUEUES_PATH, auth, serverAdapter.getRouter());
  else app.use(ADMIN_QUEUES_PATH, auth, readOnly, serverAdapter.getRouter());
}
