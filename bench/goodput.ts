// Goodput: the work done, not the acks. Signed Slack requests of the ack benchmark's mix are
// offered at a fixed rate (open loop: the next request leaves on schedule whether or not the
// last was answered) at 25, 50, 100 and 200 per second, to leadbot and to a bare Bolt app that
// only acks. For each rate it reports the ack p50/p99, the commands completed per second (the
// reply reached the response_url: the command's effect is committed before its reply is
// posted), the time from request to that reply (p50/p99), the share answered "busy", and the web
// process's RSS; then the targets and whether they were met. Then the same mix as Bot Framework
// activities to a web process running Teams (in local mode): messages done when their reply
// reaches the connector, vote buttons (adaptiveCard/action invokes) when their answer comes back.
// Never part of the tests.
//   npx tsx bench/goodput.ts [seconds per rate]
//   GOODPUT_ONLY=slack|teams, GOODPUT_RATES=25,100, GOODPUT_PROFILE=<dir> (a CPU profile of the web process)
import { createHmac, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { ACTION, encodeValue } from "../src/adapters/slack/action-values.js";
import { BUSY_TEXT } from "../src/adapters/slack/slack-context.js";
import type { AckFixtures } from "./ack-server.js";
import { rssMiB, startAckServer, stopAckServer } from "./ack-server-process.js";
import { percentile } from "./support.js";

const SECONDS = Number(process.argv[2] ?? 10);
const RATES = process.env.GOODPUT_RATES ? process.env.GOODPUT_RATES.split(",").map(Number) : [25, 50, 100, 200];
/** After the last request of a rate: how long its replies may still arrive and count. */
const GRACE_MS = 5_000;
const SECRET = `bench-${randomBytes(8).toString("hex")}`;
const BUSY_MARK = BUSY_TEXT.slice(0, 40);

/** `GOODPUT_PROFILE=<dir>`: leadbot's web process runs under --cpu-prof and writes its profile there. */
const PROFILE_DIR = process.env.GOODPUT_PROFILE;
const PROFILE_ARGS = PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [];
/** A profiled process gets the chance to write its profile. */
const STOP = PROFILE_DIR ? "SIGTERM" : "SIGKILL";

/** Where the replies go: Slack's response_url, here, so their arrival is timed where the requests leave. */
class ResponseUrls {
  readonly replies = new Map<string, { at: number; busy: boolean }>();
  private server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const trigger = decodeURIComponent((req.url ?? "").replace(/^\/respond\//, ""));
      if (!this.replies.has(trigger)) this.replies.set(trigger, { at: performance.now(), busy: body.includes(BUSY_MARK) });
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  base = "";

  async start(): Promise<void> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
  }
}

/** The Bot Framework connector Teams replies go to (the activities' serviceUrl): each reply's arrival, by the activity it answers. */
class Connector {
  readonly replies = new Map<string, { at: number; busy: boolean }>();
  private server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const replyTo = /\/v3\/conversations\/[^/]+\/activities\/([^/?]+)/.exec(req.url ?? "")?.[1];
      if (req.method === "POST" && replyTo && !this.replies.has(decodeURIComponent(replyTo))) {
        this.replies.set(decodeURIComponent(replyTo), { at: performance.now(), busy: body.includes(BUSY_MARK) });
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `bench-${randomBytes(4).toString("hex")}` }));
    });
  });
  base = "";

  async start(): Promise<void> {
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
  }
}

const BOT = { id: "28:00000000-0000-0000-0000-00000000b07", name: "leadbot" };
const TENANT = "11111111-2222-3333-4444-555555555555";

/** One activity of the same mix: 30% vote buttons (adaptiveCard/action invokes), 40% case status, 20% vote, 10% propose (messages in the case's channel). */
function teamsActivity(fixtures: AckFixtures, n: number, id: string, serviceUrl: string): { activity: Record<string, unknown>; invoke: boolean } {
  const i = n % fixtures.cases.length;
  const c = fixtures.cases[i]!;
  const voters = fixtures.teamsVoters![i]!;
  const voter = voters[Math.floor(n / fixtures.cases.length) % voters.length]!;
  const channel = `19:bench${i}@thread.tacv2`;
  const base = {
    id,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: "msteams",
    from: { id: voter.mri, name: "Bench Member", aadObjectId: voter.aad },
    conversation: { id: channel, conversationType: "channel", tenantId: TENANT, isGroup: true },
    recipient: BOT,
    channelData: { tenant: { id: TENANT }, team: { id: channel }, channel: { id: channel } },
    locale: "en-GB",
  };
  const kind = n % 10;
  const choice = (n >> 1) % 2 ? "agree" : "abstain";
  if (kind < 3) {
    const verb = `vote-${choice}`;
    return { invoke: true, activity: { ...base, type: "invoke", name: "adaptiveCard/action", replyToId: "bench-card", value: { action: { type: "Action.Execute", id: `a-${id}`, verb, data: { verb, ref: c.ref, proposalId: c.proposalId } }, trigger: "manual" } } };
  }
  const text = kind < 7 ? `case status ${c.ref}` : kind < 9 ? `vote ${c.ref} ${choice}` : `propose ${c.ref} @${c.nomineeHandle} knows the family`;
  const mention = `<at>${BOT.name}</at>`;
  return { invoke: false, activity: { ...base, type: "message", text: `${mention} ${text}`, textFormat: "plain", entities: [{ type: "mention", text: mention, mentioned: BOT }] } };
}

/** Offers Teams activities at `rate` a second: an invoke is done when its answer comes back, a message when its reply reaches the connector. */
async function offerTeams(port: number, fixtures: AckFixtures, rate: number, connector: Connector, pid: number | undefined): Promise<RateResult> {
  const total = Math.round(rate * SECONDS);
  const acks: number[] = [];
  const effects: number[] = [];
  const messages: { id: string; at: number }[] = [];
  let failed = 0;
  let busy = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  let last = start;
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const n = counter++;
    const id = `bench-${n}-${randomBytes(4).toString("hex")}`;
    const { activity, invoke } = teamsActivity(fixtures, n, id, connector.base);
    const at = performance.now();
    if (!invoke) messages.push({ id, at });
    inFlight.push(
      fetch(`http://127.0.0.1:${port}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) })
        .then(async (res) => {
          const text = await res.text();
          const took = performance.now() - at;
          acks.push(took);
          if (res.status !== 200) failed++;
          else if (text.includes(BUSY_MARK)) busy++;
          else if (invoke) {
            effects.push(took);
            last = Math.max(last, performance.now());
          }
        })
        .catch(() => void failed++),
    );
  }
  await Promise.all(inFlight);
  const end = performance.now() + GRACE_MS;
  while (performance.now() < end && messages.some((m) => !connector.replies.has(m.id))) await new Promise((r) => setTimeout(r, 50));
  for (const m of messages) {
    const reply = connector.replies.get(m.id);
    if (!reply) continue;
    if (reply.busy) busy++;
    else {
      effects.push(reply.at - m.at);
      last = Math.max(last, reply.at);
    }
  }
  return resultOf({ rate, sent: total, acks, effects, failed, busy, span: last - start, pid });
}

const sign = (timestamp: number, body: string) => `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;

/** One signed request of the mix (as bench/ack-latency.ts): 30% vote buttons, 40% case status, 20% vote, 10% propose. */
function slackRequest(fixtures: AckFixtures, n: number, trigger: string, responseUrl: string): { body: string; headers: Record<string, string> } {
  const c = fixtures.cases[n % fixtures.cases.length]!;
  const voter = c.voters[Math.floor(n / fixtures.cases.length) % c.voters.length]!;
  const kind = n % 10;
  let body: string;
  if (kind < 3) {
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
      response_url: responseUrl,
      actions: [{ action_id: choice === "agree" ? ACTION.agree : ACTION.abstain, block_id: `lead.vote.${c.proposalId}`, text: { type: "plain_text", text: choice }, value: encodeValue({ v: "vote", ref: c.ref, proposalId: c.proposalId, choice }), type: "button", action_ts: "1.0" }],
    };
    body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  } else {
    const text = kind < 7 ? `case status ${c.ref}` : kind < 9 ? `vote ${c.ref} ${(n >> 1) % 2 ? "agree" : "abstain"}` : `propose ${c.ref} @${c.nomineeHandle} knows the family`;
    body = new URLSearchParams({
      token: "deprecated", team_id: "TBENCH", team_domain: "bench", channel_id: c.channel, channel_name: "case", user_id: voter, user_name: voter,
      command: "/lead", text, api_app_id: "ABENCH", response_url: responseUrl, trigger_id: trigger,
    }).toString();
  }
  const timestamp = Math.floor(Date.now() / 1000);
  return { body, headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": sign(timestamp, body) } };
}

interface RateResult {
  rate: number;
  sent: number;
  /** Completed commands per second, over the time from the first request to the last completion (at least the run). */
  perSecond: number;
  ackP50: number;
  ackP99: number;
  failed: number;
  busy: number;
  completed: number;
  effectP50: number | null;
  effectP99: number | null;
  rss: number | null;
}

/** A rate's figures from its timings (ms); `span` is from the first request to the last completion. */
async function resultOf(o: { rate: number; sent: number; acks: number[]; effects: number[]; failed: number; busy: number; span: number; pid: number | undefined }): Promise<RateResult> {
  const { effects } = o;
  return {
    rate: o.rate,
    sent: o.sent,
    perSecond: effects.length / Math.max(SECONDS, o.span / 1000),
    ackP50: percentile(o.acks, 50),
    ackP99: percentile(o.acks, 99),
    failed: o.failed,
    busy: o.busy,
    completed: effects.length,
    effectP50: effects.length ? percentile(effects, 50) : null,
    effectP99: effects.length ? percentile(effects, 99) : null,
    rss: await rssMiB(o.pid),
  };
}

let counter = 0;

/** Offers `rate` requests a second for SECONDS, each on its own schedule; waits for the stragglers. */
async function offer(port: number, fixtures: AckFixtures, rate: number, urls: ResponseUrls, pid: number | undefined): Promise<RateResult> {
  const total = Math.round(rate * SECONDS);
  const acks: number[] = [];
  const sent: { trigger: string; at: number }[] = [];
  let failed = 0;
  let busy = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const n = counter++;
    const trigger = `${n}.${randomBytes(6).toString("hex")}`;
    const { body, headers } = slackRequest(fixtures, n, trigger, `${urls.base}/respond/${encodeURIComponent(trigger)}`);
    const at = performance.now();
    sent.push({ trigger, at });
    inFlight.push(
      fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", headers, body })
        .then(async (res) => {
          const text = await res.text();
          acks.push(performance.now() - at);
          if (res.status !== 200) failed++;
          if (text.includes(BUSY_MARK)) busy++;
        })
        .catch(() => void failed++),
    );
  }
  await Promise.all(inFlight);
  const end = performance.now() + GRACE_MS;
  while (performance.now() < end && sent.some((s) => !urls.replies.has(s.trigger))) await new Promise((r) => setTimeout(r, 50));
  const effects: number[] = [];
  let last = start;
  for (const s of sent) {
    const reply = urls.replies.get(s.trigger);
    if (!reply) continue;
    if (reply.busy) busy++;
    else {
      effects.push(reply.at - s.at);
      last = Math.max(last, reply.at);
    }
  }
  return resultOf({ rate, sent: total, acks, effects, failed, busy, span: last - start, pid });
}

/** Keeping up at a rate: every command done, none refused, and done within a second (an unbounded queue is not keeping up). */
const saturated = (r: RateResult) => r.busy === 0 && r.failed === 0 && r.completed === r.sent && r.effectP99 !== null && r.effectP99 < 1000;

const ms = (v: number | null) => (v === null ? "  n/a" : `${Math.round(v).toString().padStart(5)}`);
const met = (ok: boolean) => (ok ? "met" : "MISSED");

/** GOODPUT_ONLY=slack|teams runs one platform. */
const ONLY = process.env.GOODPUT_ONLY;
const urls = new ResponseUrls();
await urls.start();
if (ONLY !== "teams") {
  const bare = await startAckServer("bare", SECRET);
  const leadbot = await startAckServer("leadbot", SECRET, PROFILE_ARGS);
  try {
    console.log(`${leadbot.fixtures.cases.length} cases with open proposals; mix: 40% case status, 20% vote, 10% propose (slash commands), 30% vote buttons; ${SECONDS} s per rate, open loop`);
    console.log(`leadbot web process RSS, idle after start-up: ${await rssMiB(leadbot.child.pid)} MiB`);
    // A short warm-up of each.
    await offer(bare.fixtures.port, leadbot.fixtures, 10, urls, bare.child.pid);
    await offer(leadbot.fixtures.port, leadbot.fixtures, 10, urls, leadbot.child.pid);
    const results: { rate: number; bare: RateResult; leadbot: RateResult }[] = [];
    console.log("rate/s | bare ack p50/p99 ms | leadbot ack p50/p99 ms | completed/s | request→effect p50/p99 ms | busy | failed | RSS MiB");
    for (const rate of RATES) {
      const b = await offer(bare.fixtures.port, leadbot.fixtures, rate, urls, bare.child.pid);
      const l = await offer(leadbot.fixtures.port, leadbot.fixtures, rate, urls, leadbot.child.pid);
      results.push({ rate, bare: b, leadbot: l });
      const busyShare = `${l.busy} (${((100 * l.busy) / l.sent).toFixed(1)}%)`;
      console.log(
        `${String(rate).padStart(6)} | ${ms(b.ackP50)} ${ms(b.ackP99)} | ${ms(l.ackP50)} ${ms(l.ackP99)} | ${l.perSecond.toFixed(1).padStart(11)} | ${ms(l.effectP50)} ${ms(l.effectP99)} | ${busyShare} | ${l.failed} | ${l.rss ?? "?"}`,
      );
    }
    const at100 = results.find((r) => r.rate === 100);
    const saturation = Math.max(0, ...results.filter((r) => saturated(r.leadbot)).map((r) => r.rate));
    const rss = await rssMiB(leadbot.child.pid);
    console.log("targets (2-core machine):");
    if (at100) console.log(`  at 100/s: 0 busy: ${at100.leadbot.busy} busy, ${met(at100.leadbot.busy === 0)}`);
    if (at100) console.log(`  at 100/s: ack p99 ≤ 2× bare Bolt: ${Math.round(at100.leadbot.ackP99)} vs ${Math.round(at100.bare.ackP99)} ms (${(at100.leadbot.ackP99 / Math.max(1, at100.bare.ackP99)).toFixed(2)}×), ${met(at100.leadbot.ackP99 <= 2 * Math.max(1, at100.bare.ackP99))}`);
    if (at100) console.log(`  at 100/s: request → effect p99 < 1 s: ${ms(at100.leadbot.effectP99).trim()} ms, ${met(at100.leadbot.effectP99 !== null && at100.leadbot.effectP99 < 1000 && at100.leadbot.completed === at100.leadbot.sent)}`);
    console.log(`  saturation (highest rate with every command done, none busy, request → effect p99 < 1 s) ≥ 150/s: ${saturation}/s, ${met(saturation >= 150)}`);
    console.log(`  web RSS after the runs < 300 MiB: ${rss} MiB, ${met(rss !== null && rss < 300)}`);
    for (const r of results) if (r.leadbot.busy > 0 && r.rate <= 100) console.log(`  a miss: ${r.leadbot.busy} commands refused as busy at ${r.rate}/s`);
  } finally {
    await stopAckServer(bare, STOP);
    await stopAckServer(leadbot, STOP);
  }
}
await urls.stop();

// Teams: the same mix as Bot Framework activities to a web process running Teams alone.
if (ONLY !== "slack") {
  const connector = new Connector();
  await connector.start();
  const teams = await startAckServer("teams", SECRET, PROFILE_ARGS);
  try {
    console.log(`\nTeams (local mode, no token checks): leadbot web process RSS, idle after start-up: ${await rssMiB(teams.child.pid)} MiB`);
    await offerTeams(teams.fixtures.port, teams.fixtures, 10, connector, teams.child.pid);
    console.log("rate/s | HTTP answer p50/p99 ms | completed/s | request→effect p50/p99 ms | busy | failed | RSS MiB");
    const results: RateResult[] = [];
    for (const rate of RATES) {
      const r = await offerTeams(teams.fixtures.port, teams.fixtures, rate, connector, teams.child.pid);
      results.push(r);
      console.log(`${String(rate).padStart(6)} | ${ms(r.ackP50)} ${ms(r.ackP99)} | ${r.perSecond.toFixed(1).padStart(11)} | ${ms(r.effectP50)} ${ms(r.effectP99)} | ${r.busy} (${((100 * r.busy) / r.sent).toFixed(1)}%) | ${r.failed} | ${r.rss ?? "?"}`);
    }
    const at100 = results.find((r) => r.rate === 100);
    const saturation = Math.max(0, ...results.filter(saturated).map((r) => r.rate));
    if (at100) console.log(`  at 100/s: 0 busy and request → effect p99 < 1 s: ${at100.busy} busy, p99 ${ms(at100.effectP99).trim()} ms, ${met(at100.busy === 0 && at100.effectP99 !== null && at100.effectP99 < 1000 && at100.completed === at100.sent)}`);
    console.log(`  saturation (every command done, none busy, request → effect p99 < 1 s) ≥ 150/s: ${saturation}/s, ${met(saturation >= 150)}`);
  } finally {
    await stopAckServer(teams, STOP);
    await connector.stop();
  }
}
