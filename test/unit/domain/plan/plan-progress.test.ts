import { describe, expect, it } from "vitest";
import { isOverdue, planProgress, workingDaysOverdue } from "../../../../src/domain/plan/plan-progress.js";
import { WorkingCalendar } from "../../../../src/domain/rules/working-calendar.js";
import type { PlanAction } from "../../../../src/domain/types.js";

const calendar = new WorkingCalendar({ region: "england-and-wales", timeZone: "Europe/London", workingHours: { start: 9, end: 17 } });

function action(n: number, dueDate: string, over: Partial<PlanAction> = {}): PlanAction {
  return {
    id: `a-${n}`,
    caseId: "c-1",
    n,
    text: `Action ${n}`,
    owner: { kind: "practitioner", practitionerId: "p-fay" },
    dueDate,
    status: "open",
    addedById: "p-fay",
    addedAt: new Date("2026-11-02T10:00:00Z"),
    closedById: null,
    closedAt: null,
    doneNote: null,
    dropReason: null,
    movedAt: null,
    movedById: null,
    moveReason: null,
    previousDueDate: null,
    ...over,
  };
}

describe("overdue, by the working-day calendar [DOMAIN §9, §11]", () => {
  const dueFriday = action(1, "2026-12-11");

  it("is not overdue on its due date nor over the weekend after it", () => {
    for (const now of ["2026-12-11T16:59:00Z", "2026-12-12T12:00:00Z", "2026-12-13T23:59:00Z"]) {
      expect(isOverdue(dueFriday, new Date(now), calendar), now).toBe(false);
      expect(workingDaysOverdue(dueFriday, new Date(now), calendar), now).toBe(0);
    }
  });

  it("counts working days after the due date: 1 on the Monday, 4 on the Thursday", () => {
    expect(workingDaysOverdue(dueFriday, new Date("2026-12-14T08:00:00Z"), calendar)).toBe(1);
    expect(isOverdue(dueFriday, new Date("2026-12-14T08:00:00Z"), calendar)).toBe(true);
    expect(workingDaysOverdue(dueFriday, new Date("2026-12-17T15:00:00Z"), calendar)).toBe(4);
  });

  it("skips bank holidays: due Christmas Eve, one working day overdue on 29 December", () => {
    const dueEve = action(1, "2026-12-24");
    expect(workingDaysOverdue(dueEve, new Date("2026-12-28T12:00:00Z"), calendar)).toBe(0);
    expect(workingDaysOverdue(dueEve, new Date("2026-12-29T12:00:00Z"), calendar)).toBe(1);
  });

  it("reads the day in the deployment's time zone: 00:30 on a Monday in summer is Monday already", () => {
    const dueJune = action(1, "2026-06-12");
    expect(workingDaysOverdue(dueJune, new Date("2026-06-14T23:30:00Z"), calendar)).toBe(1);
    expect(workingDaysOverdue(dueJune, new Date("2026-06-14T22:30:00Z"), calendar)).toBe(0);
  });

  it("a done or dropped action is never overdue, however late", () => {
    const late = new Date("2027-03-01T12:00:00Z");
    expect(isOverdue(action(1, "2026-12-01", { status: "done" }), late, calendar)).toBe(false);
    expect(workingDaysOverdue(action(1, "2026-12-01", { status: "dropped" }), late, calendar)).toBe(0);
  });
});

describe("planProgress", () => {
  it("counts done, open (overdue included), overdue and dropped, and names each overdue owner once, in action order", () => {
    const now = new Date("2026-12-16T10:00:00Z");
    const actions = [
      action(5, "2026-12-01", { owner: { kind: "practitioner", practitionerId: "p-tom" } }),
      action(1, "2026-12-02", { owner: { kind: "family" } }),
      action(2, "2026-12-03"),
      action(3, "2026-12-04", { owner: { kind: "family" } }),
      action(4, "2026-12-31"),
      action(6, "2026-12-01", { status: "done" }),
      action(7, "2026-12-01", { status: "dropped", dropReason: "no longer needed" }),
      action(8, "2026-12-15", { owner: { kind: "practitioner", practitionerId: "p-tom" } }),
    ];
    expect(planProgress(actions, now, calendar)).toEqual({
      done: 1,
      open: 6,
      overdue: 5,
      dropped: 1,
      overdueOwners: ["family", "p-fay", "p-tom"],
    });
  });

  it("an empty plan has nothing in it", () => {
    expect(planProgress([], new Date(), calendar)).toEqual({ done: 0, open: 0, overdue: 0, dropped: 0, overdueOwners: [] });
  });
});
