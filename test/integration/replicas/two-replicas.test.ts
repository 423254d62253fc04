// Two web processes and two workers behind a round-robin proxy, on one database and one Redis
// prefix, as a council would run replicas, with Slack and Teams (with credentials: activities
// signed by a local Bot Framework stand-in, replies carrying Entra ID tokens) both configured:
// a whole case driven from Slack and another from Teams (every request lands on the other process
// from the one before, so a Teams file consent's Allow reaches the process that did not offer
// it), and every message reaches each platform once.
import { randomBytes, randomUUID } from "node:crypto";
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
import { FakeBotFrameworkIdentity } from "../../support/fake-bot-framework-identity.js";
import { FakeEntraId } from "../../support/fake-entra-id.js";
import { cardOf, cardText, FakeTeamsConnector, type ConnectorCall } from "../../support/fake-teams-connector.js";
import { createTestRepos, makePractitioner, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, personalChat, teamChannel, teamsUser, type Conversation, type TeamsUser } from "../../adapters/teams/teams-harness.js";

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
const appId = randomUUID();
const appSecret = `secret-${randomBytes(8).toString("hex")}`;
const identity = new FakeBotFrameworkIdentity(appId);
const entra = new FakeEntraId({ [appId]: appSecret });
const connector = new FakeTeamsConnector();
/** Where Teams would open the upload session (OneDrive, https); the replicas' preload routes it to the fake connector. */
const UPLOAD_ORIGIN = "https://uploads.onedrive.example/session/";
let serviceUrl = "";
let db: TestDatabase;

beforeAll(async () => {
  await h.fake.start();
  await identity.start();
  await entra.start();
  serviceUrl = await connector.start();
  db = createTestRepos();
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
    MICROSOFT_APP_ID: appId,
    MICROSOFT_APP_PASSWORD: appSecret,
    MICROSOFT_APP_TENANT_ID: "",
    MICROSOFT_APP_TYPE: "MultiTenant",
    TEAMS_EMULATOR: "",
    ...identity.env(),
    // Each process's calls to Entra ID's login host go to the stand-in (see loopback-login.ts).
    LEADBOT_TEST_ENTRA_PORT: String(entra.port),
    LEADBOT_TEST_UPLOAD_ORIGIN: UPLOAD_ORIGIN,
    LEADBOT_TEST_UPLOAD_TARGET: connector.uploadUrl(""),
  };
  const options = { preload: ["test/support/loopback-login-preload.ts"] };
  // One at a time: both would otherwise race to apply the same migrations on first start.
  replicas.push(await startReplica("web-1", "web", env, options));
  replicas.push(await startReplica("web-2", "web", env, options));
  replicas.push(...(await Promise.all([startReplica("worker-1", "worker", env, options), startReplica("worker-2", "worker", env, options)])));
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
  await connector.stop();
  await entra.stop();
  await identity.stop();
  await db?.cleanup();
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

  it("run a whole case from Teams, the file consent's Allow reaching the other process, each message reaching Teams once", async () => {
    const t = randomBytes(3).toString("hex");
    const [ada, hana, tom] = [teamsUser("Ada Access"), teamsUser("Hana Health"), teamsUser("Tom Teacher")];
    const chats = new Map<TeamsUser, Conversation>([ada, hana, tom].map((u) => [u, personalChat()]));
    const chat = (u: TeamsUser) => chats.get(u)!;
    const access = { accessTeam: true, coordinator: false, executive: false };
    await db.repos.practitioners.create(makePractitioner({ handle: `ada.${t}`, name: "Ada Access", duties: access, chat: { teams: ada.aad } }));
    await db.repos.practitioners.create(makePractitioner({ handle: `hana.${t}`, name: "Hana Health", role: "health-visitor", agency: "Health Visiting", chat: { teams: hana.aad } }));
    await db.repos.practitioners.create(makePractitioner({ handle: `tom.${t}`, name: "Tom Teacher", role: "teacher", agency: "Oak Primary School", chat: { teams: tom.aad } }));
    const make = new ActivityFactory(serviceUrl);
    const post = async (activity: Record<string, unknown>) => {
      const res = await fetch(`${proxy.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: identity.authorization(activity) },
        body: JSON.stringify(activity),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
    };
    const until = async <T>(what: string, probe: () => T | undefined | null, timeoutMs = 20_000): Promise<T> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const sentTo = (conversation: Conversation, mark: number) =>
      connector.since(mark).filter((c) => (c.kind === "send" || c.kind === "reply") && c.conversationId.split(";messageid=")[0] === conversation.id);
    const saying = (calls: ConnectorCall[], words: string) => calls.find((c) => cardText(cardOf(c.activity)).includes(words) || String(c.activity.text ?? "").includes(words));
    const start = connector.mark();

    for (const u of [ada, hana, tom]) expect((await post(make.membersAdded(u, chat(u), [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
    const ref = uniqueReference();
    const channel = teamChannel();
    expect((await post(make.message(hana, channel, `case open ${ref} --status early-help`))).status).toBe(200);
    await until("the case opened", () => saying(sentTo(channel, start), ref));
    expect((await post(make.message(hana, channel, `taf add ${ref} <at>${tom.name}</at>`, [tom]))).status).toBe(200);
    await until("Tom on the TAF", () => saying(sentTo(channel, start), "Tom Teacher"));
    expect((await post(make.message(hana, channel, `propose ${ref} <at>${tom.name}</at> sees the family every day --family agrees`, [tom]))).status).toBe(200);
    const proposalCard = await until("the proposal card", () => sentTo(channel, start).map((c) => cardOf(c.activity)).find((c) => c?.refresh !== undefined));
    const proposalId = (proposalCard!.refresh as { action: { data: { proposalId: string } } }).action.data.proposalId;
    for (const [who, verb] of [[tom, "vote-accept"], [hana, "vote-agree"]] as const) {
      const res = await post(make.invoke(who, channel, verb, { verb, ref, proposalId }));
      expect(res.status).toBe(200);
    }
    await until("the new lead told", () => saying(sentTo(chat(tom), start), `You are now the lead professional for ${ref}.`));
    const c = await services.uow.run((r) => r.cases.getByReference(ref));
    expect(c?.leadId).not.toBeNull();

    // The audit CSV: offered by one process, allowed on the other.
    const CONSENT = "application/vnd.microsoft.teams.card.file.consent";
    expect((await post(make.message(ada, chat(ada), `audit ${ref}`))).status).toBe(200);
    const offeredBy = proxy.routed.at(-1);
    const offer = await until("the file consent card", () =>
      sentTo(chat(ada), start).flatMap((call) => ((call.activity.attachments as { contentType: string; name?: string; content?: { acceptContext?: unknown } }[] | undefined) ?? []).filter((a) => a.contentType === CONSENT))[0],
    );
    const uniqueId = randomUUID();
    const info = { name: offer.name, uploadUrl: `${UPLOAD_ORIGIN}${uniqueId}`, contentUrl: `https://contoso-my.sharepoint.example/personal/ada/${offer.name}`, fileType: "csv", uniqueId };
    expect((await post(make.fileConsent(ada, chat(ada), "accept", offer.content!.acceptContext, info))).status).toBe(200);
    expect(proxy.routed.at(-1)).not.toBe(offeredBy);
    const upload = await until("the upload", () => connector.since(start).find((call) => call.kind === "upload" && call.activityId === uniqueId));
    expect(upload.body).toContain(ref);
    // Room for a second copy to arrive, from a worker's safety net or the other web process.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    expect(connector.since(start).filter((call) => call.kind === "upload")).toHaveLength(1);
    const posted = connector.since(start).filter((call) => call.kind === "send" || call.kind === "reply");
    const seen = posted.map((call) => JSON.stringify([call.conversationId.split(";messageid=")[0], call.activity.text ?? null, call.activity.attachments ?? null]));
    expect(seen.length).toBeGreaterThan(8);
    expect(new Set(seen).size).toBe(seen.length);
    // With credentials: every call to the connector carried a token Entra ID issued.
    const issued = new Set(entra.issued);
    for (const call of connector.since(start).filter((x) => x.kind !== "upload")) expect(issued.has((call.authorization ?? "").replace(/^Bearer /, ""))).toBe(true);
  }, 120_000);
});
