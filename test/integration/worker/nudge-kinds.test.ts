// Each kind of scheduled moment of a case's life, fired by the real worker on the real Postgres and
// Redis while the test moves the clock: the vote deadline, the "no review date set" reminders, the
// review reminders (5 and 1 working days before, and on the day), the overdue alert, and the
// "no lead professional for 5 working days" prompt, each reaching the right people on the right
// platform, once. Starts Monday 23 November 2026, 10:00 London (GMT).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Practitioner } from "../../../src/domain/types.js";
import type { View } from "../../../src/domain/views.js";
import { about, handleOf, waitFor, WorkerWorld } from "./support/harness.js";

let w: WorkerWorld;
let lee: Practitioner; // becomes the lead professional: Slack and Teams
let mia: Practitioner; // opens the cases: Slack
let ola: Practitioner; // Teams only
let max: Practitioner; // Lee's manager: Slack and Teams
let meg: Practitioner; // Mia's and Ola's manager: Teams only
let ref: string;
let quietRef: string;
const ACCESS = { slack: "", teams: "" };
let caseSlack = "";
let caseTeams = "";

const isReview = (event: string) => (v: View) => v.type === "review" && v.event === event;
const isDecision = (v: View) => v.type === "decision";

beforeAll(async () => {
  w = await WorkerWorld.create("kinds", { start: "2026-11-23T10:00:00Z" });
  ACCESS.slack = `C-ACCESS-${w.token}`;
  ACCESS.teams = `19:access-${w.token}@thread.tacv2`;
  caseSlack = `C-CASE-${w.token}`;
  caseTeams = `19:case-${w.token}@thread.tacv2`;
  await w.settings({ accessTeamChannels: { slack: ACCESS.slack, teams: ACCESS.teams } });
  max = await w.practitioner("Max Manager", ["slack", "teams"], { role: "manager" });
  meg = await w.practitioner("Meg Manager", ["teams"], { role: "manager" });
  lee = await w.practitioner("Lee Lead", ["slack", "teams"], { managerId: max.id });
  mia = await w.practitioner("Mia Member", ["slack"], { managerId: meg.id });
  ola = await w.practitioner("Ola Other", ["teams"], { managerId: meg.id });
  await w.startWorker();

  ref = w.uniqueRef();
  await w.as(mia, { name: "case-open", ref, statuses: ["early-help"] }, { channelId: caseSlack });
  await w.as(mia, { name: "taf-add", ref, person: handleOf(lee) });
  await w.as(mia, { name: "taf-add", ref, person: handleOf(ola) });
  await w.as(ola, { name: "case-link", ref }, { platform: "teams", channelId: caseTeams });

  quietRef = w.uniqueRef();
  await w.as(mia, { name: "case-open", ref: quietRef, statuses: ["early-help"] }, { channelId: `C-QUIET-${w.token}` });
}, 60_000);

afterAll(async () => {
  await w?.close();
});

describe("scheduled nudges and timeouts reach the right people", () => {
  it("closes the vote at its deadline (2 working days) and tells the case channel, the access team and the new lead", async () => {
    await w.as(mia, { name: "propose", ref, nominee: handleOf(lee), reason: "Knows the family", family: { kind: "agrees" } });
    await w.as(lee, { name: "vote", ref, choice: "accept", reason: "" });
    await w.as(mia, { name: "vote", ref, choice: "agree", reason: "" });
    // Ola never votes: the vote stays open until Wednesday 10:00.
    await w.jump("2026-11-25T09:59:00Z");
    expect(about(w.to("slack", caseSlack), ref, isDecision)).toHaveLength(0);

    await w.jump("2026-11-25T10:00:05Z");
    await waitFor("the decision in both case channels", () =>
      about(w.to("slack", caseSlack), ref, isDecision).length === 1 && about(w.to("teams", caseTeams), ref, isDecision).length === 1,
    );
    // The lead is told, and asked for a review date, on both of their platforms.
    for (const platform of ["slack", "teams"] as const) {
      // Two messages to one chat, delivered by concurrent outbox jobs: either may land first.
      const appointed = (v: View) => v.type === "text" && v.text.includes("You are now the lead professional");
      await waitFor(`lee's messages on ${platform}`, () => about(w.to(platform, lee.chat[platform]), ref, isReview("date-missing")).length >= 1 && about(w.to(platform, lee.chat[platform]), ref, appointed).length >= 1);
      await new Promise((r) => setTimeout(r, 200));
      expect(about(w.to(platform, lee.chat[platform]), ref, isReview("date-missing"))).toHaveLength(1);
      expect(about(w.to(platform, lee.chat[platform]), ref, appointed)).toHaveLength(1);
    }
    // The access team's copy comes through the digest window, on both platforms, once.
    await waitFor("the access team's decision", () =>
      about(w.to("slack", ACCESS.slack), ref, isDecision).length === 1 && about(w.to("teams", ACCESS.teams), ref, isDecision).length === 1,
    );
    const decision = about(w.to("slack", ACCESS.slack), ref, isDecision)[0]!.view;
    expect(decision).toMatchObject({ type: "decision", outcome: "agreed", lead: { name: "Lee Lead" } });
    const proposal = await w.prisma.proposal.findFirstOrThrow({ where: { case: { reference: ref } } });
    expect(proposal.state).toBe("agreed");
  });

  it("reminds a new lead who has set no review date each working morning", async () => {
    await w.jump("2026-11-26T09:00:05Z");
    for (const platform of ["slack", "teams"] as const) {
      await waitFor(`second date-missing reminder on ${platform}`, () => about(w.to(platform, lee.chat[platform]), ref, isReview("date-missing")).length === 2);
    }
    const pending = await w.prisma.deadline.findMany({ where: { kind: "review_date_missing", state: "pending", case: { reference: ref } } });
    expect(pending.map((d) => d.dueAt.toISOString())).toEqual(["2026-11-27T09:00:00.000Z"]);
  });

  it("sends review reminders 5 and 1 working days before and on the day, holding one due at the weekend until Monday morning", async () => {
    const missingJob = `review-date-missing-${await caseId(ref)}-${Date.parse("2026-11-27T09:00:00Z") / 1000}`;
    expect(await w.queues.nudges.getJob(missingJob)).toBeDefined();
    await w.as(lee, { name: "review-set", ref, date: { kind: "iso", date: "2026-12-07" } });
    // Setting the date cancels the next "no review date" reminder: its job is removed.
    expect(await w.queues.nudges.getJob(missingJob)).toBeUndefined();
    const reminders = (platform: "slack" | "teams") => about(w.to(platform, lee.chat[platform]), ref, isReview("reminder"));

    await w.jump("2026-11-30T09:00:05Z");
    await waitFor("5-day reminder", () => reminders("slack").length === 1 && reminders("teams").length === 1);
    expect(reminders("slack")[0]!.view).toMatchObject({ workingDaysBefore: 5, reviewDate: "2026-12-07" });
    expect(reminders("slack")[0]!.destination).toEqual({ platform: "slack", kind: "user", id: lee.chat.slack });
    expect(reminders("teams")[0]!.destination).toEqual({ platform: "teams", kind: "user", id: lee.chat.teams });

    // Friday's reminder was due at 09:00, but the worker only looks on Saturday: it waits for Monday.
    await w.jump("2026-12-05T10:00:00Z");
    await new Promise((r) => setTimeout(r, 1_500));
    expect(reminders("slack")).toHaveLength(1);

    await w.jump("2026-12-07T09:00:05Z");
    await waitFor("Friday's and Monday's reminders", () => reminders("slack").length === 3 && reminders("teams").length === 3);
    expect(reminders("teams").map((m) => (m.view as { workingDaysBefore: number }).workingDaysBefore)).toEqual([5, 0, 0]);
  });

  it("alerts the lead, their manager and the access team when the review is overdue", async () => {
    await w.jump("2026-12-08T09:00:05Z");
    const overdue = isReview("overdue");
    await waitFor("overdue alerts", () =>
      about(w.to("slack", lee.chat.slack), ref, overdue).length === 1 &&
      about(w.to("teams", lee.chat.teams), ref, overdue).length === 1 &&
      about(w.to("slack", max.chat.slack), ref, overdue).length === 1 &&
      about(w.to("teams", max.chat.teams), ref, overdue).length === 1 &&
      about(w.to("slack", ACCESS.slack), ref, overdue).length === 1 &&
      about(w.to("teams", ACCESS.teams), ref, overdue).length === 1,
    );
    // Nobody else hears about it.
    expect(about(w.to("teams", meg.chat.teams), ref, overdue)).toHaveLength(0);
    expect(about(w.to("slack", caseSlack), ref, overdue)).toHaveLength(0);
  });

  it("prompts the TAF of a case without a lead professional for 5 working days", async () => {
    // Opened Monday 23 November; the prompt was due Monday 30 November at 09:00 and fired at that jump.
    const prompts = w.to("slack", `C-QUIET-${w.token}`).filter((m) => m.view.type === "text" && m.view.text.includes("has had no lead professional"));
    expect(prompts.length).toBeGreaterThanOrEqual(1);
    expect(prompts[0]!.view).toMatchObject({ caseRef: quietRef, tone: "warning" });
    // …and again 5 working days later (Monday 7 December), never twice for one date.
    const rows = await w.prisma.deadline.findMany({ where: { kind: "no_lead", case: { reference: quietRef } }, orderBy: { dueAt: "asc" } });
    expect(rows.filter((r) => r.state === "done").map((r) => r.dueAt.toISOString())).toEqual(["2026-11-30T09:00:00.000Z", "2026-12-07T09:00:00.000Z"]);
    expect(prompts).toHaveLength(2);
  });

  it("records one delivery row per destination and marks every outbox entry delivered", async () => {
    // The tests above wait for the messages they check; others (a second prompt, a reminder to
    // those still to vote) may still be on their way. Let what is in flight land first.
    await waitFor("the outbox to settle", async () =>
      (await w.prisma.outboxEntry.count({ where: { deliveredAt: null } })) === 0 &&
      (await w.prisma.nudgeDelivery.count({ where: { status: "sending" } })) === 0,
    ).catch(() => undefined);
    const undelivered = await w.prisma.outboxEntry.count({ where: { deliveredAt: null } });
    expect(undelivered).toBe(0);
    const failed = await w.prisma.nudgeDelivery.count({ where: { status: { not: "sent" } } });
    expect(failed).toBe(0);
    // Exactly once: one row per successful send, none sent twice.
    const sent = await w.prisma.nudgeDelivery.count({});
    expect(sent).toBe(w.sendCalls);
    expect(await w.prisma.nudgeDelivery.count({ where: { attempts: { not: 1 } } })).toBe(0);
  });
});

async function caseId(reference: string): Promise<string> {
  return (await w.prisma.case.findUniqueOrThrow({ where: { reference }, select: { id: true } })).id;
}
