// Setting a review date cancels the pending reminders and schedules the new date's: when the new
// date is the old one (set twice, or moved A → B → A) the keys are the same, and the reminders
// must come back to life instead of staying cancelled. A reminder that has fired stays fired.
import { describe, expect, it } from "vitest";
import type { Deadline } from "../../../src/domain/types.js";
import { handle, World } from "../../support/domain-fixture.js";

const REF = "EH-2026-0045";

async function ledWorld() {
  const w = new World();
  await w.caseWithTaf(REF, ["early-help"], "fay.family", ["hana.health", "tom.teacher"]);
  await w.as("fay.family", { name: "propose", ref: REF, nominee: handle("hana.health"), reason: "", family: { kind: "agrees" } });
  for (const h of ["fay.family", "tom.teacher", "hana.health"]) await w.as(h, { name: "vote", ref: REF, choice: "agree", reason: "" });
  return w;
}

const reviewDeadlines = (w: World, state: Deadline["state"]) =>
  [...w.state.deadlines.values()]
    .filter((d) => (d.kind === "review-reminder" || d.kind === "review-overdue") && d.state === state)
    .map((d) => `${d.kind}@${d.dueAt.toISOString()}`)
    .sort();

const FOR_18_DECEMBER = [
  "review-overdue@2026-12-21T09:00:00.000Z",
  "review-reminder@2026-12-11T09:00:00.000Z",
  "review-reminder@2026-12-17T09:00:00.000Z",
  "review-reminder@2026-12-18T09:00:00.000Z",
];

const remindersSent = async (w: World, at: string) => {
  w.clock.set(at);
  const fired = await w.fireDue();
  return fired.flatMap((o) => o.notifications).filter((n) => n.view.type === "review" && n.view.event === "reminder");
};

describe("setting a review date that was set before", () => {
  it("keeps its reminders when the same date is set twice", async () => {
    const w = await ledWorld();
    const date = { kind: "iso", date: "2026-12-18" } as const;
    await w.as("hana.health", { name: "review-set", ref: REF, date });
    await w.as("hana.health", { name: "review-set", ref: REF, date });
    expect(reviewDeadlines(w, "pending")).toEqual(FOR_18_DECEMBER);
    expect(await remindersSent(w, "2026-12-11T09:00:00Z")).toHaveLength(1);
  });

  it("keeps its reminders when the review moves A → B → A, and B's are cancelled", async () => {
    const w = await ledWorld();
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-12-18" } });
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2027-01-29" } });
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-12-18" } });
    expect(reviewDeadlines(w, "pending")).toEqual(FOR_18_DECEMBER);
    expect(reviewDeadlines(w, "cancelled")).toHaveLength(4);
    expect(await remindersSent(w, "2026-12-11T09:00:00Z")).toHaveLength(1);
    expect(await remindersSent(w, "2026-12-17T09:00:00Z")).toHaveLength(1);
    expect(await remindersSent(w, "2026-12-18T09:00:00Z")).toHaveLength(1);
    // 29 January's reminders never come.
    expect(await remindersSent(w, "2027-01-22T09:00:00Z")).toHaveLength(0);
    expect(await remindersSent(w, "2027-01-29T09:00:00Z")).toHaveLength(0);
  });

  it("never revives a reminder that has fired: scheduling a done key leaves it done", async () => {
    const w = await ledWorld();
    await w.as("hana.health", { name: "review-set", ref: REF, date: { kind: "iso", date: "2026-12-18" } });
    expect(await remindersSent(w, "2026-12-11T09:00:00Z")).toHaveLength(1);
    const fired = [...w.state.deadlines.values()].find((d) => d.kind === "review-reminder" && d.state === "done")!;
    await w.uow.run((repos) => repos.deadlines.schedule([{ ...fired, state: "pending" }]));
    expect(w.state.deadlines.get(fired.key)?.state).toBe("done");
    expect(await remindersSent(w, "2026-12-11T09:00:30Z")).toHaveLength(0);
  });
});
