// The pure rules of the worker: when a deadline's job runs, which messages wait for an
// access-team digest and how a digest reads, how a sender's failure is classified, and which
// keys BullMQ accepts as job ids.
import { describe, expect, it } from "vitest";
import { calendarFor } from "../../../../src/domain/context.js";
import type { Notification } from "../../../../src/domain/ports.js";
import { DEFAULT_SETTINGS, type DeadlineKind } from "../../../../src/domain/types.js";
import { makeDeadline } from "../../../../src/domain/deadlines/deadline-keys.js";
import { UndeliverableError } from "../../../../src/infrastructure/notify/routing-notifier.js";
import { classifyFailure, describeFailure } from "../../../../src/infrastructure/queue/delivery-errors.js";
import { digestGroup, digestView } from "../../../../src/infrastructure/queue/digest.js";
import { FireTimes } from "../../../../src/infrastructure/queue/fire-times.js";
import { isNudgeKind, jobKey } from "../../../../src/infrastructure/queue/queues.js";

const calendar = calendarFor(DEFAULT_SETTINGS);
const fireTimes = new FireTimes(null as never, { now: () => new Date() });
const at = (iso: string) => new Date(iso);
const fire = (kind: DeadlineKind, due: string, now: string) => fireTimes.fireAt({ kind, dueAt: at(due) }, calendar, at(now)).toISOString();

describe("when a deadline's job runs", () => {
  it("runs state changes at their due moment, whatever the hour", () => {
    expect(fire("vote-close", "2026-11-28T03:00:00Z", "2026-11-23T10:00:00Z")).toBe("2026-11-28T03:00:00.000Z");
    expect(fire("escalation-timeout", "2026-11-28T03:00:00Z", "2026-11-29T03:00:00Z")).toBe("2026-11-28T03:00:00.000Z");
  });

  it("holds a nudge due outside working hours until the next working morning", () => {
    // Friday evening → Monday 09:00; Saturday → Monday; before 09:00 → 09:00 the same day.
    expect(fire("review-reminder", "2026-11-27T17:30:00Z", "2026-11-23T10:00:00Z")).toBe("2026-11-30T09:00:00.000Z");
    expect(fire("handover-missed", "2026-11-28T10:00:00Z", "2026-11-23T10:00:00Z")).toBe("2026-11-30T09:00:00.000Z");
    expect(fire("no-lead", "2026-11-24T07:00:00Z", "2026-11-23T10:00:00Z")).toBe("2026-11-24T09:00:00.000Z");
    // Christmas Day and Boxing Day (substitute Monday 28th) are not working days in 2026.
    expect(fire("review-overdue", "2026-12-24T17:00:00Z", "2026-12-01T10:00:00Z")).toBe("2026-12-29T09:00:00.000Z");
  });

  it("sends a nudge found late at once inside working hours, and at the next morning outside them", () => {
    expect(fire("review-reminder", "2026-11-23T09:00:00Z", "2026-11-23T14:00:00Z")).toBe("2026-11-23T14:00:00.000Z");
    expect(fire("review-reminder", "2026-11-23T09:00:00Z", "2026-11-23T20:00:00Z")).toBe("2026-11-24T09:00:00.000Z");
  });

  it("counts in the deployment's time zone (09:00 in London is 08:00 UTC in summer)", () => {
    expect(fire("review-reminder", "2026-06-13T10:00:00Z", "2026-06-01T10:00:00Z")).toBe("2026-06-15T08:00:00.000Z");
  });

  it("puts votes and escalation timeouts on the timeouts queue, every other kind on the nudges queue", () => {
    expect(["vote-close", "escalation-timeout"].map((k) => isNudgeKind(k as DeadlineKind))).toEqual([false, false]);
    expect(isNudgeKind("escalation-alert")).toBe(true);
  });
});

describe("job ids", () => {
  it("accepts deadline and outbox keys, refuses ':' and integer-like ids", () => {
    const key = makeDeadline("review-reminder", "c1", "8a1f0c3e-5b7d-4a43-9a8e-0d3c5e6f7a8b", at("2026-11-30T09:00:00Z"), "5wd").key;
    expect(jobKey.safeParse(key).success).toBe(true);
    expect(jobKey.safeParse(`${key}-0`).success).toBe(true);
    expect(jobKey.safeParse("cmd-8a1f0c3e-5b7d-4a43-9a8e-0d3c5e6f7a8b-2").success).toBe(true);
    expect(jobKey.safeParse("review:1").success).toBe(false);
    expect(jobKey.safeParse("12345").success).toBe(false);
  });
});

const lead = { id: "p1", name: "Lee Lead", role: "family-support-worker", agency: "Family Support Service" };
const overdue = (caseRef: string): Notification => ({
  to: { kind: "access-team" },
  view: { type: "review", caseRef, event: "overdue", reviewDate: "2026-12-07", outcome: null, lead, workingDaysBefore: null },
});

describe("access-team digests", () => {
  it("collects access-team messages raised by the schedule, by kind", () => {
    expect(digestGroup("review-overdue-c1-1796720400-2", overdue("EH-1"))).toBe("review-overdue");
    expect(digestGroup("failed-review-overdue-c1-1796720400-0", { ...overdue("EH-1"), to: { kind: "access-team" } })).toBe("delivery-failed");
  });

  it("sends on their own: commands' messages, other recipients, cards updated in place, digests", () => {
    expect(digestGroup("cmd-8a1f-0", overdue("EH-1"))).toBeNull();
    expect(digestGroup("review-overdue-c1-1-0", { ...overdue("EH-1"), to: { kind: "practitioner", practitionerId: "p1" } })).toBeNull();
    expect(digestGroup("vote-close-x-1-0", { ...overdue("EH-1"), messageKey: "proposal-1" })).toBeNull();
    expect(digestGroup("digest-review-overdue-abc", overdue("EH-1"))).toBeNull();
  });

  it("reads as a heading and one line per case", () => {
    const view = digestView("review-overdue", [overdue("EH-2026-0001"), overdue("EH-2026-0002")], "Europe/London");
    expect(view).toEqual({
      type: "text",
      tone: "warning",
      caseRef: null,
      text: [
        "2 reviews are overdue:",
        "• EH-2026-0001: review date Mon 7 Dec 2026; lead professional Lee Lead",
        "• EH-2026-0002: review date Mon 7 Dec 2026; lead professional Lee Lead",
      ].join("\n"),
    });
  });
});

describe("sender failures", () => {
  it("reads Retry-After in seconds (Slack's rate-limited error) or milliseconds", () => {
    expect(classifyFailure(Object.assign(new Error("ratelimited"), { retryAfter: 30 }))).toEqual({ kind: "rate-limited", retryAfterMs: 30_000 });
    expect(classifyFailure({ retryAfterMs: 1500 })).toEqual({ kind: "rate-limited", retryAfterMs: 1500 });
    expect(classifyFailure({ retryAfter: "2" })).toEqual({ kind: "rate-limited", retryAfterMs: 2000 });
  });

  it("never retries a permanent failure, retries everything else", () => {
    expect(classifyFailure(new UndeliverableError("no sender for teams"))).toEqual({ kind: "permanent" });
    expect(classifyFailure(Object.assign(new Error("not installed"), { permanent: true }))).toEqual({ kind: "permanent" });
    expect(classifyFailure(Object.assign(new Error("bad gateway"), { statusCode: 502 }))).toEqual({ kind: "transient" });
  });

  it("describes a failure on one short line", () => {
    const error = Object.assign(new Error("service\nunavailable"), { statusCode: 503 });
    expect(describeFailure(error)).toBe("Error 503: service unavailable");
    expect(describeFailure(new Error("x".repeat(1000))).length).toBeLessThanOrEqual(300);
  });
});
