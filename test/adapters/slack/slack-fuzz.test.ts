// Thousands of random /lead texts, signed like Slack, thrown at the real endpoint. Every request
// is acknowledged inside 3 seconds; every reply is ephemeral and is help or a clear error (or,
// for the few commands that only read, their answer); the process stays up; and the database is
// unchanged.
//
// "Unchanged" is checked twice. The file has its own copy of the database (per-file-database.ts),
// so a content hash of every table taken before the fuzz must match one taken after, except for
// the audit trail's refusal entries and the request-dedupe keys, which the fuzz rightly adds. And
// the Prisma client under the app records every write it is asked to make: the only ones allowed
// are those same two kinds.
import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommandText } from "../../../src/grammar/parse-command-text.js";
import { DUPLICATE_TEXT } from "../../../src/adapters/slack/lead-command.js";
import { decodeSlackText } from "../../../src/adapters/slack/slack-text.js";
import { createPrismaClient, type PrismaClient } from "../../../src/infrastructure/prisma/client.js";
import { makePractitioner, testDatabaseUrl } from "../../support/database.js";
import { replyKind, SlackHarness, slackChannelId, slackUserId, type Reply, type SlackUser } from "./slack-harness.js";
import { seedAccessTeam } from "./slack-staff.js";

const REQUESTS = 3_000;
// A few more requests in flight than the app's pool has connections: enough to interleave
// commands, few enough that a busy CI machine does not turn pool waits into "internal errors".
const CONCURRENCY = 10;

interface Write {
  model: string | undefined;
  operation: string;
  args: unknown;
}

const WRITE_OPERATIONS = new Set([
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "$executeRaw",
  "$executeRawUnsafe",
]);

const writes: Write[] = [];
let recording = false;

/** Row count and content hash of each table; what the fuzz may add is left out (see above). */
type Snapshot = Record<string, { rows: number; hash: string }>;

async function snapshot(prisma: PrismaClient): Promise<Snapshot> {
  const tables = await prisma.$queryRawUnsafe<{ name: string }[]>(
    "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const out: Snapshot = {};
  for (const { name } of tables) {
    if (name === "processed_requests") continue;
    const where = name === "audit_events" ? "WHERE t.outcome::text <> 'refused'" : "";
    const [row] = await prisma.$queryRawUnsafe<{ rows: number; hash: string }[]>(
      `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS hash FROM "${name}" t ${where}`,
    );
    out[name] = row!;
  }
  return out;
}

async function refusalCount(prisma: PrismaClient): Promise<number> {
  return prisma.auditEvent.count({ where: { outcome: "refused" } });
}

function recordingClient(url: string): PrismaClient {
  const base = createPrismaClient(url, { poolSize: 8 });
  return base.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        const rawWrite = operation.startsWith("$queryRaw") && /"\s*(INSERT|UPDATE|DELETE)\b/i.test(JSON.stringify(args) ?? "");
        if (recording && (WRITE_OPERATIONS.has(operation) || rawWrite)) writes.push({ model, operation, args });
        return query(args);
      },
    },
  }) as unknown as PrismaClient;
}

/** A write the fuzz may cause: a refusal in the audit trail, or a dedupe key. */
function allowed(w: Write): boolean {
  if (w.model === "ProcessedRequest") return true;
  // The dedupe keys are claimed in plain SQL (infrastructure/prisma/processed-requests.ts): a
  // statement whose every write is to processed_requests.
  if (w.model === undefined && w.operation.startsWith("$")) {
    const sql = JSON.stringify(w.args) ?? "";
    const targets = [...sql.matchAll(/\b(?:INSERT INTO|DELETE FROM|UPDATE)\s+"?(\w+)"?/gi)].map((m) => m[1]);
    return targets.length > 0 && targets.every((t) => t === "processed_requests");
  }
  if (w.model === "AuditEvent" && w.operation === "create") {
    return (w.args as { data?: { outcome?: string } }).data?.outcome === "refused";
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Random texts: grammar words in random order, broken options, mentions real and fake, Slack's
// escapes, quotes, unicode, control characters, huge inputs and plain noise.

const FUZZ_PREFIX = `FZ${randomBytes(2).toString("hex").toUpperCase()}`;
const WORDS = [
  "case", "open", "status", "update", "link", "taf", "tac", "add", "remove", "propose", "vote", "agree", "object", "abstain",
  "accept", "decline", "review", "set", "done", "handover", "start", "escalate", "resolve", "appoint", "return", "ack",
  "acknowledge", "close", "override", "caseload", "practitioner", "professional", "whoami", "help", "access", "channel",
  "lead", "/lead", "as", "the", "lp", "next", "by", "in", "weeks", "working-days", "days", "months", "today", "tomorrow",
  "friday", "monday", "2026-11-23", "2026-02-30", "23/11/2026", "31 dec", "0", "-1", "999999999999", "1e9", "NaN",
  "early-help", "child-protection-plan", "looked-after", "sen", "young-offender", "cin-assessment", "nonsense-status",
  "continue", "step-up", "step-down", "closure", "leaving", "long-term-sick", "transition", "family-request",
  "agrees", "prefers", "not-asked", "permanent", "agency", "manager", "social-worker", "teacher",
];
const OPTIONS = ["--status", "--family", "--name", "--role", "--agency", "--handle", "--dbs", "--qualified", "--manager", "--mentor",
  "--capacity", "--availability", "--access-team", "--no-access-team", "--coordinator", "--executive", "--recommended",
  "--employment", "--", "---", "--=", "--status=", "—status", "–family", "--STATUS", "--unknown-option"];
const REFS = () => [`EH-2026-${FUZZ_PREFIX}${randomInt(1000)}`, `eh-2026-${FUZZ_PREFIX.toLowerCase()}`, "EH-", "EH-2026-", "E",
  `X-${"9".repeat(12)}`, "EH-2026-0042,", "EH-2026-0042.", "EH 2026 0042", "EH--1", "-EH-1"];
const PEOPLE = () => [`<@${slackUserId()}>`, `<@${slackUserId()}|someone>`, "<@>", "<@U1", "<@U 1|a b>", "@sam.patel", "@", "@@x",
  "@Sam Patel", "<#C123|general>", "<!channel>", "<!here>", "<!subteam^S1>", "&lt;@U123&gt;", "<https://example.org|link>", "<mailto:a@b.c>"];
const NOISE = ["&amp;", "&lt;", "&gt;", "&amp;lt;", "&", "<", ">", '"', '"unterminated', "\u201Ccurly\u201D", "'", "`", "```", "*bold*",
  "\u200B", "\uFEFF", "\u202E", "\u0000", "\u0007", "\t", "\n", "\r\n", "🙂", "e\u0301", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "'; DROP TABLE cases; --",
  "${jndi:ldap://x}", "{{7*7}}", "%00", "%s%s%s", "\\", "/", "{}", "[]", "null", "undefined", "true"];

const pick = <T>(xs: readonly T[]): T => xs[randomInt(xs.length)]!;

function randomNoise(length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) {
    const r = randomInt(100);
    s += r < 70 ? String.fromCharCode(32 + randomInt(95)) : r < 90 ? String.fromCharCode(0x80 + randomInt(0x2000)) : String.fromCharCode(randomInt(32));
  }
  return s;
}

/** Well-formed commands of every kind (most refer to cases and people that do not exist). */
function grammatical(): string {
  const ref = pick(REFS());
  const who = pick(PEOPLE());
  const reason = pick(["", "because", '"the family asked"', "school sees them daily &amp; more", pick(NOISE)]);
  const date = pick(["2026-12-01", "tomorrow", "next friday", "in 3 weeks", "in 2 working-days", "today", "2026-02-30"]);
  return pick([
    `case open ${ref} --status ${pick(WORDS)}`,
    `case status ${ref}`,
    `case update ${ref} --status early-help,sen`,
    `case link ${ref}`,
    "access channel",
    `taf add ${ref} ${who}`,
    `taf remove ${ref} ${who}`,
    `propose ${ref} ${who} ${reason} --family ${pick(["agrees", "not-asked", `prefers ${who}`, "maybe"])}`,
    `propose ${ref} ${who} as lead professional ${reason}`,
    `vote ${ref} ${pick(["agree", "object", "abstain", "accept", "decline", "maybe"])} ${reason}`,
    `review set ${ref} ${date}`,
    `review done ${ref} ${pick(["continue", "step-up", "step-down", "closure", "done"])} next ${date}`,
    `handover start ${ref} ${pick(["leaving", "transition", "family-request", "bored"])} by ${date}`,
    `escalate ${ref} ${reason || "no agreement"}`,
    `resolve ${ref} appoint ${who} ${reason || "decided"}`,
    `resolve ${ref} return ${reason || "decided"}`,
    `ack ${ref}`,
    `close ${ref} ${reason}`,
    `override ${ref} ${who} ${reason || "exceptional"}`,
    `caseload ${pick(["", who])}`,
    `practitioner add ${who} --handle fz.${FUZZ_PREFIX.toLowerCase()}.${randomInt(1000)} --name "Fuzz Person" --role teacher --agency "Fuzz School"`,
    `practitioner update ${who} --capacity ${pick(["3", "-1", "1000", "x"])} --availability ${pick(["leaving", "available", "asleep"])}`,
    "whoami",
    "lead whoami",
  ]);
}

/** A well-formed command with a word dropped, doubled, swapped or replaced by noise. */
function mutated(text: string): string {
  const words = text.split(" ");
  const i = randomInt(Math.max(1, words.length));
  switch (randomInt(4)) {
    case 0:
      words.splice(i, 1);
      break;
    case 1:
      words.splice(i, 0, words[i] ?? "");
      break;
    case 2: {
      const j = randomInt(Math.max(1, words.length));
      [words[i], words[j]] = [words[j] ?? "", words[i] ?? ""];
      break;
    }
    default:
      words[i] = pick(NOISE);
  }
  return words.join(" ");
}

/** Which generator made a text: the test checks that each one was drawn. */
type FuzzKind = "grammatical" | "mutated" | "noise" | "huge" | "long-reason" | "parts";

function randomText(): { kind: FuzzKind; text: string } {
  const r = randomInt(100);
  // Thresholds rise through the chain, so every generator gets its share of the draws.
  if (r < 30) return { kind: "grammatical", text: grammatical() };
  if (r < 45) return { kind: "mutated", text: mutated(grammatical()) };
  if (r < 49) return { kind: "noise", text: randomNoise(randomInt(0, 40)) };
  if (r < 52) return { kind: "huge", text: pick(WORDS).repeat(randomInt(300, 900)) };
  if (r < 55) return { kind: "long-reason", text: `propose ${REFS()[0]} ${pick(PEOPLE())} ${"long reason ".repeat(randomInt(40, 80))}` };
  const parts: string[] = [];
  const n = randomInt(0, 12);
  for (let i = 0; i < n; i++) {
    const k = randomInt(100);
    parts.push(k < 45 ? pick(WORDS) : k < 60 ? pick(OPTIONS) : k < 72 ? pick(REFS()) : k < 84 ? pick(PEOPLE()) : pick(NOISE));
  }
  const sep = () => pick([" ", " ", " ", "  ", "\t", "\n", "\u00A0", ""]);
  return { kind: "parts", text: parts.map((p, i) => (i === 0 ? p : sep() + p)).join("") };
}

// ---------------------------------------------------------------------------------------------

const h = new SlackHarness();
const unregistered: SlackUser = { id: slackUserId(), name: "fuzz.unregistered" };
const registered: SlackUser = { id: slackUserId(), name: "fuzz.registered" };

beforeAll(async () => {
  await h.start({ prisma: recordingClient(testDatabaseUrl()) });
  // An access team exists, so nobody can bootstrap themselves into it; the registered fuzzer is
  // an ordinary practitioner on no case at all.
  await seedAccessTeam(h);
  await h.services.uow.run((repos) =>
    repos.practitioners.create(makePractitioner({ name: "Fuzz Registered", handle: `fuzz.registered.${FUZZ_PREFIX.toLowerCase()}`, chat: { slack: registered.id } })),
  );
});

afterAll(async () => {
  await h.stop();
});

/** What the grammar makes of a text; the only commands a reply may succeed for are read-only. */
function expectation(text: string): { name: string | null } {
  const parsed = parseCommandText(decodeSlackText(text));
  return { name: parsed.ok ? parsed.command.name : null };
}

describe("fuzzing /lead", () => {
  it(`answers ${REQUESTS} random commands ephemerally with help or an error, never crashes, and changes nothing`, { timeout: 120_000 }, async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    writes.length = 0; // a retried attempt starts afresh
    const before = await snapshot(h.prisma);
    const refusalsBefore = await refusalCount(h.prisma);
    const started = Date.now();
    const since = new Date(started - 1_000);
    recording = true;

    const drawn = new Map<FuzzKind, number>();
    const results: Array<{ text: string; user: SlackUser; status: number; ms: number; reply: Reply | null; viaAck: boolean; responseId: string }> = [];
    const channel = slackChannelId();
    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const i = next++;
        const user = i % 2 === 0 ? unregistered : registered;
        const fuzz = randomText();
        drawn.set(fuzz.kind, (drawn.get(fuzz.kind) ?? 0) + 1);
        let text = fuzz.text;
        // The registered fuzzer could, by chance, type a valid `case open`: that would rightly
        // open a case. Such texts are turned into something the grammar refuses.
        if (user === registered && expectation(text).name === "case-open") text = `not ${text}`;
        // Texts go out as generated: some carry Slack's escapes (&amp; &lt;), some raw < and >.
        const sent = await h.command(user, channel, text);
        results.push({ text, user, status: sent.status, ms: sent.ms, reply: sent.json as Reply | null, viaAck: sent.json !== null, responseId: sent.responseId });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // Replies that were not in the ack come through the response_url: wait for all of them.
    const pending = results.filter((r) => r.status === 200 && !r.viaAck);
    await h.fake.waitFor(() => pending.every((r) => h.fake.responses(r.responseId).length > 0) || undefined, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    recording = false;
    process.off("unhandledRejection", onUnhandled);

    const problems: string[] = [];
    for (const r of results) {
      const replies = r.viaAck ? [r.reply!] : h.fake.responses(r.responseId).map((c) => c.body as Reply);
      const show = JSON.stringify(r.text.slice(0, 80));
      if (r.status !== 200) problems.push(`${show}: HTTP ${r.status}`);
      if (r.ms >= 3_000) problems.push(`${show}: ack took ${r.ms} ms`);
      if (replies.length !== 1) {
        problems.push(`${show}: ${replies.length} replies`);
        continue;
      }
      const reply = replies[0]!;
      const kind = replyKind(reply);
      if (reply.response_type !== "ephemeral") problems.push(`${show}: not ephemeral`);
      const { name } = expectation(r.text);
      const readOnlyAnswer =
        (name === "whoami" && kind === "text") || (name === "caseload" && r.user === registered && kind === "caseload");
      const duplicate = kind === "text" && String(reply.text).startsWith(DUPLICATE_TEXT.slice(0, 40));
      if (!(kind === "help" || kind === "error" || readOnlyAnswer || duplicate)) problems.push(`${show}: replied ${kind}: ${String(reply.text).slice(0, 80)}`);
      if (kind === "error" && String(reply.text).includes("Sorry, something went wrong")) problems.push(`${show}: internal error`);
    }
    // An internal error's cause is in the log (level "error"), not in the apology the user sees.
    const firstError = h.logLines.find((line) => line.includes('"level":"error"'))?.slice(0, 600) ?? "none";
    expect(problems.slice(0, 20), `${problems.length} problems; first logged error: ${firstError}`).toEqual([]);
    expect(unhandled).toEqual([]);

    // Both kinds of reply were exercised: the parser's (in the ack) and the domain's refusals.
    expect(results.filter((r) => r.viaAck).length).toBeGreaterThan(100);
    expect(results.filter((r) => !r.viaAck).length).toBeGreaterThan(100);

    // Every generator was drawn, huge inputs and long reasons included.
    for (const kind of ["grammatical", "mutated", "noise", "huge", "long-reason", "parts"] as const) {
      expect(drawn.get(kind) ?? 0, `texts of kind ${kind}`).toBeGreaterThan(REQUESTS / 100);
    }

    // Every table is as it was, row for row, but for refusals in the audit trail and dedupe keys…
    const after = await snapshot(h.prisma);
    expect(Object.keys(after).length).toBeGreaterThan(10);
    expect(after).toEqual(before);
    expect(await refusalCount(h.prisma)).toBeGreaterThan(refusalsBefore);

    // …nothing but those was even asked to be written…
    const forbidden = writes.filter((w) => !allowed(w));
    expect(forbidden.map((w) => `${w.model}.${w.operation}`)).toEqual([]);
    expect(writes.some((w) => w.model === "AuditEvent")).toBe(true);
    // …and the database agrees: no case, practitioner or successful action came from the fuzzers.
    expect(await h.prisma.case.count({ where: { reference: { contains: FUZZ_PREFIX } } })).toBe(0);
    expect(await h.prisma.practitioner.count({ where: { OR: [{ handle: { contains: FUZZ_PREFIX.toLowerCase() } }, { slackUserId: unregistered.id }] } })).toBe(1);
    const fuzzer = await h.services.uow.run((r) => r.practitioners.findByChatId("slack", registered.id));
    expect(await h.prisma.auditEvent.count({ where: { at: { gte: since }, outcome: "ok", OR: [{ actorId: fuzzer!.id }, { platform: "slack", actorId: null }] } })).toBe(0);

    // Still alive and still answering.
    const health = await fetch(`${h.base}/healthz`);
    expect(health.status).toBe(200);
    const help = await h.command(unregistered, channel, "help");
    expect(replyKind(help.json!)).toBe("help");
    expect(Date.now() - started).toBeLessThan(60_000);

    // Control: the recorder does see writes made inside the app's transactions.
    writes.length = 0;
    recording = true;
    await h.ok(registered, channel, `case open EH-2026-${FUZZ_PREFIX}CTRL --status early-help`);
    recording = false;
    expect(writes.filter((w) => !allowed(w)).map((w) => w.model)).toContain("Case");
    // …and the snapshot sees the case it opened.
    const changed = await snapshot(h.prisma);
    expect(changed.cases?.rows).toBe(after.cases!.rows + 1);
  });
});
