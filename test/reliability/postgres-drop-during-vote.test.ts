// The database connection dies in the middle of a vote (pg_terminate_backend, as a failover or a
// network cut would), over signed Slack HTTP. A trigger holds the vote's transaction at a chosen
// write long enough to kill its backend there. Whatever the voter is told must match the
// database: either the whole vote (and decision) is there, or none of it; never half a decision.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setTimeout as sleep } from "node:timers/promises";
import { makePractitioner, testDatabaseUrl, uniqueReference } from "../support/database.js";
import type { RecordedCall } from "../support/fake-slack-api.js";
import { allText, findButton, SlackHarness, slackChannelId, type SlackUser } from "../adapters/slack/slack-harness.js";
import { seedAccessTeam } from "../adapters/slack/slack-staff.js";
import type { Practitioner } from "../../src/domain/types.js";

const ACCESS_CHANNEL = "C0ACCESSPGDROP";
const h = new SlackHarness();
let sql: pg.Client;
const dbName = () => decodeURIComponent(new URL(testDatabaseUrl()).pathname.slice(1));

beforeAll(async () => {
  await h.start();
  const admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  sql = new pg.Client({ connectionString: testDatabaseUrl() });
  await sql.connect();
  // Sleeps inside the writing transaction when the row belongs to the practitioner named in
  // reliability_hold, so the test can find that backend (wait_event PgSleep) and kill it.
  await sql.query(`
    CREATE TABLE reliability_hold (table_name text PRIMARY KEY, match uuid NOT NULL);
    CREATE FUNCTION reliability_hold_vote() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM reliability_hold WHERE table_name = 'votes' AND match = NEW.voter_id) THEN PERFORM pg_sleep(20); END IF;
      RETURN NEW;
    END $$;
    CREATE FUNCTION reliability_hold_case() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM reliability_hold WHERE table_name = 'cases' AND match = NEW.lead_id) THEN PERFORM pg_sleep(20); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER reliability_hold_votes BEFORE INSERT OR UPDATE ON votes FOR EACH ROW EXECUTE FUNCTION reliability_hold_vote();
    CREATE TRIGGER reliability_hold_cases BEFORE UPDATE ON cases FOR EACH ROW EXECUTE FUNCTION reliability_hold_case();`);
});

afterAll(async () => {
  await sql?.end();
  await h.stop();
});

const postsTo = (channel: string, blockId: string) =>
  h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel && (c.body.blocks as Array<{ block_id?: string }> | undefined)?.[0]?.block_id === blockId);

/** Kills the backend that is sleeping in the trigger, once it is there. */
async function killHeldBackend(): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    const { rows } = await sql.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()",
      [dbName()],
    );
    if (rows.length) {
      for (const r of rows) await sql.query("SELECT pg_terminate_backend($1)", [r.pid]);
      return;
    }
    await sleep(25);
  }
  throw new Error("no vote ever reached the held write");
}

async function replyTo(responseId: string): Promise<string> {
  const call = await h.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && c.path.endsWith(`/${responseId}`)), 25_000);
  return String(call.body.text);
}

describe("Postgres connection dropped during a vote", () => {
  let ref = "";
  let channel = "";
  let card: RecordedCall;
  let members: Practitioner[] = [];
  let users: SlackUser[] = [];
  let caseId = "";

  const votesOf = async (p: Practitioner) => h.prisma.vote.count({ where: { voterId: p.id, proposal: { caseId } } });
  const okAudits = async (p: Practitioner) => h.prisma.auditEvent.count({ where: { caseId, actorId: p.id, action: "vote.cast", outcome: "ok" } });

  beforeAll(async () => {
    ref = uniqueReference();
    channel = slackChannelId();
    members = Array.from({ length: 4 }, (_, i) => makePractitioner({ name: `Member ${i}` }));
    await h.services.uow.run(async (repos) => {
      for (const m of members) await repos.practitioners.create(m);
    });
    users = members.map((m) => ({ id: m.chat.slack!, name: m.handle }));
    await h.ok(users[0]!, channel, `case open ${ref} --status early-help`);
    for (const u of users.slice(1)) await h.ok(users[0]!, channel, `taf add ${ref} <@${u.id}|${u.name}>`);
    await h.ok(users[0]!, channel, `propose ${ref} <@${users[1]!.id}|${users[1]!.name}> knows the family --family agrees`);
    card = await h.fake.waitFor(() => postsTo(channel, "lead.proposal").find((p) => allText(p.body).includes(ref)));
    caseId = (await h.services.uow.run((r) => r.cases.getByReference(ref)))!.id;
  });

  const click = (i: number, action: string) =>
    h.click(users[i]!, findButton(card.body.blocks, action), { channel, messageTs: card.response?.ts as string });

  it("an ordinary vote: applied in full or not at all, and the voter is told which", async () => {
    const voter = members[2]!;
    await sql.query("INSERT INTO reliability_hold VALUES ('votes', $1)", [voter.id]);
    const clicked = await click(2, "lead.vote.agree");
    expect(clicked.status).toBe(200);
    await killHeldBackend();
    await sql.query("DELETE FROM reliability_hold");
    const text = await replyTo(clicked.responseId);

    if (text.includes("is recorded")) {
      // The unit of work retried on a fresh connection and the vote went through whole.
      expect(await votesOf(voter)).toBe(1);
      expect(await okAudits(voter)).toBe(1);
    } else {
      expect(text).toMatch(/sorry|went wrong|try again/i);
      expect(await votesOf(voter)).toBe(0);
      expect(await okAudits(voter)).toBe(0);
    }
    // The pool recovers: the same person votes again and it counts once.
    const again = await click(2, "lead.vote.agree");
    expect(await replyTo(again.responseId)).toContain("Your vote (agree) is recorded");
    expect(await votesOf(voter)).toBe(1);
  });

  it("the pool outlives more dropped connections than it holds (each one is discarded, not leaked)", async () => {
    const voter = members[2]!;
    // The harness's pool has 5 connections; a leaked one per drop would leave none after this.
    for (let round = 0; round < 7; round++) {
      await sql.query("INSERT INTO reliability_hold VALUES ('votes', $1)", [voter.id]);
      const clicked = await click(2, round % 2 ? "lead.vote.agree" : "lead.vote.abstain");
      await killHeldBackend();
      await sql.query("DELETE FROM reliability_hold");
      await replyTo(clicked.responseId);
    }
    const started = Date.now();
    const again = await click(2, "lead.vote.agree");
    expect(await replyTo(again.responseId)).toMatch(/Your vote \((agree)\) is recorded|already/);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(await votesOf(voter)).toBe(1);
  }, 60_000);

  it("the deciding vote: no half-written decision, and the decision lands once when retried", async () => {
    for (const i of [0, 3]) expect(await replyTo((await click(i, "lead.vote.agree")).responseId)).toContain("is recorded");
    const nominee = members[1]!;
    const outboxBefore = await h.prisma.outboxEntry.count();
    // Held at the write that makes the nominee lead: the vote, the tally and the proposal's
    // closing were already written in the same transaction.
    await sql.query("INSERT INTO reliability_hold VALUES ('cases', $1)", [nominee.id]);
    const clicked = await click(1, "lead.vote.accept");
    await killHeldBackend();
    await sql.query("DELETE FROM reliability_hold");
    const text = await replyTo(clicked.responseId);

    const proposal = await h.prisma.proposal.findFirstOrThrow({ where: { caseId } });
    const c = await h.services.uow.run((r) => r.cases.getByReference(ref));
    if (text.includes("You accepted")) {
      expect(proposal.state).toBe("agreed");
      expect(c!.leadId).toBe(nominee.id);
    } else {
      expect(text).toMatch(/sorry|went wrong|try again/i);
      expect(proposal.state).toBe("open");
      expect(proposal.closedAt).toBeNull();
      expect(c!.leadId).toBeNull();
      expect(await votesOf(nominee)).toBe(0);
      expect(await h.prisma.outboxEntry.count()).toBe(outboxBefore);
      expect(await h.prisma.auditEvent.count({ where: { caseId, action: { in: ["lead.appointed", "proposal.closed"] } } })).toBe(0);
      await sleep(500);
      expect(postsTo(channel, "lead.decision").filter((p) => allText(p.body).includes(ref))).toHaveLength(0);

      // The nominee presses Accept again: now the whole decision is written, and sent, once.
      const again = await click(1, "lead.vote.accept");
      expect(await replyTo(again.responseId)).toContain("You accepted");
    }
    for (const where of [channel, ACCESS_CHANNEL]) {
      await h.fake.waitFor(() => postsTo(where, "lead.decision").find((p) => allText(p.body).includes(ref)), 15_000);
    }
    await sleep(500);
    expect(postsTo(ACCESS_CHANNEL, "lead.decision").filter((p) => allText(p.body).includes(ref))).toHaveLength(1);
    expect((await h.prisma.proposal.findFirstOrThrow({ where: { caseId } })).state).toBe("agreed");
    expect((await h.services.uow.run((r) => r.cases.getByReference(ref)))!.leadId).toBe(nominee.id);
    expect(await votesOf(nominee)).toBe(1);
  });
});
