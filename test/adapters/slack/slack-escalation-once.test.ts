// "An escalation is applied once", over signed HTTP: `/lead escalate …` sent twice at once and a
// replay of the same request open one escalation and DM its deciders once; a manager who
// double-clicks Appoint or Return in the DM (two modals), and a modal submitted twice, settle it
// once, with one resolution and one round of messages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALREADY_HANDLED_TEXT, DUPLICATE_TEXT } from "../../../src/adapters/slack/lead-command.js";
import { uniqueReference } from "../../support/database.js";
import type { RecordedCall } from "../../support/fake-slack-api.js";
import { allText, findButton, replyKind, SlackHarness, slackChannelId } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
const ACCESS_CHANNEL = slackChannelId();
let admin: StaffMember;
let mo: StaffMember;
let meg: StaffMember;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const firstBlockId = (c: RecordedCall) => (c.body.blocks as Array<{ block_id?: string }> | undefined)?.[0]?.block_id;
const postsTo = (channel: string, ref: string, blockId?: string) =>
  h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel && allText(c.body).includes(ref) && (blockId === undefined || firstBlockId(c) === blockId));

beforeAll(async () => {
  await h.start();
  admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  mo = await register(h, admin, ACCESS_CHANNEL, "Mo Manager", "manager");
  meg = await register(h, admin, ACCESS_CHANNEL, "Meg Manager", "manager");
});

afterAll(async () => {
  await h.stop();
});

/** A case whose lead is Tom (managed by Meg); Fay (managed by Mo) is on the TAF. */
async function caseToEscalate() {
  const fay = await register(h, admin, ACCESS_CHANNEL, "Fay Family", "family-support-worker", { manager: mo });
  const tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher", { manager: meg });
  const ref = uniqueReference();
  const channel = slackChannelId();
  await h.ok(fay, channel, `case open ${ref} --status early-help`);
  await h.ok(fay, channel, `taf add ${ref} <@${tom.id}|${tom.handle}>`);
  const tomId = await practitionerId(h, tom);
  await h.services.uow.run(async (r) => {
    const c = (await r.cases.getByReference(ref))!;
    await r.cases.update({ ...c, leadId: tomId, leadSince: new Date(), noLeadSince: null });
  });
  return { fay, tom, ref, channel };
}

async function escalationRows(ref: string) {
  return h.prisma.escalation.findMany({ where: { case: { reference: ref } } });
}

async function audits(ref: string, action: string) {
  const c = await h.prisma.case.findUniqueOrThrow({ where: { reference: ref } });
  return h.prisma.auditEvent.count({ where: { action, outcome: "ok", caseId: c.id } });
}

/** Escalates once (as a double submit and a replay) and returns the DM Mo got. */
async function escalateTwiceAndReplay(fay: StaffMember, ref: string, channel: string): Promise<RecordedCall> {
  const text = `escalate ${ref} the school has not delivered its part of the plan`;
  const [first, second] = await Promise.all([h.command(fay, channel, text), h.command(fay, channel, text)]);
  expect([first.status, second.status]).toEqual([200, 200]);
  const replies = await Promise.all([h.replyTo(first), h.replyTo(second)]);
  expect(replies.filter((r) => replyKind(r) === "escalation")).toHaveLength(1);
  expect(replies.filter((r) => String(r.text).startsWith(DUPLICATE_TEXT.slice(0, 40)))).toHaveLength(1);
  expect(replies.map(replyKind)).not.toContain("error");

  // Slack retries the first (same trigger id), and someone replays it: neither runs it again.
  const retried = await h.post(first.rawBody, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
  const replayed = await h.post(first.rawBody);
  expect([retried.status, replayed.status]).toEqual([200, 200]);

  const dm = await h.fake.waitFor(() => postsTo(mo.id, ref, "lead.escalation")[0]);
  await sleep(500);
  // The first answer, and "already handled" for Slack's retry only; the bare replay stays silent.
  expect(h.fake.responses(first.responseId).slice(1).map((r) => r.body.text)).toEqual([ALREADY_HANDLED_TEXT]);
  expect(await escalationRows(ref)).toHaveLength(1);
  expect(await audits(ref, "escalation.open")).toBe(1);
  // One DM to each decider (the managers of Fay and of Tom), one message in each channel.
  for (const where of [mo.id, meg.id, channel, ACCESS_CHANNEL]) expect(postsTo(where, ref, "lead.escalation"), where).toHaveLength(1);
  return dm;
}

/** Mo clicks a DM button twice: two modals, as Slack opens one per click. */
async function doubleClick(dm: RecordedCall, actionId: string, callbackId: string, ref: string) {
  const dmChannel = dm.response?.channel as string;
  const button = findButton(dm.body.blocks, actionId);
  const clicks = await Promise.all([h.click(mo, button, { channel: dmChannel }), h.click(mo, button, { channel: dmChannel })]);
  expect(clicks.map((c) => c.status)).toEqual([200, 200]);
  const modals = await h.fake.waitFor(() => {
    const opened = h.fake
      .callsTo("views.open")
      .filter((c) => (c.body.view as { callback_id?: string }).callback_id === callbackId && String((c.body.view as { private_metadata?: string }).private_metadata).includes(ref));
    return opened.length >= 2 ? opened : null;
  });
  return { clicks, modals };
}

describe("Slack: an escalation is applied once", () => {
  it("double-submitted and replayed /lead escalate opens one escalation; a double-clicked Return settles it once", async () => {
    const { ref, channel, fay } = await caseToEscalate();
    const dm = await escalateTwiceAndReplay(fay, ref, channel);

    const { clicks, modals } = await doubleClick(dm, "lead.esc.return", "lead.modal.return", ref);
    const reason = { reason: { value: "The TAF should meet and agree the plan again" } };
    // The first modal is submitted twice (Slack's retry carries the same view id), the second once.
    const results = await Promise.all([
      h.submitView(mo, modals[0]!, reason, { viewId: "VRETURN1" }),
      h.submitView(mo, modals[0]!, reason, { viewId: "VRETURN1" }),
      h.submitView(mo, modals[1]!, reason),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);

    // Each modal answers its own click once: one resolution, and a refusal for the other modal.
    const answers = await h.fake.waitFor(() => {
      const got = clicks.map((c) => h.fake.responses(c.responseId));
      return got.every((g) => g.length > 0) ? got : null;
    });
    await sleep(500);
    expect(clicks.map((c) => h.fake.responses(c.responseId).length)).toEqual([1, 1]);
    const kinds = answers.map((a) => replyKind(a[0]!.body)).sort();
    expect(kinds).toEqual(["error", "escalation"]);
    expect(answers.map((a) => allText(a[0]!.body)).join("\n")).toContain(`There is no open escalation on ${ref}`);

    const rows = await escalationRows(ref);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: "resolved", resolvedById: await practitionerId(h, mo) });
    expect(await audits(ref, "escalation.resolved")).toBe(1);
    // One "sent back" in the case channel; the other decider and the access team told once.
    expect(postsTo(channel, ref, "lead.text").filter((c) => allText(c.body).includes(`sent ${ref} back to the TAF`))).toHaveLength(1);
    expect(postsTo(meg.id, ref, "lead.escalation").filter((c) => allText(c.body).includes("Sent back to the TAF"))).toHaveLength(1);
    expect(postsTo(ACCESS_CHANNEL, ref, "lead.escalation").filter((c) => allText(c.body).includes("Sent back to the TAF"))).toHaveLength(1);
  });

  it("a double-clicked Appoint appoints once", async () => {
    const { ref, channel, fay } = await caseToEscalate();
    const dm = await escalateTwiceAndReplay(fay, ref, channel);

    const { clicks, modals } = await doubleClick(dm, "lead.esc.appoint", "lead.modal.appoint", ref);
    const values = { person: { selected_user: fay.id }, reason: { value: "Fay sees the family most often" } };
    const results = await Promise.all([
      h.submitView(mo, modals[0]!, values, { viewId: "VAPPOINT1" }),
      h.submitView(mo, modals[0]!, values, { viewId: "VAPPOINT1" }),
      h.submitView(mo, modals[1]!, values),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.fake.waitFor(() => clicks.every((c) => h.fake.responses(c.responseId).length > 0) || null);
    await sleep(500);
    expect(clicks.map((c) => h.fake.responses(c.responseId).length)).toEqual([1, 1]);
    expect(clicks.map((c) => replyKind(h.fake.responses(c.responseId)[0]!.body)).sort()).toEqual(["error", "escalation"]);

    const rows = await escalationRows(ref);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.state).toBe("resolved");
    expect(await audits(ref, "escalation.resolved")).toBe(1);
    const c = await h.services.uow.run((r) => r.cases.getByReference(ref));
    expect(c?.leadId).toBe(await practitionerId(h, fay));
    // One decision announced in the case channel and the access team channel.
    for (const where of [channel, ACCESS_CHANNEL]) {
      await h.fake.waitFor(() => postsTo(where, ref, "lead.decision")[0]);
      expect(postsTo(where, ref, "lead.decision"), where).toHaveLength(1);
    }
  });
});

