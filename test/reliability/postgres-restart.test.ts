// Postgres goes away under load and comes back (a crash, a failover, a restart for an upgrade),
// on a cluster of the test's own. leadbot stays up; /readyz is 503 while the database is away and
// 200 again after; commands in flight are answered (done, or the apology); nothing is half-written.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { applyMigrations } from "../../src/infrastructure/prisma/migrate.js";
import { uniqueReference } from "../support/database.js";
import { OwnPostgres } from "../support/own-postgres.js";
import { sparePort } from "../integration/operator/support.js";
import { replyKind, SlackHarness, slackChannelId, type SentCommand } from "../adapters/slack/slack-harness.js";
import { seedAccessTeam, type StaffMember } from "../adapters/slack/slack-staff.js";

const h = new SlackHarness();
let pg: OwnPostgres;
let admin: StaffMember;
const unhandled: unknown[] = [];
const onUnhandled = (error: unknown) => void unhandled.push(error);

beforeAll(async () => {
  pg = new OwnPostgres(await sparePort());
  await pg.init();
  await pg.start();
  await applyMigrations(pg.url("leadbot"));
  process.on("uncaughtException", onUnhandled);
  process.on("unhandledRejection", onUnhandled);
  await h.start({ env: { DATABASE_URL: pg.url("leadbot") }, readiness: true });
  admin = await seedAccessTeam(h);
}, 120_000);

afterAll(async () => {
  process.off("uncaughtException", onUnhandled);
  process.off("unhandledRejection", onUnhandled);
  // On a loaded machine the pool can still be waiting on a connection the restart broke; stopping
  // the cluster then ends it, so the harness gets a bounded head start rather than the whole hook.
  await Promise.race([h.stop(), sleep(20_000)]);
  await pg?.destroy();
}, 120_000);

const ready = async () => (await fetch(`${h.base}/readyz`)).status;

async function until(what: string, ok: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await ok().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("Postgres restarted under load", () => {
  it("keeps the process up, says 503 then 200 on /readyz, answers every command and writes each whole or not at all", async () => {
    expect(await ready()).toBe(200);
    const refs = Array.from({ length: 24 }, () => uniqueReference());
    // Each case in a channel of its own: a channel that already serves a case refuses another.
    const open = (ref: string) => h.command(admin, slackChannelId(), `case open ${ref} --status early-help`);
    // A stream of commands, with the database killed while they run; the last few arrive while it
    // is certainly gone.
    const sending: Promise<SentCommand>[] = [];
    let stopping: Promise<void> = Promise.resolve();
    for (const [i, ref] of refs.slice(0, 18).entries()) {
      sending.push(open(ref));
      if (i === 8) stopping = pg.stop("immediate");
      await sleep(15);
    }
    await stopping;
    for (const ref of refs.slice(18)) sending.push(open(ref));
    const sent = await Promise.all(sending);
    for (const s of sent) expect(s.status).toBe(200); // Slack's ack never waits for the database
    const replies = await Promise.all(sent.map((s) => h.replyTo(s, 20_000)));
    const kinds = replies.map((r) => replyKind(r));
    // Each one is done or apologised for; none is left without an answer.
    for (const [i, r] of replies.entries()) {
      if (kinds[i] === "error") expect(String(r.text)).toMatch(/sorry|try again/i);
    }
    expect(kinds.filter((k) => k === "error").length).toBeGreaterThan(0);

    await until("/readyz to say 503", async () => (await ready()) === 503, 10_000);
    expect(unhandled).toEqual([]);

    await pg.start();
    await until("/readyz to say 200", async () => (await ready()) === 200, 30_000);

    // Whole or nothing: a case exists exactly when its opening and its creator's TAF membership
    // do, and with its audit row; those answered as done exist.
    for (const [i, ref] of refs.entries()) {
      const found = await h.prisma.case.findUnique({ where: { reference: ref }, include: { taf: true } });
      if (kinds[i] !== "error") expect(found, ref).not.toBeNull();
      if (found) {
        expect(found.taf).toHaveLength(1);
        expect(await h.prisma.auditEvent.count({ where: { caseId: found.id, action: "case.open" } })).toBe(1);
      }
    }

    // And it works again, with no restart.
    const after = uniqueReference();
    await h.ok(admin, slackChannelId(), `case open ${after} --status early-help`);
    expect(await h.prisma.case.count({ where: { reference: after } })).toBe(1);
    expect(unhandled).toEqual([]);
  }, 120_000);
});
