import { describe, expect, it } from "vitest";
import type { CaseAccess } from "../../../../src/domain/case/case-access.js";
import { mayAddAction, mayChangeAction } from "../../../../src/domain/plan/plan-permissions.js";
import { checkMoveDate, checkNewDueDate, defaultDueDate, requireOpenAction } from "../../../../src/domain/plan/plan-rules.js";
import type { Case, PlanAction } from "../../../../src/domain/types.js";
import { practitioner } from "../../../support/domain-fixture.js";

const theCase: Case = {
  id: "c-1",
  reference: "EH-2026-0042",
  statuses: ["early-help"],
  open: true,
  leadId: "p-hana.health",
  leadSince: new Date("2026-11-01T10:00:00Z"),
  noLeadSince: null,
  reviewDate: "2026-12-18",
  channels: {},
  openedAt: new Date("2026-10-01T10:00:00Z"),
  closedAt: null,
};

const fay = practitioner("fay.family", { managerId: "p-mo.manager" });
const taf = ["p-hana.health", "p-fay.family", "p-tom.teacher"];

function access(handle: string, c: Case = theCase, extra: Partial<CaseAccess> = {}): CaseAccess {
  const actor = practitioner(handle);
  const isMember = taf.includes(actor.id);
  return {
    actor,
    case: c,
    taf,
    isMember,
    isLead: c.leadId === actor.id,
    isManagerOfMember: handle === "mo.manager",
    isAccessTeam: false,
    isDecider: false,
    canView: true,
    escalation: null,
    ...extra,
  };
}

const action = (owner: PlanAction["owner"], over: Partial<PlanAction> = {}): PlanAction => ({
  id: "a-1",
  caseId: "c-1",
  n: 3,
  text: "Arrange a school attendance meeting",
  owner,
  dueDate: "2026-12-11",
  status: "open",
  addedById: "p-tom.teacher",
  addedAt: new Date("2026-11-20T10:00:00Z"),
  closedById: null,
  closedAt: null,
  doneNote: null,
  dropReason: null,
  movedAt: null,
  movedById: null,
  moveReason: null,
  previousDueDate: null,
  ...over,
});
const faysAction = action({ kind: "practitioner", practitionerId: fay.id });
const familyAction = action({ kind: "family" });

describe("who may change the plan [DOMAIN §11]", () => {
  it("any TAF member may add; a manager of a member or the access team who is not on the TAF may not", () => {
    expect(mayAddAction(access("tom.teacher"))).toBe(true);
    expect(mayAddAction(access("hana.health"))).toBe(true);
    expect(mayAddAction(access("mo.manager"))).toBe(false);
    expect(mayAddAction(access("ada.access", theCase, { isAccessTeam: true }))).toBe(false);
  });

  it("the owner, the LP and the owner's line manager may change a practitioner's action; other members may not", () => {
    expect(mayChangeAction(access("fay.family"), faysAction, fay)).toBe(true);
    expect(mayChangeAction(access("hana.health"), faysAction, fay)).toBe(true);
    expect(mayChangeAction(access("mo.manager"), faysAction, fay)).toBe(true);
    expect(mayChangeAction(access("tom.teacher"), faysAction, fay)).toBe(false);
    expect(mayChangeAction(access("meg.manager"), faysAction, fay)).toBe(false);
    // Having added it gives no say over it: the owner carries it out.
    expect(mayChangeAction(access("tom.teacher"), action({ kind: "practitioner", practitionerId: fay.id }, { addedById: "p-tom.teacher" }), fay)).toBe(false);
  });

  it("the family's actions are changed by the LP; by any member only while the case has no LP", () => {
    expect(mayChangeAction(access("hana.health"), familyAction, null)).toBe(true);
    expect(mayChangeAction(access("tom.teacher"), familyAction, null)).toBe(false);
    expect(mayChangeAction(access("mo.manager"), familyAction, null)).toBe(false);
    const noLead = { ...theCase, leadId: null };
    expect(mayChangeAction(access("tom.teacher", noLead), familyAction, null)).toBe(true);
    expect(mayChangeAction(access("mo.manager", noLead), familyAction, null)).toBe(false);
  });
});

describe("plan dates and states", () => {
  const day = (iso: string) => `day ${iso}`;

  it("a new action may be due today, not before", () => {
    expect(() => checkNewDueDate("2026-12-01", "2026-12-01", day)).not.toThrow();
    expect(() => checkNewDueDate("2026-11-30", "2026-12-01", day)).toThrow(expect.objectContaining({ code: "date-past" }));
  });

  it("a move needs a date after today, other than the one it has", () => {
    expect(() => checkMoveDate(faysAction, "2026-12-01", "2026-12-01", day)).toThrow(expect.objectContaining({ code: "date-past" }));
    expect(() => checkMoveDate(faysAction, "2026-12-11", "2026-12-01", day)).toThrow(expect.objectContaining({ code: "nothing-to-change" }));
    expect(() => checkMoveDate(faysAction, "2026-12-02", "2026-12-01", day)).not.toThrow();
  });

  it("without a date an action is due at the next review; with none ahead the person is asked for one", () => {
    expect(defaultDueDate(theCase, "2026-12-01")).toBe("2026-12-18");
    expect(defaultDueDate(theCase, "2026-12-18")).toBe("2026-12-18");
    expect(() => defaultDueDate(theCase, "2026-12-19")).toThrow(expect.objectContaining({ code: "date-needed" }));
    expect(() => defaultDueDate({ ...theCase, reviewDate: null }, "2026-12-01")).toThrow(expect.objectContaining({ code: "date-needed" }));
  });

  it("done and dropped actions cannot be changed again", () => {
    expect(() => requireOpenAction(theCase, faysAction)).not.toThrow();
    expect(() => requireOpenAction(theCase, { ...faysAction, status: "done" })).toThrow(expect.objectContaining({ code: "action-closed" }));
    expect(() => requireOpenAction(theCase, { ...faysAction, status: "dropped" })).toThrow(/already dropped/);
  });
});
