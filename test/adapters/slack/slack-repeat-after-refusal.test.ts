// A command sent again after it was refused runs again: the refusal changed nothing, and the
// situation behind it may have changed a moment later (here the nominee's manager records the
// exception an agency worker needs). Only a repeat of a command still running or one that
// succeeded is a double submit. And a Slack retry of a command already handled (the same
// trigger id) is told so in a short ephemeral reply rather than met with silence.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUPLICATE_TEXT } from "../../../src/adapters/slack/lead-command.js";
import { uniqueReference } from "../../support/database.js";
import { replyKind, SlackHarness, slackChannelId, slackUserId } from "./slack-harness.js";
import { register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const ACCESS_CHANNEL = "C0ACCESSTEAM";
const h = new SlackHarness();
let admin: StaffMember;
let meg: StaffMember;
let fay: StaffMember;
let ash: StaffMember;

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  meg = await register(h, admin, ACCESS_CHANNEL, "Meg Manager", "manager");
  fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: meg });
  // An agency worker: leading a case needs their manager's recorded exception.
  const id = slackUserId();
  const handle = `ash.agency.${Date.now().toString(36)}`;
  await h.ok(
    admin,
    ACCESS_CHANNEL,
    `practitioner add <@${id}|${handle}> --handle ${handle} --name "Ash Agency" --role family-support-worker --agency "Family Support Service" --dbs 2024-01-10 --qualified 2015-07-01 --employment agency --manager @${meg.handle}`,
  );
  ash = { id, name: handle, handle, fullName: "Ash Agency" };
});

afterAll(async () => {
  await h.stop();
});

describe("a repeated /lead command", () => {
  it("runs again at once after a refusal, once the situation has changed", async () => {
    const ref = uniqueReference();
    const channel = slackChannelId();
    await h.ok(fay, channel, `case open ${ref} --status early-help`);
    await h.ok(fay, channel, `taf add ${ref} <@${ash.id}|${ash.handle}>`);
    const propose = `propose ${ref} <@${ash.id}|${ash.handle}> knows the family well`;

    const refused = await h.replyTo(await h.command(fay, channel, propose));
    expect(replyKind(refused)).toBe("error");
    expect(String(refused.text)).toMatch(/agency/i);

    await h.ok(meg, channel, `override ${ref} <@${ash.id}|${ash.handle}> only worker the family will engage with`);

    // The very same text, well inside the double-submit window: it runs, and the proposal is made.
    const again = await h.replyTo(await h.command(fay, channel, propose));
    expect(String(again.text)).not.toContain(DUPLICATE_TEXT.slice(0, 30));
    expect(String(again.text)).toContain("Proposal posted");
    expect(await h.prisma.proposal.count({ where: { case: { reference: ref } } })).toBe(1);

    // Sent a third time after it succeeded: that is a double submit.
    const third = await h.replyTo(await h.command(fay, channel, propose));
    expect(String(third.text)).toContain(DUPLICATE_TEXT.slice(0, 30));
    expect(await h.prisma.proposal.count({ where: { case: { reference: ref } } })).toBe(1);
  });

  it("answers a Slack retry of a handled command with a short ephemeral 'already handled'", async () => {
    const ref = uniqueReference();
    const channel = slackChannelId();
    const sent = await h.command(fay, channel, `case open ${ref} --status early-help`);
    expect(replyKind(await h.replyTo(sent))).toBe("case");

    const retry = await h.post(sent.rawBody, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    expect(retry.status).toBe(200);
    const [, second] = await h.fake.waitFor(() => {
      const r = h.fake.responses(sent.responseId);
      return r.length >= 2 ? r : null;
    });
    expect(second!.body).toMatchObject({ response_type: "ephemeral", text: expect.stringMatching(/Already handled/) });
    expect(await h.prisma.case.count({ where: { reference: ref } })).toBe(1);
  });
});
