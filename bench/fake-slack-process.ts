// The fake Slack Web API in a process of its own, as the real one is remote: its parsing and
// recording of every call must not take the CPU of the worker being measured. Talks to its
// parent over IPC: sends { apiUrl } once listening; answers "count <method>" with { count }.
//   (spawned by startFakeSlack below)
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { FakeSlackApi } from "../test/support/fake-slack-api.js";

export interface FakeSlackProcess {
  apiUrl: string;
  callsTo(method: string): Promise<number>;
  stop(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlackProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "serve"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const [ready] = (await once(child, "message")) as [{ apiUrl: string }];
  return {
    apiUrl: ready.apiUrl,
    callsTo: async (method) => {
      child.send(`count ${method}`);
      const [answer] = (await once(child, "message")) as [{ count: number }];
      return answer.count;
    },
    stop: async () => {
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}

if (process.argv[2] === "serve") {
  const fake = new FakeSlackApi();
  await fake.start();
  process.on("message", (m: string) => {
    const method = m.split(" ")[1] ?? "";
    process.send?.({ count: fake.callsTo(method).length });
  });
  process.on("SIGTERM", () => void fake.stop().then(() => process.exit(0)));
  process.send?.({ apiUrl: fake.apiUrl });
}
