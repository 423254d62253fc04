// Escalation and handover timing on the real worker: managers get the escalation with its
// decision buttons in their direct chats, unacknowledged deciders are reminded each working
// morning, level 1 times out after 5 working days and moves the case to the co-ordinator, and a
// handover's reminders and missed-deadline alert reach the outgoing lead, the TAF, their manager
// and the access team. Starts Monday 23 November 2026, 10:00 London (GMT).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import { about, handleOf, waitFor, WorkerWorld } from "./support/harness.js";

let w: WorkerWorld;
let lee: Practitioner;
let mia: Practitioner;
let ola: Practitioner;
let max: Practitioner;
let meg: Practitioner;
let cory: Practitioner;
let handoverRef: string;
let escalationRef: string;
const access = { slack: "", teams: "" };
let handoverChannel = "";
let escalationChannel = "";

const escalationAt = (level: number) => (v: View) => v.type === "escalation" && v.level === level && v.state === "open";
const reminderText = (v: View) => v.type === "text" && v.text.startsWith("Reminder: the escalation");
const handover = (event: string) => (v: View) => v.type === "handover" && v.event === event;

beforeAll(async () => {
  w = await WorkerWorld.create("escal", { start: "2026-11-23T10:00:00Z" });
  access.slack = `C-ACCESS-${w.token}`;
  access.teams = `19:access-${w.token}@thread.tacv2`;
  handoverChannel = `C-HAND-${w.token}`;
  escalationChannel = `C-ESC-${w.token}`;
  await w.settings({ accessTeamChannels: { slack: access.slack, teams: access.teams } });
  max = await w.practitioner("Max Manager", ["slack", "teams"], { role: "manager" });
  meg = await w.practitioner("Meg Manager", ["teams"], { role: "manager" });
  cory = await w.practitioner("Cory Coordinator", ["slack"], { role: "manager", duties: { accessTeam: false, coordinator: true, executive: false } });
  lee = await w.practitioner("Lee Lead", ["slack", "teams"], { managerId: max.id });
  mia = await w.practitioner("Mia Member", ["slack"], { managerId: meg.id });
  ola = await w.practitioner("Ola Other", ["teams"], { managerId: meg.id });
  await w.startWorker();

  // A case led by Lee, agreed at once because everyone voted.
  handoverRef = w.uniqueRef();
  await w.as(mia, { name: "case-open", ref: handoverRef, statuses: ["early-help"] }, { channelId: handoverChannel });
  await w.as(mia, { name: "taf-add", ref: handoverRef, person: handleOf(lee) });
  await w.as(mia, { name: "propose", ref: handoverRef, nominee: handleOf(lee), reason: "", family: { kind: "agrees" } });
  await w.as(lee, { name: "vote", ref: handoverRef, choice: "accept", reason: "" });
  await w.as(mia, { name: "vote", ref: handoverRef, choice: "agree", reason: "" });
  await w.as(lee, { name: "handover-start", ref: handoverRef, trigger: "leaving" });

  // A case where the TAF cannot agree: Lee objects to Ola.
  escalationRef = w.uniqueRef();
  await w.as(mia, { name: "case-open", ref: escalationRef, statuses: ["early-help"] }, { channelId: escalationChannel });
  await w.as(mia, { name: "taf-add", ref: escalationRef, person: handleOf(ola) });
  await w.as(mia, { name: "taf-add", ref: escalationRef, person: handleOf(lee) });
  await w.as(mia, { name: "propose", ref: escalationRef, nominee: handleOf(ola), reason: "", family: { kind: "not-asked" } });
  await w.as(ola, { name: "vote", ref: escalationRef, choice: "accept", reason: "" }, { platform: "teams" });
  await w.as(mia, { name: "vote", ref: escalationRef, choice: "agree", reason: "" });
  await w.as(lee, { name: "vote", ref: escalationRef, choice: "object", reason: "Ola is new to the family" });
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe("escalation timeouts", () => {
  it("sends the managers of everyone involved the escalation, with its id for the decision buttons, in their direct chats", async () => {
    for (const [platform, id] of [["slack", max.chat.slack], ["teams", max.chat.teams], ["teams", meg.chat.teams]] as const) {
      await waitFor(`level 1 escalation to ${id}`, () => about(w.to(platform, id), escalationRef, escalationAt(1)).length === 1);
      const message = about(w.to(platform, id), escalationRef, escalationAt(1))[0]!;
      expect(message.destination.kind).toBe("user");
      expect(message.view).toMatchObject({ type: "escalation", escalationId: expect.any(String), levelName: "line managers" });
    }
  });

  it("reminds deciders each working morning until they acknowledge", async () => {
    await w.jump("2026-11-24T09:00:05Z");
    await waitFor("first reminders", () =>
      about(w.to("slack", max.chat.slack), escalationRef, reminderText).length === 1 &&
      about(w.to("teams", meg.chat.teams), escalationRef, reminderText).length === 1,
    );
    await w.as(max, { name: "acknowledge", ref: escalationRef });

    await w.jump("2026-11-25T09:00:05Z");
    await waitFor("Meg's second reminder", () => about(w.to("teams", meg.chat.teams), escalationRef, reminderText).length === 2);
    await new Promise((r) => setTimeout(r, 500));
    expect(about(w.to("slack", max.chat.slack), escalationRef, reminderText)).toHaveLength(1);
  });

  it("moves the case to the co-ordinator after 5 working days and alerts them, the case channel and the access team", async () => {
    await w.jump("2026-11-30T10:00:05Z");
    await waitFor("level 2 escalation to the co-ordinator", () => about(w.to("slack", cory.chat.slack), escalationRef, escalationAt(2)).length === 1);
    const alert = about(w.to("slack", cory.chat.slack), escalationRef, escalationAt(2))[0]!;
    expect(alert.destination).toEqual({ platform: "slack", kind: "user", id: cory.chat.slack });
    expect(alert.view).toMatchObject({ levelName: "early help co-ordinator", deciders: [{ name: "Cory Coordinator" }] });
    await waitFor("the case channel and the access team", () =>
      about(w.to("slack", escalationChannel), escalationRef, escalationAt(2)).length === 1 &&
      about(w.to("slack", access.slack), escalationRef, escalationAt(2)).length === 1 &&
      about(w.to("teams", access.teams), escalationRef, escalationAt(2)).length === 1,
    );
    const e = await w.prisma.escalation.findFirstOrThrow({ where: { case: { reference: escalationRef } } });
    expect(e.level).toBe(2);
    // The level 1 timeout is done; level 2 has its own, 5 working days on.
    const timeouts = await w.prisma.deadline.findMany({ where: { subjectId: e.id, kind: "escalation_timeout" }, orderBy: { dueAt: "asc" } });
    // (To the minute: the test's clock keeps running while the setup's commands run.)
    expect(timeouts.map((d) => [d.dueAt.toISOString().slice(0, 16), d.state])).toEqual([
      ["2026-11-30T10:00", "done"],
      ["2026-12-07T10:00", "pending"],
    ]);
  });
});

describe("handover deadlines", () => {
  it("reminds the outgoing lead and the TAF 3 and 1 working days before the deadline", async () => {
    const reminders = () => [
      about(w.to("slack", lee.chat.slack), handoverRef, handover("reminder")).length,
      about(w.to("teams", lee.chat.teams), handoverRef, handover("reminder")).length,
      about(w.to("slack", handoverChannel), handoverRef, handover("reminder")).length,
    ];
    await w.jump("2026-12-02T09:00:05Z");
    await waitFor("3-day reminders", () => reminders().every((n) => n === 1));
    await w.jump("2026-12-04T09:00:05Z");
    await waitFor("1-day reminders", () => reminders().every((n) => n === 2));
  });

  it("alerts the outgoing lead's manager and the access team when the deadline is missed", async () => {
    await w.jump("2026-12-07T10:00:05Z");
    const missed = handover("missed");
    await waitFor("missed-deadline alerts", () =>
      about(w.to("slack", max.chat.slack), handoverRef, missed).length === 1 &&
      about(w.to("teams", max.chat.teams), handoverRef, missed).length === 1 &&
      about(w.to("slack", access.slack), handoverRef, missed).length === 1 &&
      about(w.to("teams", access.teams), handoverRef, missed).length === 1,
    );
    expect(about(w.to("slack", lee.chat.slack), handoverRef, missed)).toHaveLength(0);
    // Lee stays the lead professional until a successor is agreed.
    expect((await w.prisma.case.findUniqueOrThrow({ where: { reference: handoverRef } })).leadId).toBe(lee.id);
  });

  it("tells the access team when an escalation cannot climb because nobody sits at the next level", async () => {
    // Level 2 timed out (7 December, 10:00) but no executive group is registered here.
    await w.jump("2026-12-07T10:05:00Z");
    const refused = (v: View) => v.type === "text" && v.text.includes("could not act on the escalation timeout deadline");
    // The two platforms are delivered independently: wait for both before asserting.
    await waitFor(
      "the access team's alert on both platforms",
      () => about(w.to("slack", access.slack), escalationRef, refused).length >= 1 && about(w.to("teams", access.teams), escalationRef, refused).length >= 1,
    );
    expect(about(w.to("slack", access.slack), escalationRef, refused)).toHaveLength(1);
    expect(about(w.to("teams", access.teams), escalationRef, refused)).toHaveLength(1);
    const audit = await w.prisma.auditEvent.findMany({ where: { action: "deadline.refused" } });
    expect(audit).toHaveLength(1);
    const e = await w.prisma.escalation.findFirstOrThrow({ where: { case: { reference: escalationRef } } });
    expect([e.level, e.state]).toEqual([2, "open"]);
  });

  it("delivered everything exactly once", async () => {
    await waitFor("outbox drained", async () => (await w.prisma.outboxEntry.count({ where: { deliveredAt: null } })) === 0);
    expect(await w.prisma.nudgeDelivery.count({})).toBe(w.sendCalls);
    expect(await w.prisma.nudgeDelivery.count({ where: { OR: [{ status: { not: "sent" } }, { attempts: { not: 1 } }] } })).toBe(0);
  });
});
