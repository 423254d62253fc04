// The plan over signed Slack HTTP: an action added by /lead lands in Postgres, the case channel
// gets one compact line and the plan card; pressing Done on that card marks it done and the
// posted card is updated in place (chat.update of the same message), not posted again. Bad input
// and someone not allowed are refused and change nothing. The owner's reminder DM carries Done too:
// pressed there, the DM settles to "done" with no buttons and the channel's card updates.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION } from "../../../src/adapters/slack/action-values.js";
import { executeDeadline } from "../../../src/application/execute-deadline.js";
import type { RecordedCall } from "../../support/fake-slack-api.js";
import { uniqueReference } from "../../support/database.js";
import { allText, findButton, replyKind, SlackHarness, slackChannelId } from "./slack-harness.js";
import { practitionerId, register, seedAccessTeam, type StaffMember } from "./slack-staff.js";

const h = new SlackHarness();
const ACCESS_CHANNEL = slackChannelId();
const CHANNEL = slackChannelId();
let lee: StaffMember;
let tom: StaffMember;
let ref: string;

const say = async (user: StaffMember, text: string) => h.replyTo(await h.command(user, CHANNEL, text));
const actions = async () => h.prisma.planAction.findMany({ where: { case: { reference: ref } }, orderBy: { n: "asc" } });
const words = (c: RecordedCall) => allText(c.body).replace(/\*/g, "");
const planCards = () => h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === CHANNEL && JSON.stringify(c.body).includes(`${ACTION.planDone}.`));

beforeAll(async () => {
  await h.start();
  const admin = await seedAccessTeam(h);
  await h.ok(admin, ACCESS_CHANNEL, "access channel");
  lee = await register(h, admin, ACCESS_CHANNEL, "Lee Lead", "family-support-worker");
  tom = await register(h, admin, ACCESS_CHANNEL, "Tom Teacher", "teacher");
  ref = uniqueReference();
  await h.ok(lee, CHANNEL, `case open ${ref} --status early-help`);
  await h.ok(lee, CHANNEL, `taf add ${ref} <@${tom.id}>`);
  const leeId = await practitionerId(h, lee);
  await h.services.uow.run(async (r) => {
    const c = (await r.cases.getByReference(ref))!;
    await r.cases.update({ ...c, leadId: leeId, leadSince: new Date(), noLeadSince: null });
  });
});

afterAll(async () => {
  await h.stop();
});

describe("Slack: the plan", () => {
  it("refuses bad input with a clear reply and writes nothing", async () => {
    const refusals: [string, string][] = [
      [`plan add ${ref} @nobody.here arrange a meeting by 2099-01-01`, "I don't know @nobody.here"],
      [`plan add ${ref} <@${tom.id}> arrange a meeting by 2020-01-01`, "is in the past"],
      [`plan done ${ref} 4`, `There is no action 4 on ${ref}`],
      [`plan add ${ref} family ${"x".repeat(2000)}`, "characters long"],
      [`plan drop ${ref} 1`, "Add a reason"],
    ];
    for (const [text, says] of refusals) {
      const reply = await say(lee, text);
      expect(replyKind(reply), text).toBe("error");
      expect(allText(reply), text).toContain(says);
    }
    expect(await actions()).toEqual([]);
  });

  it("adds an action: stored, one compact line and the plan card in the case channel", async () => {
    const reply = await h.ok(lee, CHANNEL, `plan add ${ref} <@${tom.id}> arrange a meeting with the school by 2099-01-09`);
    expect(allText(reply)).toContain("Action 1 added for Tom Teacher, due Fri 9 Jan 2099.");
    expect(await actions()).toMatchObject([{ n: 1, status: "open", text: "arrange a meeting with the school", ownerId: expect.any(String) }]);
    const line = await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === CHANNEL && words(c).includes(`${ref} · Action 1 added by Lee Lead`)));
    expect(words(line)).toContain("Tom Teacher, due Fri 9 Jan 2099");
    const [card] = await h.fake.waitFor(() => (planCards().length ? planCards() : null));
    expect(words(card!)).toContain("Open (1)");
  });

  it("a second action updates the posted plan card in place instead of posting another", async () => {
    await h.ok(lee, CHANNEL, `plan add ${ref} family attend the parenting course by 2099-01-16`);
    const [card] = planCards();
    const { ts } = card!.response as { ts: string };
    await h.fake.waitFor(() => h.fake.callsTo("chat.update").find((c) => c.body.channel === CHANNEL && c.body.ts === ts && words(c).includes("Open (2)")));
    expect(planCards()).toHaveLength(1);
  });

  it("Done on the plan card: refused for someone not allowed, then done by the owner and the card updated", async () => {
    const [card] = planCards();
    const { ts } = card!.response as { ts: string };
    // The card as it now reads: the second action came with the update.
    const latest = h.fake.callsTo("chat.update").filter((c) => c.body.channel === CHANNEL && c.body.ts === ts).at(-1)!;
    const done1 = findButton(latest.body.blocks, `${ACTION.planDone}.1`);
    const done2 = findButton(latest.body.blocks, `${ACTION.planDone}.2`);
    // Action 2 is the family's: the lead records it, not Tom.
    const refused = await h.click(tom, done2, { channel: CHANNEL, messageTs: ts });
    expect(refused.status).toBe(200);
    const [answer] = await h.fake.waitFor(() => {
      const r = h.fake.responses(refused.responseId);
      return r.length ? r : null;
    });
    expect(allText(answer!.body)).toContain("Only the lead professional");
    expect((await actions())[1]!.status).toBe("open");

    const click = await h.click(tom, done1, { channel: CHANNEL, messageTs: ts });
    expect(click.status).toBe(200);
    const updated = await h.fake.waitFor(() => h.fake.callsTo("chat.update").find((c) => c.body.channel === CHANNEL && c.body.ts === ts && words(c).includes("Done (1)")));
    expect(JSON.stringify(updated.body)).not.toContain(`${ACTION.planDone}.1"`);
    expect(JSON.stringify(updated.body)).toContain(`${ACTION.planDone}.2"`);
    expect((await actions()).map((a) => a.status)).toEqual(["done", "open"]);
    await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === CHANNEL && words(c).includes(`${ref} · Action 1 done, marked by Tom Teacher`)));
    expect(planCards()).toHaveLength(1);
    const audit = await h.prisma.auditEvent.findMany({ where: { caseId: (await actions())[0]!.caseId, action: { startsWith: "plan." } } });
    expect(audit.map((e) => e.action).sort()).toEqual(["plan.added", "plan.added", "plan.done"]);
  });

  it("the owner's reminder DM: Done there marks the action done, the DM then reads done with no buttons, and the channel's plan card updates", async () => {
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await h.ok(lee, CHANNEL, `plan add ${ref} <@${tom.id}> share the attendance figures by ${due}`);
    const [action3] = (await actions()).filter((a) => a.n === 3);
    const first = await h.prisma.deadline.findFirstOrThrow({ where: { kind: "plan_reminder", state: "pending", subjectId: action3!.id }, orderBy: { dueAt: "asc" } });
    const fired = await executeDeadline(h.services, first.key);
    expect(fired.fired).toBe(true);
    await h.services.dispatcher.dispatchMany(fired.outcome.outboxKeys);
    const dm = await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === tom.id && words(c).includes(`Action 3 of ${ref} is due in`)));
    expect(JSON.stringify(dm.body)).toContain(`${ACTION.snooze}`);
    const dmTs = (dm.response as { ts: string }).ts;
    const dmChannel = (dm.response as { channel: string }).channel;

    const [card] = planCards();
    const { ts } = card!.response as { ts: string };
    const click = await h.click(tom, findButton(dm.body.blocks, `${ACTION.planDone}.3`), { channel: dmChannel, messageTs: dmTs });
    expect(click.status).toBe(200);
    await h.fake.waitFor(() => h.fake.callsTo("chat.update").find((c) => c.body.channel === CHANNEL && c.body.ts === ts && words(c).includes("Done (2)")));
    const settled = await h.fake.waitFor(() => h.fake.callsTo("chat.update").find((c) => c.body.ts === dmTs && words(c).includes(`Action 3 of ${ref} was marked done by Tom Teacher`)));
    expect(JSON.stringify(settled.body)).not.toContain(ACTION.planDone);
    expect(JSON.stringify(settled.body)).not.toContain(ACTION.snooze);
    expect((await actions()).map((a) => a.status)).toEqual(["done", "open", "done"]);
    // Nothing more is due for a done action: its remaining reminders and the overdue alert are gone.
    expect(await h.prisma.deadline.count({ where: { subjectId: action3!.id, state: "pending" } })).toBe(0);
    expect(planCards()).toHaveLength(1);
  });

  it("review done carries one action forward and drops another: stored, one line, and the review card shows the plan", async () => {
    const next = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await h.ok(lee, CHANNEL, `plan add ${ref} <@${tom.id}> book the nurse by ${soon}`);
    expect(replyKind(await say(lee, `review done ${ref} continue next ${next} drop 9`))).toBe("error");
    expect(await h.prisma.review.count({ where: { case: { reference: ref } } })).toBe(0);

    const reply = await h.ok(lee, CHANNEL, `review done ${ref} continue next ${next} carry 4 drop 2`);
    expect(allText(reply)).toContain("The review carried action 4 forward and dropped action 2.");
    const now = await actions();
    expect(now.map((a) => [a.n, a.status])).toEqual([[1, "done"], [2, "dropped"], [3, "done"], [4, "open"]]);
    expect(now[3]!.dueDate.toISOString().slice(0, 10)).toBe(next);
    const card = await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === CHANNEL && words(c).includes("Review recorded")));
    expect(words(card)).toContain("2 done, 1 open, none overdue");
    expect(words(card)).toContain("The review carried action 4 forward and dropped action 2.");
    await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").find((c) => c.body.channel === CHANNEL && words(c).includes(`${ref} · The review carried action 4 forward to`)));
  });

  it("caseload counts the open plan actions a person owns", async () => {
    expect(allText(await h.ok(tom, CHANNEL, "caseload")).replace(/\*/g, "")).toContain("owns 1 open plan action");
  });
});
