// The HTTP request id (x-request-id, req.id) follows a command from the request into the command
// runner's log lines, so "command failed" and the reference in the apology the person sees can
// be tied to the request's own log lines. Over both platforms' real endpoints, with the log
// lines captured as in logging.test.ts; the failure is a database that throws once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UnitOfWork } from "../../../src/domain/ports.js";
import { cardOf, cardText } from "../../support/fake-teams-connector.js";
import { makePractitioner, uniqueReference } from "../../support/database.js";
import { allText, slackChannelId, SlackHarness, slackUserId } from "../../adapters/slack/slack-harness.js";
import { ActivityFactory, personalChat, startHarness, teamsUser, type Harness } from "../../adapters/teams/teams-harness.js";

/** The log lines as objects (the harnesses keep them as raw JSON text). */
function parsed(raw: string[]): Record<string, unknown>[] {
  return raw.flatMap((chunk) => chunk.split("\n").filter(Boolean)).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The next unit of work fails as a lost database would; later ones work again. */
function failOnce(uow: UnitOfWork): void {
  const original = uow.run.bind(uow);
  uow.run = (async () => {
    uow.run = original;
    throw new Error("connection terminated unexpectedly");
  }) as UnitOfWork["run"];
}

const referenceIn = (text: string) => /quote reference ([0-9a-f-]{36})/.exec(text)?.[1] ?? null;

describe("Teams: the request id in the runner's logs", () => {
  let h: Harness;
  const hana = teamsUser("Hana Health");

  beforeAll(async () => {
    h = await startHarness();
    await h.services.uow.run((r) => r.practitioners.create(makePractitioner({ name: "Hana Health", chat: { teams: hana.aad } })));
  });
  afterAll(() => h?.close());

  it("binds a command that failed, and the reference in the apology, to the x-request-id", async () => {
    const make = new ActivityFactory(h.serviceUrl);
    const chat = personalChat();
    const requestId = "req-teams-7f3a2c";
    failOnce(h.services.uow);
    const mark = h.connector.mark();
    const res = await h.post(make.message(hana, chat, `case status ${uniqueReference()}`), { "x-request-id": requestId });
    expect(res.status).toBe(200);
    const reply = h.connector.since(mark).find((c) => c.kind === "reply")!;
    const reference = referenceIn(cardText(cardOf(reply.activity)));
    expect(reference).not.toBeNull();

    const lines = parsed(h.logs);
    const failed = lines.filter((l) => l.msg === "command failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ requestId, correlationId: reference, command: "case-status", component: "commands" });
    // The HTTP server's own line for the request carries the same id.
    expect(lines.some((l) => l.msg === "request" && l.requestId === requestId)).toBe(true);
  });

  it("uses the request id the server gave when the caller sent none", async () => {
    const make = new ActivityFactory(h.serviceUrl);
    failOnce(h.services.uow);
    const res = await fetch(`${h.base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(make.message(hana, personalChat(), `case status ${uniqueReference()}`)),
    });
    expect(res.status).toBe(200);
    const given = res.headers.get("x-request-id");
    expect(given).toMatch(/^[0-9a-f-]{36}$/);
    const failed = parsed(h.logs).filter((l) => l.msg === "command failed");
    expect(failed.at(-1)).toMatchObject({ requestId: given });
  });
});

describe("Slack: the request id in the runner's logs", () => {
  const slack = new SlackHarness();

  beforeAll(async () => {
    await slack.start();
  });
  afterAll(() => slack.stop());

  it("binds a command that failed after its ack, and the reference in the apology, to the x-request-id", async () => {
    const user = { id: slackUserId(), name: "sam.social" };
    await slack.services.uow.run((r) => r.practitioners.create(makePractitioner({ name: "Sam Social", chat: { slack: user.id } })));
    const requestId = "req-slack-9b1d4e";
    failOnce(slack.services.uow);
    const sent = await slack.command(user, slackChannelId(), `case status ${uniqueReference()}`, { headers: { "x-request-id": requestId } });
    expect(sent.status).toBe(200);
    const reply = await slack.replyTo(sent);
    const reference = referenceIn(allText(reply));
    expect(reference).not.toBeNull();

    const lines = parsed(slack.logLines);
    const failed = lines.filter((l) => l.msg === "command failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ requestId, correlationId: reference, command: "case-status", component: "commands" });
    expect(lines.some((l) => l.msg === "request" && l.requestId === requestId)).toBe(true);
  });
});
