// The BullMQ dashboard (bull-board) at /admin/queues: every queue's jobs, their state, failures and
// retries. Mounted only when ADMIN_PASSWORD is set, always behind HTTP Basic auth (user `admin`).
// Job payloads hold keys only (deadline and outbox keys), never message text.
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import type { Queue } from "bullmq";
import type { Express } from "express";
import { basicAuth } from "./basic-auth.js";

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]["serverAdapter"];

export const ADMIN_QUEUES_PATH = "/admin/queues";

export function mountQueueDashboard(app: Express, queues: { readonly all: readonly Queue[] }, admin: { password: string }): void {
  const serverAdapter = new ExpressAdapter().setBasePath(ADMIN_QUEUES_PATH);
  createBullBoard({
    queues: queues.all.map((q) => new BullMQAdapter(q)),
    // @bull-board/express 9.10.1 pins its own copy of @bull-board/api 9.10.1 while ours is 9.10.2:
    // the same interface, but TypeScript sees two declarations of the adapters' private fields.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
    options: { uiConfig: { boardTitle: "leadbot queues" } },
  });
  app.use(ADMIN_QUEUES_PATH, basicAuth({ password: admin.password, realm: "leadbot admin" }), serverAdapter.getRouter());
}
