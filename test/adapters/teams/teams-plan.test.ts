// The plan in Teams, through real Bot Framework activities: an action added by message posts one
// compact line and the plan card to the case channel; pressing Done on it (an adaptiveCard/action
// invoke with verb "plan-done") answers with the updated plan and updates the posted card in
// place. The same rules as in Slack: someone not allowed is refused and nothing changes. The
// owner's reminder comes to their own chat with Done and Snooze; Done there settles it (the reminder
// then reads done, with no buttons) and the channel's plan card updates.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeDeadline } from "../../../src/application/execute-deadline.js";
import type { Practitioner } from "../../../src/domain/types.js";
import { cardOf, cardText, cardVerbs } from "../../support/fake-teams-connector.js";
import { createTestRepos, makePractitioner, uniqueReference, type TestDatabase } from "../../support/database.js";
import { ActivityFactory, BOT, cardsSentTo, invokeCardOf, personalChat, startHarness, teamChannel, teamsUser, type Conversation, type Harness, type TeamsUser } from "./teams-harness.js";

let h: Harness;
let make: ActivityFactory;
let db: TestDatabase;

const t = randomBytes(3).toString("hex");
const fay = teamsUser("Fay Family");
const tom = teamsUser("Tom Teacher");
const chats = new Map<TeamsUser, Conversation>([fay, tom].map((u) => [u, personalChat()]));
const people: Record<"fay" | "tom", Practitioner> = {} as never;
const channel = teamChannel();
const ref = uniqueReference();

async function say(user: TeamsUser, conversation: Conversation, text: string) {
  const res = await h.post(make.message(user, conversation, text));
  expect(res.status).toBe(200);
  await h.delivered();
}

const updatesIn = (conversationId: string, mark: number) =>
  h.connector.since(mark).filter((c) => c.kind === "update" && c.conversationId.startsWith(conversationId)).map((c) => cardOf(c.activity));
const actions = () => db.prisma.planAction.findMany({ where: { case: { reference: ref } }, orderBy: { n: "asc" } });

beforeAll(async () => {
  h = await startHarness();
  make = new ActivityFactory(h.serviceUrl);
  db = createTestRepos();
  people.fay = makePractitioner({ handle: `fay.${t}`, name: "Fay Family", role: "family-support-worker", chat: { teams: fay.aad } });
  people.tom = makePractitioner({ handle: `tom.${t}`, name: "Tom Teacher", role: "teacher", chat: { teams: tom.aad } });
  for (const p of Object.values(people)) await db.repos.practitioners.create(p);
  for (const u of [fay, tom]) expect((await h.post(make.membersAdded(u, chats.get(u)!, [{ id: BOT.id, name: BOT.name }]))).status).toBe(200);
  await say(fay, channel, `case open ${ref} --status early-help`);
  await say(fay, channel, `taf add ${ref} @tom.${t}`);
});

afterAll(async () => {
  await h?.close();
  await db?.cleanup();
});

describe("Teams: the plan", () => {
  it("adds an action by message: stored, a compact line and the plan card with Done in the case channel", async () => {
    const before = h.connector.mark();
    await say(fay, channel, `plan add ${ref} @tom.${t} arrange a meeting with the school by 2099-01-09`);
    expect(await actions()).toMatchObject([{ n: 1, status: "open" }]);
    const posted = cardsSentTo(h, channel.id, before);
    expect(posted.some((c) => cardText(c).includes(`${ref} · Action 1 added by Fay Family`))).toBe(true);
    const plan = posted.find((c) => cardVerbs(c).includes("plan-done"));
    expect(cardText(plan)).toContain("Open (1)");
  });

  it("refuses a past date and an owner not on the TAF, changing nothing", async () => {
    const before = h.connector.mark();
    await say(fay, channel, `plan add ${ref} family attend the course by 2020-01-01`);
    await say(fay, channel, `plan add ${ref} @nobody.${t} attend the course by 2099-01-01`);
    const replies = h.connector.since(before).map((c) => JSON.stringify(c.activity));
    expect(replies.some((r) => r.includes("is in the past"))).toBe(true);
    expect(replies.some((r) => r.includes(`I don't know @nobody.${t}`))).toBe(true);
    expect(await actions()).toHaveLength(1);
  });

  it("Done pressed by someone not allowed is refused; by the owner it answers with the updated plan and updates the posted card", async () => {
    // Fay is not the owner, nor Tom's manager, nor the lead professional (the case has none yet).
    const refused = invokeCardOf(await h.post(make.invoke(fay, channel, "plan-done", { verb: "plan-done", ref, n: 1 })));
    await h.delivered();
    expect(cardText(refused.card)).toContain("Only its owner, their line manager or the lead professional");
    expect((await actions())[0]!.status).toBe("open");

    const mark = h.connector.mark();
    const answer = invokeCardOf(await h.post(make.invoke(tom, channel, "plan-done", { verb: "plan-done", ref, n: 1 })));
    await h.delivered();
    expect(cardText(answer.card)).toContain("Action 1 is done.");
    expect(cardText(answer.card)).toContain("Done (1)");
    expect(cardVerbs(answer.card)).toEqual([]);
    expect((await actions())[0]!.status).toBe("done");
    const updated = updatesIn(channel.id, mark);
    expect(updated.length).toBeGreaterThan(0);
    expect(cardText(updated.at(-1))).toContain("Done (1)");
    expect(cardVerbs(updated.at(-1))).toEqual([]);
  });

  it("the owner's reminder in their own chat: Done there settles it, the reminder reads done with no buttons, and the plan card updates", async () => {
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await say(fay, channel, `plan add ${ref} @tom.${t} share the attendance figures by ${due}`);
    const action2 = (await actions()).find((a) => a.n === 2)!;
    const first = await db.prisma.deadline.findFirstOrThrow({ where: { kind: "plan_reminder", state: "pending", subjectId: action2.id }, orderBy: { dueAt: "asc" } });
    const mark = h.connector.mark();
    const { fired, outcome } = await executeDeadline(h.services, first.key);
    expect(fired).toBe(true);
    await h.services.runner.deliver(outcome);
    await h.delivered();
    const tomChat = chats.get(tom)!;
    const sent = h.connector.since(mark).find((c) => c.kind === "send" && c.conversationId === tomChat.id && cardText(cardOf(c.activity)).includes(`Action 2 of ${ref} is due in`));
    expect(sent).toBeDefined();
    expect(cardVerbs(cardOf(sent!.activity))).toEqual(["plan-done", "snooze"]);

    const pressed = h.connector.mark();
    const answer = invokeCardOf(await h.post(make.invoke(tom, tomChat, "plan-done", { verb: "plan-done", ref, n: 2 }, sent!.resultId!)));
    await h.delivered();
    expect(cardText(answer.card)).toContain("Action 2 is done.");
    expect((await actions()).map((a) => a.status)).toEqual(["done", "done"]);
    const reminderNow = h.connector.since(pressed).filter((c) => c.kind === "update" && c.activityId === sent!.resultId).map((c) => cardOf(c.activity)).at(-1);
    expect(cardText(reminderNow)).toContain(`Action 2 of ${ref} was marked done by Tom Teacher`);
    expect(cardVerbs(reminderNow)).toEqual([]);
    const plan = updatesIn(channel.id, pressed).at(-1);
    expect(cardText(plan)).toContain("Done (2)");
    expect(cardVerbs(plan)).toEqual([]);
    expect(await db.prisma.deadline.count({ where: { subjectId: action2.id, state: "pending" } })).toBe(0);
  });
});
