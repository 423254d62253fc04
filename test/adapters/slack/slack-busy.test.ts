// Overload: the web process runs a few commands' work at once and keeps a bounded queue behind
// its acks. A slash command beyond that is answered "busy" in the ack itself and changes nothing;
// the commands already accepted still run, in order, once the work ahead of them finishes.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUSY_TEXT } from "../../../src/adapters/slack/slack-context.js";
import { uniqueReference } from "../../support/database.js";
import { SlackHarness, slackChannelId } from "./slack-harness.js";
import { seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
let ada: StaffMember;

beforeAll(async () => {
  await h.start({ slack: { afterAck: { concurrency: 1, maxQueued: 1 } } });
  ada = await seedAccessTeam(h);
});

afterAll(async () => {
  await h.stop();
});

describe("Slack under more load than it can take", () => {
  it("answers busy in the ack beyond the queue, changes nothing, and still runs what it accepted", async () => {
    const channel = slackChannelId();
    const ref = uniqueReference();
    await h.ok(ada, channel, `case open ${ref} --status early-help`);

    // Another session holds the case row, so the first command's work waits on it.
    const holder = new pg.Client({ connectionString: h.config.database.url });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT id FROM cases WHERE reference = $1 FOR UPDATE", [ref]);
    try {
      const running = await h.command(ada, channel, `case update ${ref} --status early-help,sen`);
      await new Promise((r) => setTimeout(r, 300));
      const queued = await h.command(ada, channel, `case update ${ref} --status early-help,sen,child-in-need`);
      const refused = await h.command(ada, channel, `close ${ref} family moved away`);
      for (const sent of [running, queued, refused]) expect(sent.status).toBe(200);
      expect(running.json).toBeNull();
      expect(queued.json).toBeNull();
      expect(String(refused.json?.text)).toBe(BUSY_TEXT);
      expect(refused.json?.response_type).toBe("ephemeral");
      expect(h.slack!.afterAck()).toMatchObject({ running: 1, queued: 1, refused: 1 });
    } finally {
      await holder.query("ROLLBACK");
      await holder.end();
    }

    await expect.poll(() => h.slack!.afterAck().completed, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    const c = await h.services.uow.run((repos) => repos.cases.getByReference(ref));
    // Both accepted updates ran, in order; the refused close did nothing.
    expect(c?.statuses).toEqual(["early-help", "sen", "child-in-need"]);
    expect(c?.open).toBe(true);
    expect(await h.services.uow.run((repos) => repos.proposals.openForCase(c!.id))).toBeNull();
    expect(await h.prisma.auditEvent.count({ where: { caseId: c!.id, action: "close" } })).toBe(0);
  });
});
