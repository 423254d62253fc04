// Two web processes and two workers behind a round-robin proxy, on one database and one Redis
// prefix, as a council would run replicas: a whole case driven from Slack (every request lands on
// the other process from the one before), and every message reaches Slack once.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createServices, type Services } from "../../../src/composition/services.js";
import { loadConfig } from "../../../src/config/env.js";
import { createPrismaClient, type PrismaClient } from "../../../src/infrastructure/prisma/client.js";
import { testDatabaseUrl, uniqueReference } from "../../support/database.js";
import type { RecordedCall } from "../../support/fake-slack-api.js";
import { allText, BOT_TOKEN, findButton, SlackHarness, slackChannelId } from "../../adapters/slack/slack-harness.js";
import { register, seedAccessTeam, type StaffMember } from "../../adapters/slack/slack-staff.js";
import { deletePrefixKeys, REDIS_URL } from "../worker/support/harness.js";
import { RoundRobinProxy, startReplica, stopReplica, type Replica } from "./replica-processes.js";

const prefix = `${inject("redisPrefix")}-replicas`;
const ACCESS_CHANNEL = "C0ACCESSREPL";

/** The Slack harness, pointed at the proxy instead of a server of its own. */
class ProxiedSlack extends SlackHarness {
  proxyUrl = "";
  override get base(): string {
    return this.proxyUrl;
  }
}

const h = new ProxiedSlack();
const replicas: Replica[] = [];
let proxy: RoundRobinProxy;
let prisma: PrismaClient;
let services: Services;
let admin: StaffMember;

beforeAll(async () => {
  await h.fake.start();
  const env = {
    NODE_ENV: "development",
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL,
    REDIS_PREFIX: prefix,
    RUN_WORKER: "false",
    PLAYGROUND: "",
    SLACK_SIGNING_SECRET: h.secret,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: h.fake.apiUrl,
    MICROSOFT_APP_ID: "",
    MICROSOFT_APP_PASSWORD: "",
    MICROSOFT_APP_TENANT_ID: "",
    TEAMS_EMULATOR: "",
  };
  // One at a time: both would otherwise race to apply the same migrations on first start.
  replicas.push(await startReplica("web-1", "web", env));
  replicas.push(await startReplica("web-2", "web", env));
  replicas.push(...(await Promise.all([startReplica("worker-1", "worker", env), startReplica("worker-2", "worker", env)])));
  proxy = new RoundRobinProxy(replicas.filter((r) => r.base).map((r) => r.base!));
  await proxy.start();
  h.proxyUrl = proxy.url;

  prisma = createPrismaClient(testDatabaseUrl(), { poolSize: 2 });
  services = createServices(loadConfig({ DATABASE_URL: testDatabaseUrl(), PLAYGROUND: "off", RUN_WORKER: "false" }), pino({ level: "silent" }), { prisma });
  h.services = services;
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
}, 180_000);

afterAll(async () => {
  await proxy?.stop();
  await Promise.all(replicas.map(stopReplica));
  await h.fake.stop();
  await prisma?.$disconnect();
  await deletePrefixKeys(prefix);
}, 60_000);

const posts = () => h.fake.callsTo("chat.postMessage");
const firstBlockId = (call: RecordedCall) => ((call.body.blocks ?? []) as Array<{ block_id?: string }>)[0]?.block_id;
const postsTo = (channel: string, blockId: string, ref: string) => posts().filter((c) => c.body.channel === channel && firstBlockId(c) === blockId && allText(c.body).includes(ref));

describe("two web processes and two workers behind a round-robin proxy", () => {
  it("run a whole case from Slack, each message reaching Slack once", async () => {
    const mo = await register(h, admin, ACCESS_CHANNEL, "Mo Manager", "manager");
    const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: mo });
    const hana = await register(h, admin, ACCESS_CHANNEL, "Hana Health", "health-visitor", { manager: mo, agency: "Health Visiting" });
    const tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher", { manager: mo, agency: "Oak Primary School" });
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    for (const m of [hana, tom]) await h.ok(fay, channel, `taf add ${ref} <@${m.id}|${m.handle}>`);
    await h.ok(fay, channel, `propose ${ref} <@${hana.id}|${hana.handle}> sees the family weekly --family agrees`);

    const card = await h.fake.waitFor(() => postsTo(channel, "lead.proposal", ref)[0]);
    const where = { channel, messageTs: card.response?.ts as string };
    for (const [who, action] of [
      [fay, "lead.vote.agree"],
      [tom, "lead.vote.agree"],
      [hana, "lead.vote.accept"],
    ] as const) {
      const clicked = await h.click(who, findButton(card.body.blocks, action), where);
      expect(clicked.status).toBe(200);
    }

    // The decision reaches the case channel, the access team channel and the new lead.
    await h.fake.waitFor(() => postsTo(channel, "lead.decision", ref)[0], 20_000);
    await h.fake.waitFor(() => postsTo(ACCESS_CHANNEL, "lead.decision", ref)[0], 20_000);
    await h.ok(hana, channel, `review set ${ref} 2027-03-01`);
    // Room for a second copy to arrive, from a worker's safety net or the other web process.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(postsTo(channel, "lead.proposal", ref)).toHaveLength(1);
    expect(postsTo(channel, "lead.decision", ref)).toHaveLength(1);
    expect(postsTo(ACCESS_CHANNEL, "lead.decision", ref)).toHaveLength(1);
    const c = await services.uow.run((r) => r.cases.getByReference(ref));
    expect(c?.reviewDate).toBe("2027-03-01");

    // No message was posted twice anywhere.
    const seen = posts().map((p) => JSON.stringify([p.body.channel, p.body.text, p.body.blocks]));
    expect(seen.length).toBeGreaterThan(5);
    expect(new Set(seen).size).toBe(seen.length);
    // Both web processes took part.
    expect(new Set(proxy.routed).size).toBe(2);
  }, 120_000);
});
