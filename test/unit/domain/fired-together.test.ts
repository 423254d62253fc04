import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { makeDeadline, snoozedDeadline } from "../../../src/domain/deadlines/deadline-keys.js";
import { canFireTogether, keyCanFireTogether } from "../../../src/domain/deadlines/fired-together.js";
import { DEADLINE_KINDS } from "../../../src/domain/types.js";

describe("which deadlines fire together", () => {
  it("are the reminders and overdue alerts, told from the key alone as from the kind, snoozed or not", () => {
    expect(DEADLINE_KINDS.filter(canFireTogether)).toEqual(["review-reminder", "review-overdue", "handover-reminder", "handover-missed"]);
    for (const kind of DEADLINE_KINDS) {
      const d = makeDeadline(kind, randomUUID(), randomUUID(), new Date("2026-12-08T09:00:00Z"), kind === "escalation-alert" ? "L1" : undefined);
      expect(keyCanFireTogether(d.key), d.key).toBe(canFireTogether(kind));
      expect(keyCanFireTogether(snoozedDeadline(d, new Date("2026-12-09T09:00:00Z")).key)).toBe(canFireTogether(kind));
    }
  });
});
