// Every kind of refusal, over real HTTP: unsigned, stale, tampered and replayed Slack requests;
// Teams requests without a valid token while credentials are set; a practitioner acting on a case
// they are not on; a non-manager settling an escalation. Each is refused, changes nothing, and
// leaves an audit row saying so.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makePractitioner, uniqueReference } from "../support/database.js";
import { allText, findButton, SlackHarness, slackChannelId, slackSignature, type SlackUser } from "../adapters/slack/slack-harness.js";
import { seedAccessTeam } from "../adapters/slack/slack-staff.js";
import { ActivityFactory, personalChat, startHarness, teamChannel, teamsUser, type Harness } from "../adapters/teams/teams-harness.js";
import type { Practitioner } from "../../src/domain/types.js";

const ACCESS_CHANNEL = "C0ACCESSSECURITY";
const h = new SlackHarness();
let ref = "";
let channel = "";
let caseId = "";
let member: SlackUser;
let outsider: SlackUser;
let outsiderP: Practitioner;
let memberP: Practitioner;

/** Everything a refusal must leave alone, for this case. */
async function snapshot() {
  return {
    cases: await h.prisma.case.count(),
    votes: await h.prisma.vote.count({ where: { proposal: { caseId } } }),
    proposals: await h.prisma.proposal.findMany({ where: { caseId }, select: { id: true, state: true } }),
    escalations: await h.prisma.escalation.findMany({ where: { caseId }, select: { id: true, state: true, level: true } }),
    lead: (await h.prisma.case.findUniqueOrThrow({ where: { id: caseId } })).leadId,
    okAudits: await h.prisma.auditEvent.count({ where: { outcome: "ok" } }),
    outbox: await h.prisma.outboxEntry.count(),
  };
}

const rejected = (reason: string) => h.prisma.auditEvent.count({ where: { action: "request.rejected", outcome: "refused", detail: { path: ["reason"], equals: reason } } });

beforeAll(async () => {
  await h.start();
  const admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  const manager = makePractitioner({ name: "Mo Manager", role: "manager" });
  await h.services.uow.run((repos) => repos.practitioners.create(manager));
  const staff = [0, 1, 2].map((i) => makePractitioner({ name: `Member ${i}`, managerId: manager.id }));
  outsiderP = makePractitioner({ name: "Olu Outsider" });
  await h.services.uow.run(async (repos) => {
    for (const p of [...staff, outsiderP]) await repos.practitioners.create(p);
  });
  memberP = staff[0]!;
  const users = staff.map((p) => ({ id: p.chat.slack!, name: p.handle }));
  member = users[0]!;
  outsider = { id: outsiderP.chat.slack!, name: outsiderP.handle };
  ref = uniqueReference();
  channel = slackChannelId();
  await h.ok(member, channel, `case open ${ref} --status early-help`);
  for (const u of users.slice(1)) await h.ok(member, channel, `taf add ${ref} <@${u.id}|${u.name}>`);
  caseId = (await h.services.uow.run((r) => r.cases.getByReference(ref)))!.id;
  await h.ok(member, channel, `propose ${ref} <@${users[1]!.id}|${users[1]!.name}> knows the family --family agrees`);
  await h.ok(users[2]!, channel, `escalate ${ref} the agencies disagree on who should lead`);
});

afterAll(async () => {
  await h.stop();
});

describe("Slack requests refused at the door", () => {
  it("unsigned, stale, tampered and replayed: refused, nothing changed, each audited with its reason", async () => {
    const before = await snapshot();
    const text = `vote ${ref} agree`;
    const unsigned = await h.command(member, channel, text, { unsigned: true });
    const stale = await h.command(member, channel, text, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    const wrongSecret = await h.command(member, channel, text, { secret: "not-the-signing-secret" });
    // Signed correctly, then one byte of the body changed in flight.
    const good = h.commandBody(member, channel, `case open ${uniqueReference()} --status early-help`, h.nextIds());
    const ts = Math.floor(Date.now() / 1000);
    const tampered = await fetch(`${h.base}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": slackSignature(h.secret, ts, good) },
      body: good.replace("early-help", "early-helq"),
    });
    expect([unsigned.status, stale.status, wrongSecret.status, tampered.status]).toEqual([401, 401, 401, 401]);

    await new Promise((r) => setTimeout(r, 500));
    expect(await snapshot()).toEqual(before);
    expect(await rejected("unsigned")).toBe(1);
    expect(await rejected("stale")).toBe(1);
    expect(await rejected("bad-signature")).toBe(2);
    expect(h.fake.calls.filter((c) => [unsigned, stale, wrongSecret].some((s) => c.path.endsWith(`/${s.responseId}`)))).toHaveLength(0);
  });

  it("a replayed signed request is handled once, and the replay is audited", async () => {
    const sent = await h.command(member, channel, `review set ${ref} 2027-01-15`);
    await h.replyTo(sent);
    const before = await snapshot();
    const replay = await h.post(sent.rawBody);
    expect(replay.status).toBe(200);
    await new Promise((r) => setTimeout(r, 700));
    expect(await snapshot()).toEqual(before);
    expect(h.fake.responses(sent.responseId)).toHaveLength(1);
    expect(await rejected("replayed")).toBe(1);
  });
});

describe("refusals by the rules", () => {
  it("a practitioner acting on a case they are not on: refused, nothing changed, audited", async () => {
    const before = await snapshot();
    const card = await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === channel && allText(c.body).includes("Lead professional proposal")));
    const clicked = await h.click(outsider, findButton(card.body.blocks, "lead.vote.agree"), { channel, messageTs: card.response?.ts as string });
    const reply = await h.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && c.path.endsWith(`/${clicked.responseId}`)));
    expect(String(reply.body.text)).toContain(`You are not on the Team Around the Family for ${ref}`);
    const typed = await h.replyTo(await h.command(outsider, channel, `review set ${ref} 2027-02-01`));
    expect(String(typed.text)).toMatch(/not on the Team Around the Family|may not|only/i);
    expect(await snapshot()).toEqual(before);
    expect(await h.prisma.auditEvent.count({ where: { actorId: outsiderP.id, caseId, outcome: "refused" } })).toBe(2);
  });

  it("a TAF member who is not a manager settling an escalation: refused, nothing changed, audited", async () => {
    const before = await snapshot();
    expect(before.escalations).toHaveLength(1);
    const reply = await h.replyTo(await h.command(member, channel, `resolve ${ref} return the team should meet again`));
    expect(String(reply.text)).toMatch(/manager|decide|may not|only/i);
    const appoint = await h.replyTo(await h.command(member, channel, `resolve ${ref} appoint <@${member.id}|${member.name}> I will do it`));
    expect(String(appoint.text)).toMatch(/manager|decide|may not|only/i);
    expect(await snapshot()).toEqual(before);
    expect(await h.prisma.auditEvent.count({ where: { actorId: memberP.id, caseId, action: { in: ["resolve-appoint", "resolve-return"] }, outcome: "refused" } })).toBe(2);
  });
});

describe("Teams requests without a valid token while credentials are set", () => {
  let t: Harness;
  beforeAll(async () => {
    t = await startHarness({ MICROSOFT_APP_ID: randomUUID(), MICROSOFT_APP_PASSWORD: "not-a-real-secret" });
  });
  afterAll(async () => t?.close());

  it("are refused with 401, change nothing, and are audited", async () => {
    const make = new ActivityFactory(t.serviceUrl);
    const user = teamsUser("Ivy Intruder");
    const before = await t.services.prisma.auditEvent.count({ where: { action: "request.rejected", platform: "teams" } });
    const attempts: { activity: Record<string, unknown>; headers: Record<string, string> }[] = [
      { activity: make.message(user, personalChat(), "whoami"), headers: {} },
      { activity: make.invoke(user, teamChannel(), "vote-agree", { verb: "vote-agree", ref, proposalId: randomUUID() }), headers: { authorization: "Bearer not.a.token" } },
    ];
    for (const a of attempts) expect((await t.post(a.activity, a.headers)).status).toBe(401);
    expect(t.connector.calls).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    const rows = await t.services.prisma.auditEvent.findMany({ where: { action: "request.rejected", platform: "teams" }, orderBy: { id: "asc" } });
    expect(rows.length - before).toBe(2);
    expect(rows.slice(-2).map((r) => (r.detail as { reason: string }).reason)).toEqual(["unauthenticated", "unauthenticated"]);
    expect(rows.every((r) => r.actorId === null && r.caseId === null)).toBe(true);
  });
});
