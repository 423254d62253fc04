// Teams with Microsoft app credentials, end to end, for both app types a council may register:
// activities carry RS256 tokens signed by a local stand-in for the Bot Framework (its OpenID
// metadata and keys, configured with TEAMS_OPENID_METADATA_URL / TEAMS_TOKEN_ISSUER), and every
// call the bot makes to the connector carries a bearer token that a local stand-in for Entra ID
// issued. A correctly signed token runs a whole propose → vote → decision; every forgery is a 401
// and audited; keys that cannot be fetched are a 503 and audited, never a 500.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Practitioner } from "../../../src/domain/types.js";
import { createTestRepos, makePractitioner, uniqueReference, type TestDatabase } from "../../support/database.js";
import { FakeBotFrameworkIdentity, FORGERIES } from "../../support/fake-bot-framework-identity.js";
import { FakeEntraId } from "../../support/fake-entra-id.js";
import { cardOf, cardText } from "../../support/fake-teams-connector.js";
import { ActivityFactory, BOT, cardsSentTo, invokeCardOf, personalChat, startHarness, teamChannel, teamsUser, TENANT, type Conversation, type Harness, type TeamsUser } from "./teams-harness.js";

const BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default";

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each([
  ["MultiTenant", {}, "botframework.com"],
  ["SingleTenant", { MICROSOFT_APP_TENANT_ID: TENANT }, TENANT],
] as const)("Teams with credentials (%s)", (appType, extra, tokenTenant) => {
  const appId = randomUUID();
  const secret = `secret-${randomBytes(8).toString("hex")}`;
  const t = randomBytes(3).toString("hex");
  const hana = teamsUser("Hana Health");
  const tom = teamsUser("Tom Teacher");
  const meg = teamsUser("Meg Manager");
  const chats = new Map<TeamsUser, Conversation>([hana, tom, meg].map((u) => [u, personalChat()]));
  const chat = (u: TeamsUser) => chats.get(u)!;
  const people = {} as Record<"hana" | "tom" | "meg", Practitioner>;
  let identity: FakeBotFrameworkIdentity;
  let entra: FakeEntraId;
  let h: Harness;
  let make: ActivityFactory;
  let db: TestDatabase;

  /** Every connector call since `mark` carries a token Entra ID issued for this bot, for the right tenant. */
  function expectSignedByEntra(mark: number) {
    const calls = h.connector.since(mark);
    expect(calls.length).toBeGreaterThan(0);
    const issued = new Set(entra.issued);
    for (const call of calls) {
      expect(call.authorization, `${call.kind} to ${call.conversationId}`).toMatch(/^Bearer entra-/);
      expect(issued.has(call.authorization!.slice("Bearer ".length))).toBe(true);
    }
    expect(entra.requests.length).toBeGreaterThan(0);
    for (const r of entra.requests) {
      expect(r).toMatchObject({ tenant: tokenTenant, clientId: appId, scope: BOT_FRAMEWORK_SCOPE, grantType: "client_credentials", secretOk: true });
    }
  }

  async function say(user: TeamsUser, conversation: Conversation, text: string, mentions: TeamsUser[] = []) {
    const mark = h.connector.mark();
    const res = await h.post(make.message(user, conversation, text, mentions));
    expect(res.status).toBe(200);
    await h.delivered();
    const replies = h.connector.since(mark).filter((c) => c.kind === "reply" && c.conversationId.startsWith(conversation.id));
    expect(replies, `a reply to "${text}"`).toHaveLength(1);
    return cardText(cardOf(replies[0]!.activity));
  }

  async function press(user: TeamsUser, conversation: Conversation, verb: string, data: Record<string, unknown>) {
    const answer = invokeCardOf(await h.post(make.invoke(user, conversation, verb, { verb, ...data })));
    await h.delivered();
    return cardText(answer.card);
  }

  const refusals = (reason: string) =>
    db.prisma.auditEvent.count({ where: { action: "request.rejected", platform: "teams", detail: { path: ["reason"], equals: reason } } });

  beforeAll(async () => {
    identity = await new FakeBotFrameworkIdentity(appId).start();
    entra = await new FakeEntraId({ [appId]: secret }).start();
    entra.routeLogin();
    h = await startHarness({ MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: secret, MICROSOFT_APP_TYPE: appType, ...extra, ...identity.env() }, { identity });
    make = new ActivityFactory(h.serviceUrl);
    db = createTestRepos();
    people.meg = makePractitioner({ handle: `meg.${t}`, name: "Meg Manager", role: "manager", chat: { teams: meg.aad } });
    people.hana = makePractitioner({ handle: `hana.${t}`, name: "Hana Health", role: "health-visitor", agency: "Health Visiting", managerId: people.meg.id, chat: { teams: hana.aad } });
    people.tom = makePractitioner({ handle: `tom.${t}`, name: "Tom Teacher", role: "teacher", agency: "Oak Primary School", managerId: people.meg.id, chat: { teams: tom.aad } });
    for (const p of [people.meg, people.hana, people.tom]) await db.repos.practitioners.create(p);
  });

  afterAll(async () => {
    await h?.close();
    await entra?.stop();
    await identity?.stop();
    await db?.cleanup();
  });

  it("accepts correctly signed activities, and its answers carry the bearer token Entra ID issued", async () => {
    expect(h.logs.some((line) => line.includes("Bot Framework authentication") && line.includes(appId))).toBe(true);
    expect(h.logs.join("\n")).not.toContain(secret);
    const mark = h.connector.mark();
    for (const u of [hana, tom, meg]) expect((await h.post(make.membersAdded(u, chat(u), [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
    expect(cardsSentTo(h, chat(tom).id, mark).map(cardText).join("\n")).toContain("Hello, I'm leadbot");
    expect(identity.metadataFetches).toBeGreaterThan(0);
    expectSignedByEntra(mark);
  });

  it("runs a whole propose → vote → decision over /api/messages", async () => {
    const ref = uniqueReference();
    const channel = teamChannel();
    const mark = h.connector.mark();
    expect(await say(hana, channel, `case open ${ref} --status early-help`)).toContain(ref);
    expect(await say(hana, channel, `taf add ${ref} <at>${tom.name}</at>`, [tom])).toContain("Tom Teacher");
    expect(await say(hana, channel, `propose ${ref} <at>${tom.name}</at> sees the family every day --family agrees`, [tom])).toContain("Proposal posted: Tom Teacher");
    const proposalCard = cardsSentTo(h, channel.id, mark).find((c) => c.refresh !== undefined)!;
    const proposalId = (proposalCard.refresh as { action: { data: { proposalId: string } } }).action.data.proposalId;
    expect(cardsSentTo(h, chat(tom).id, mark).map(cardText).join("\n")).toContain("has proposed you as lead professional");

    expect(await press(tom, channel, "vote-accept", { ref, proposalId })).toContain(`You accepted the nomination for ${ref}.`);
    expect(await press(hana, channel, "vote-agree", { ref, proposalId })).toContain("Vote closed: agreed");
    expect(cardsSentTo(h, chat(tom).id, mark).map(cardText).join("\n")).toContain(`You are now the lead professional for ${ref}.`);
    expect((await db.repos.cases.getByReference(ref))?.leadId).toBe(people.tom.id);
    // Replies in the turn, in-place card updates and the proactive posts to personal chats alike.
    expect(new Set(h.connector.since(mark).map((c) => c.kind))).toEqual(new Set(["reply", "send", "update"]));
    expectSignedByEntra(mark);
  });

  it("sends proactive messages (nudges, alerts) with the bearer token Entra ID issued", async () => {
    const mark = h.connector.mark();
    await h.services.notifier.send({ to: { kind: "practitioner", practitionerId: people.meg.id }, view: { type: "text", tone: "warning", caseRef: null, text: "A review is due." } });
    const sent = h.connector.since(mark).filter((c) => c.kind === "send" && c.conversationId === chat(meg).id);
    expect(sent.map((c) => cardText(cardOf(c.activity))).join("\n")).toContain("A review is due.");
    expectSignedByEntra(mark);
  });

  it.each(FORGERIES)("refuses a token with %s: 401, nothing runs, audited", async (forgery) => {
    const intruder = teamsUser("Ivy Intruder");
    const conversation = personalChat();
    const before = await refusals("unauthenticated");
    const activity = make.message(intruder, conversation, `practitioner add <at>${intruder.name}</at> --handle ivy.${t} --name Ivy --role manager --agency Nowhere`, [intruder]);
    const res = await h.post(activity, { authorization: identity.authorization(activity, forgery) });
    expect(res.status).toBe(401);
    expect(h.connector.to(conversation.id)).toEqual([]);
    expect(await until(() => refusals("unauthenticated"), (n) => n > before)).toBe(before + 1);
    expect(await db.prisma.conversationReference.count({ where: { platform: "teams", scopeId: intruder.aad } })).toBe(0);
    expect(await db.prisma.practitioner.count({ where: { teamsAadId: intruder.aad } })).toBe(0);
  });
});

describe("Teams with credentials when the Bot Framework's keys cannot be fetched", () => {
  const appId = randomUUID();
  let entra: FakeEntraId;
  let db: TestDatabase;
  const harnesses: Harness[] = [];
  const identities: FakeBotFrameworkIdentity[] = [];

  beforeAll(async () => {
    entra = await new FakeEntraId({ [appId]: "s3cret-value" }).start();
    entra.routeLogin();
    db = createTestRepos();
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
    for (const i of identities) await i.stop();
    await entra?.stop();
    await db?.cleanup();
  });

  async function start(identity: FakeBotFrameworkIdentity) {
    identities.push(identity);
    const h = await startHarness({ MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: "s3cret-value", ...identity.env() }, { identity });
    harnesses.push(h);
    return { h, make: new ActivityFactory(h.serviceUrl) };
  }

  const unavailable = () => db.prisma.auditEvent.count({ where: { action: "request.rejected", platform: "teams", detail: { path: ["reason"], equals: "identity-unavailable" } } });

  it("answers 503 with Retry-After while the metadata endpoint fails, audits it, and accepts once it is back", async () => {
    const identity = await new FakeBotFrameworkIdentity(appId).start();
    identity.down = true;
    const { h, make } = await start(identity);
    const user = teamsUser("Pat Patient");
    const activity = make.message(user, personalChat(), "help");
    const before = await unavailable();
    const res = await fetch(`${h.base}/api/messages`, { method: "POST", headers: { "content-type": "application/json", authorization: identity.authorization(activity) }, body: JSON.stringify(activity) });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(h.connector.calls).toEqual([]);
    expect(await until(unavailable, (n) => n > before)).toBe(before + 1);
    expect(h.logs.some((line) => line.includes("could not check a Teams request's token"))).toBe(true);

    identity.down = false;
    expect((await h.post(activity)).status).toBe(200);
  });

  it("answers 503, not 500, when the metadata endpoint does not answer at all", async () => {
    const identity = new FakeBotFrameworkIdentity(appId);
    identity.url = "http://127.0.0.1:9/"; // nothing listens there: connection refused
    const { h, make } = await start(identity);
    const before = await unavailable();
    const res = await h.post(make.message(teamsUser("Pat Patient"), personalChat(), "whoami"));
    expect(res.status).toBe(503);
    expect(await until(unavailable, (n) => n > before)).toBe(before + 1);
  });
});
