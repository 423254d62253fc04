// Ack latency: signed `/lead` slash commands (case status, vote, propose) and vote button clicks
// at 50 and 200 concurrent connections against leadbot's real Slack endpoint, side by side with
// a bare Bolt app whose listeners only ack. Every request is signed as Slack signs it, with a
// fresh timestamp and its own trigger id (leadbot handles each trigger id once).
//   npx tsx bench/ack-latency.ts [seconds per run]
import { createHmac, randomBytes } from "node:crypto";
import autocannon from "autocannon";
import { ACTION, encodeValue } from "../src/adapters/slack/action-values.js";
import type { AckFixtures } from "./ack-server.js";
import { rssMiB, startAckServer, stopAckServer } from "./ack-server-process.js";

const SECONDS = Number(process.argv[2] ?? 10);
const SECRET = `bench-${randomBytes(8).toString("hex")}`;

const sign = (timestamp: number, body: string) => `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;

/** One signed Slack request of the mix; `n` picks the kind and the case. */
function slackRequest(fixtures: AckFixtures, n: number): { body: string; headers: Record<string, string> } {
  const c = fixtures.cases[n % Math.max(1, fixtures.cases.length)] ?? { ref: "EH-BENCH-0000", proposalId: "00000000-0000-4000-8000-000000000000", channel: "CBENCH0", voters: ["UB0X1"], nominee: "UB0X0", nomineeHandle: "bench.0.0" };
  const voter = c.voters[Math.floor(n / fixtures.cases.length) % c.voters.length] ?? "UB0X1";
  const trigger = `${n}.${randomBytes(6).toString("hex")}`;
  const kind = n % 10;
  let body: string;
  if (kind < 3) {
    // A vote button click (agree / abstain alternately, so they are changes of mind, not double clicks).
    const choice = (n >> 1) % 2 ? "agree" : "abstain";
    const payload = {
      type: "block_actions",
      user: { id: voter, username: voter, name: voter, team_id: "TBENCH" },
      api_app_id: "ABENCH",
      token: "deprecated",
      container: { type: "message", message_ts: "1.0", channel_id: c.channel, is_ephemeral: false },
      trigger_id: trigger,
      team: { id: "TBENCH", domain: "bench" },
      channel: { id: c.channel, name: "case" },
      response_url: `http://127.0.0.1:9/respond/${trigger}`,
      actions: [{ action_id: choice === "agree" ? ACTION.agree : ACTION.abstain, block_id: `lead.vote.${c.proposalId}`, text: { type: "plain_text", text: choice }, value: encodeValue({ v: "vote", ref: c.ref, proposalId: c.proposalId, choice }), type: "button", action_ts: "1.0" }],
    };
    body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  } else {
    const text = kind < 7 ? `case status ${c.ref}` : kind < 9 ? `vote ${c.ref} ${(n >> 1) % 2 ? "agree" : "abstain"}` : `propose ${c.ref} @${c.nomineeHandle} knows the family`;
    body = new URLSearchParams({
      token: "deprecated", team_id: "TBENCH", team_domain: "bench", channel_id: c.channel, channel_name: "case", user_id: voter, user_name: voter,
      command: "/lead", text, api_app_id: "ABENCH", response_url: `http://127.0.0.1:9/respond/${trigger}`, trigger_id: trigger,
    }).toString();
  }
  const timestamp = Math.floor(Date.now() / 1000);
  return { body, headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": sign(timestamp, body) } };
}

interface Figures {
  p50: number;
  p99: number;
  max: number;
  rps: number;
  non2xx: number;
  errors: number;
}

async function load(port: number, fixtures: AckFixtures, connections: number): Promise<Figures> {
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        path: "/slack/events",
        setupRequest: (req) => {
          const { body, headers } = slackRequest(fixtures, n++);
          return { ...req, body, headers };
        },
      },
    ],
  });
  return { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, rps: result.requests.average, non2xx: result.non2xx, errors: result.errors };
}

interface AfterAck {
  running: number;
  queued: number;
  completed: number;
  refused: number;
}

const afterAck = async (port: number): Promise<AfterAck> => (await fetch(`http://127.0.0.1:${port}/bench/after-ack`)).json() as Promise<AfterAck>;

/**
 * Waits (up to 3 minutes) for the work leadbot queued behind its acks to finish, so a run does
 * not inherit the last one's backlog; says how long that took and how much was refused as busy.
 */
async function settle(port: number, before: AfterAck): Promise<string> {
  const started = Date.now();
  let now = await afterAck(port);
  while (now.running + now.queued > 0 && Date.now() - started < 180_000) {
    await new Promise((r) => setTimeout(r, 100));
    now = await afterAck(port);
  }
  const done = now.completed - before.completed;
  const refused = now.refused - before.refused;
  const left = now.running + now.queued;
  return `work behind the acks: ${done} requests finished, the last ${((Date.now() - started) / 1000).toFixed(1)} s after the load stopped; ${refused} refused as busy (queue full)${left ? `; ${left} still unfinished` : ""}`;
}

const line = (name: string, f: Figures) =>
  `${name.padEnd(9)} p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(5)} ms  max ${String(f.max).padStart(5)} ms  ${Math.round(f.rps).toString().padStart(5)} req/s  non-2xx ${f.non2xx}  errors ${f.errors}`;

const bare = await startAckServer("bare", SECRET);
const leadbot = await startAckServer("leadbot", SECRET);
try {
  console.log(`${leadbot.fixtures.cases.length} cases with open proposals; mix: 40% case status, 20% vote, 10% propose (slash commands), 30% vote buttons; ${SECONDS} s per run`);
  console.log(`leadbot web process RSS, idle after start-up: ${`${await rssMiB(leadbot.child.pid) ?? "unknown"} MiB`}`);
  for (const connections of [50, 200]) {
    // A short warm-up of each, then the measured runs.
    if (connections === 50) {
      await load(bare.fixtures.port, bare.fixtures, 10);
      await load(leadbot.fixtures.port, leadbot.fixtures, 10);
      await settle(leadbot.fixtures.port, await afterAck(leadbot.fixtures.port));
    }
    const b = await load(bare.fixtures.port, leadbot.fixtures, connections);
    const before = await afterAck(leadbot.fixtures.port);
    const l = await load(leadbot.fixtures.port, leadbot.fixtures, connections);
    const behind = await settle(leadbot.fixtures.port, before);
    console.log(`-- ${connections} concurrent connections`);
    console.log(line("bare Bolt", b));
    console.log(line("leadbot", l));
    console.log(`p99 ratio leadbot / bare Bolt: ${(l.p99 / Math.max(1, b.p99)).toFixed(2)} (target ≤ 2; p99 target < 300 ms at 200)`);
    console.log(`leadbot ${behind}`);
  }
  console.log(`leadbot web process RSS after the runs: ${`${await rssMiB(leadbot.child.pid) ?? "unknown"} MiB`}`);
} finally {
  await stopAckServer(bare);
  await stopAckServer(leadbot);
}
