// Requests that must change nothing: unsigned, wrongly signed, stale, tampered, replayed and
// malformed ones, and forged button values. Plus the quick ephemeral answers (help, usage errors,
// whoami) that never touch the database. Every one is answered well inside Slack's 3 seconds.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeValue } from "../../../src/adapters/slack/action-values.js";
import { ALREADY_HANDLED_TEXT } from "../../../src/adapters/slack/lead-command.js";
import { uniqueReference } from "../../support/database.js";
import { allText, replyKind, SlackHarness, slackChannelId, slackSignature, slackUserId, TEAM_ID, type SlackUser } from "./slack-harness.js";
import { seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
let admin: StaffMember;
const stranger = (): SlackUser => ({ id: slackUserId(), name: "pat.unknown" });

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
});

afterAll(async () => {
  await h.stop();
});

const caseCount = (ref: string) => h.prisma.case.count({ where: { reference: ref } });
const auditFor = (slackId: string) => h.prisma.auditEvent.count({ where: { detail: { path: ["chatUserId"], equals: slackId } } });
const fakeCallsTo = (ids: string[]) => h.fake.calls.filter((c) => ids.some((id) => JSON.stringify(c.body).includes(id)));

describe("Slack request verification", () => {
  it("rejects unsigned, wrongly signed, stale and tampered requests with 401, and changes nothing", async () => {
    const ref = uniqueReference();
    const channel = slackChannelId();
    const text = `case open ${ref} --status early-help`;
    const ids = h.nextIds();
    const body = h.commandBody(admin, channel, text, ids);
    const now = Math.floor(Date.now() / 1000);

    const unsigned = await h.post(body, { unsigned: true });
    const wrongSecret = await h.post(body, { secret: "not-the-signing-secret" });
    const stale = await h.post(body, { timestamp: now - 6 * 60 });
    const badTimestamp = await h.post(body, { headers: { "x-slack-request-timestamp": "not-a-number" } });
    const tampered = await h.post(body.replace("early-help", "child-protection-plan"), {
      headers: { "x-slack-request-timestamp": String(now), "x-slack-signature": slackSignature(h.secret, now, body) },
    });
    const noSignature = await h.post(body, { headers: { "x-slack-signature": "" } });

    for (const res of [unsigned, wrongSecret, stale, badTimestamp, tampered, noSignature]) {
      expect(res.status).toBe(401);
      expect(res.ms).toBeLessThan(3_000);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(await caseCount(ref)).toBe(0);
    expect(h.fake.responses(ids.responseId)).toHaveLength(0);
    expect(await h.prisma.processedRequest.count({ where: { requestKey: { contains: ids.triggerId } } })).toBe(0);
  });

  it("refuses a correctly signed request dated more than 5 minutes ahead: 401, audited, logged with its reason, nothing changed", async () => {
    const ref = uniqueReference();
    const channel = slackChannelId();
    const ids = h.nextIds();
    const body = h.commandBody(admin, channel, `case open ${ref} --status early-help`, ids);
    const ahead = Math.floor(Date.now() / 1000) + 6 * 60;
    const auditedBefore = await h.prisma.auditEvent.count({ where: { action: "request.rejected", detail: { path: ["reason"], equals: "stale" } } });
    const future = await h.post(body, { timestamp: ahead });
    expect(future.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(await caseCount(ref)).toBe(0);
    expect(h.fake.responses(ids.responseId)).toHaveLength(0);
    expect(await h.prisma.auditEvent.count({ where: { action: "request.rejected", detail: { path: ["reason"], equals: "stale" } } })).toBe(auditedBefore + 1);
    // The reason is readable in the log: `reason` would be redacted as typed content.
    expect(h.logLines.some((line) => line.includes('"refusal":"stale"'))).toBe(true);
    // Slightly ahead (a clock a little fast) is still fine.
    const soon = await h.post(h.commandBody(admin, channel, "help", h.nextIds()), { timestamp: Math.floor(Date.now() / 1000) + 60 });
    expect(soon.status).toBe(200);
  });

  it("handles a replayed signed request once", async () => {
    const ref = uniqueReference();
    const channel = slackChannelId();
    const sent = await h.command(admin, channel, `case open ${ref} --status early-help`);
    expect(sent.status).toBe(200);
    const reply = await h.replyTo(sent);
    expect(replyKind(reply)).toBe("case");

    // The very same request again (same body, same trigger id), and as a Slack retry.
    const again = await h.post(sent.rawBody);
    const retry = await h.post(sent.rawBody, { headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_error" } });
    expect([again.status, retry.status]).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await caseCount(ref)).toBe(1);
    // One answer, and a short "already handled" for Slack's retry (the bare replay stays silent).
    expect(h.fake.responses(sent.responseId).slice(1).map((r) => r.body.text)).toEqual([ALREADY_HANDLED_TEXT]);
    expect(await h.prisma.auditEvent.count({ where: { action: "case.open", detail: { path: ["reference"], equals: ref } } })).toBe(1);
  });

  it("answers Slack's URL verification challenge (signed)", async () => {
    const res = await h.post(JSON.stringify({ token: "x", challenge: "challenge-123", type: "url_verification" }), { contentType: "application/json" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge: "challenge-123" });
  });
});

describe("malformed requests", () => {
  it("refuses bodies that are not Slack payloads, quickly, and changes nothing", async () => {
    const cases: Array<[string, string]> = [
      ["{not json", "application/json"],
      ["[1,2,3]", "application/json"],
      ["foo=bar&baz=1", "application/x-www-form-urlencoded"],
      ["payload=%7Bnot-json", "application/x-www-form-urlencoded"],
      ["payload=%22just%20a%20string%22", "application/x-www-form-urlencoded"],
      ["", "application/x-www-form-urlencoded"],
      ["<xml/>", "text/xml"],
    ];
    for (const [body, contentType] of cases) {
      const res = await h.post(body, { contentType });
      expect(res.status, `${contentType}: ${body}`).toBe(400);
      expect(res.ms).toBeLessThan(3_000);
    }
    // The parser's complaint quotes the body; the log must not.
    const res = await h.post("Quill moved to Birch Road", { contentType: "application/json" });
    expect(res.status).toBe(400);
    expect(h.logLines.join("")).not.toContain("Quill");
  });

  it("answers a slash command with missing fields with an ephemeral error", async () => {
    const user = stranger();
    const body = new URLSearchParams({ command: "/lead", text: "whoami", team_id: TEAM_ID, channel_id: slackChannelId() }).toString();
    const res = await h.post(body);
    expect(res.status).toBe(200);
    expect(res.json?.response_type).toBe("ephemeral");
    expect(replyKind(res.json!)).toBe("error");
    expect(await auditFor(user.id)).toBe(0);
  });

  it("answers forged and mismatched button values with an ephemeral error, and records nothing", async () => {
    const user = stranger();
    const ref = uniqueReference();
    const channel = slackChannelId();
    const forged = [
      { action_id: "lead.vote.agree", value: "not json" },
      { action_id: "lead.vote.agree", value: JSON.stringify({ v: "vote", ref, proposalId: "x".repeat(200), choice: "agree" }) },
      { action_id: "lead.vote.agree", value: JSON.stringify({ v: "vote", ref: "<@U123>", proposalId: "p1", choice: "agree" }) },
      // The value says object, the button says agree: someone edited the payload.
      { action_id: "lead.vote.agree", value: encodeValue({ v: "vote", ref, proposalId: "p1", choice: "object" }) },
      { action_id: "lead.vote.nonsense", value: encodeValue({ v: "vote", ref, proposalId: "p1", choice: "agree" }) },
      { action_id: "lead.esc.appoint", value: encodeValue({ v: "vote", ref, proposalId: "p1", choice: "agree" }) },
      { action_id: "lead.esc.ack", value: encodeValue({ v: "return", ref, escalationId: "e1" }) },
    ];
    for (const f of forged) {
      const clicked = await h.click(user, { ...f, block_id: "lead.votes.x", text: "Agree" }, { channel });
      expect(clicked.status).toBe(200);
      expect(clicked.ms).toBeLessThan(3_000);
      const reply = await h.fake.waitFor((calls) => calls.find((c) => c.path.endsWith(`/${clicked.responseId}`)));
      expect(reply.body.response_type).toBe("ephemeral");
      expect(replyKind(reply.body)).toBe("error");
      expect(String(reply.body.text)).toContain("not one I recognise");
    }
    // A button this app never draws is simply acknowledged.
    const unknown = await h.click(user, { action_id: "someone.else", block_id: "b", value: "v", text: "?" }, { channel });
    expect(unknown.status).toBe(200);
    expect(unknown.ms).toBeLessThan(1_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.responses(unknown.responseId)).toHaveLength(0);
    expect(await auditFor(user.id)).toBe(0);
  });

  it("ignores a modal submission whose metadata was tampered with", async () => {
    const user = stranger();
    const opened = {
      seq: 0,
      method: "views.open",
      path: "/api/views.open",
      token: null,
      status: 200,
      response: null,
      body: {
        view: {
          callback_id: "lead.modal.object",
          private_metadata: JSON.stringify({ ref: "DROP TABLE", proposalId: "p", channelId: null, responseUrl: null, fromHome: false }),
          blocks: [{ type: "input", block_id: "reason", element: { type: "plain_text_input", action_id: "reason" } }],
        },
      },
    };
    const res = await h.submitView(user, opened, { reason: { value: "a reason" } });
    expect(res.status).toBe(200);
    const dm = await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === user.id));
    expect(allText(dm.body)).toContain("not one I recognise");
    expect(await auditFor(user.id)).toBe(0);
  });
});

describe("ephemeral answers", () => {
  it("answers help, an empty command and usage mistakes in the ack itself, ephemerally", async () => {
    const user = stranger();
    const channel = slackChannelId();
    for (const text of ["", "help", "   ", "help propose"]) {
      const res = await h.command(user, channel, text);
      expect(res.status).toBe(200);
      expect(res.ms).toBeLessThan(3_000);
      expect(res.json?.response_type).toBe("ephemeral");
      expect(replyKind(res.json!)).toBe("help");
    }
    const topic = await h.command(user, channel, "help propose");
    expect(allText(topic.json!)).toContain("/lead propose &lt;ref&gt; @who");

    const mistake = await h.command(user, channel, "propose");
    expect(mistake.json?.response_type).toBe("ephemeral");
    expect(replyKind(mistake.json!)).toBe("error");
    expect(allText(mistake.json!)).toContain("*Usage*");
    expect(allText(mistake.json!)).toContain("/lead propose");
    expect(await auditFor(user.id)).toBe(0);
  });

  it("whoami maps the Slack user to a practitioner, or says they are not registered", async () => {
    const channel = slackChannelId();
    const me = await h.ok(admin, channel, "whoami");
    expect(me.response_type).toBe("ephemeral");
    expect(String(me.text)).toContain("Ada Access");
    expect(String(me.text)).toContain("access team");

    const user = stranger();
    const sent = await h.command(user, channel, "whoami");
    const reply = await h.replyTo(sent);
    expect(String(reply.text)).toContain(`You are not registered yet (slack id ${user.id})`);
  });

  it("a command from someone not registered is refused, ephemerally, and only the refusal is audited", async () => {
    const user = stranger();
    const ref = uniqueReference();
    const sent = await h.command(user, slackChannelId(), `case open ${ref} --status early-help`);
    const reply = await h.replyTo(sent);
    expect(reply.response_type).toBe("ephemeral");
    expect(replyKind(reply)).toBe("error");
    expect(String(reply.text)).toContain("not registered");
    expect(await caseCount(ref)).toBe(0);
    expect(await h.prisma.auditEvent.count({ where: { detail: { path: ["chatUserId"], equals: user.id }, outcome: "ok" } })).toBe(0);
    expect(await h.prisma.auditEvent.count({ where: { detail: { path: ["chatUserId"], equals: user.id }, outcome: "refused" } })).toBe(1);
    expect(fakeCallsTo([ref]).filter((c) => c.method !== "response_url")).toHaveLength(0);
  });
});
