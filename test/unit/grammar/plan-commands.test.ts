// The plan's commands as typed: what parses, and a friendly refusal with the usage line for the rest.
import { describe, expect, it } from "vitest";
import type { Command } from "../../../src/domain/commands.js";
import { parseCommandText } from "../../../src/grammar/parse-command-text.js";
import { usageFor } from "../../../src/grammar/usage.js";

const REF = "EH-2026-0042";

function ok(text: string): Command {
  const result = parseCommandText(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error}`);
  return result.command;
}

function err(text: string): { error: string; usage: string | null } {
  const result = parseCommandText(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to fail, got ${JSON.stringify(result.command)}`);
  return { error: result.error, usage: result.usage };
}

describe("plan", () => {
  it("shows the plan", () => {
    expect(ok(`/lead plan ${REF.toLowerCase()}`)).toEqual({ name: "plan", ref: REF });
    expect(err("plan").error).toContain("Which case?");
    expect(err("plan finish EH-2026-0042 1").error).toContain("is not a command");
  });

  it("adds with an owner or the family, and a date after the last `by` that reads as one", () => {
    expect(ok(`plan add ${REF} @tom.teacher arrange a meeting with the school by friday`)).toEqual({
      name: "plan-add",
      ref: REF,
      owner: { kind: "person", person: { by: "handle", handle: "tom.teacher" } },
      text: "arrange a meeting with the school",
      by: { kind: "weekday", weekday: 5, next: false },
    });
    expect(ok(`plan add ${REF} family attend the course run by the school by in 10 working days`)).toMatchObject({
      owner: { kind: "family" },
      text: "attend the course run by the school",
      by: { kind: "in", amount: 10, unit: "working-days" },
    });
    // "by the school gate" is not a date: it stays in the text and the action is due at the review.
    expect(ok(`plan add ${REF} <@U123> meet by the school gate`)).toEqual({
      name: "plan-add",
      ref: REF,
      owner: { kind: "person", person: { by: "chat-id", id: "U123" } },
      text: "meet by the school gate",
    });
  });

  it("refuses a missing owner or action, a non-owner word and 2,000 characters, with the usage line", () => {
    expect(err(`plan add ${REF}`)).toMatchObject({ error: expect.stringContaining("Who will do it?"), usage: usageFor("plan add") });
    expect(err(`plan add ${REF} tom arrange it`).error).toContain("is not an owner");
    expect(err(`plan add ${REF} @tom.teacher by friday`).error).toContain("What was agreed?");
    expect(err(`plan add ${REF} family ${"word ".repeat(80)}`).error).toMatch(/at most 300 characters \(yours has 399\)/);
    expect(err(`plan add ${REF} family ${"x".repeat(2000)}`).error).toMatch(/characters long/);
  });

  it("done, drop and move name an action by number", () => {
    expect(ok(`plan done ${REF} 2`)).toEqual({ name: "plan-done", ref: REF, n: 2, note: "" });
    expect(ok(`plan done ${REF} #2 meeting held`)).toEqual({ name: "plan-done", ref: REF, n: 2, note: "meeting held" });
    expect(ok(`plan drop ${REF} 3 no longer needed`)).toEqual({ name: "plan-drop", ref: REF, n: 3, reason: "no longer needed" });
    expect(ok(`plan move ${REF} 3 2026-12-18 waiting for a panel date`)).toEqual({
      name: "plan-move",
      ref: REF,
      n: 3,
      date: { kind: "iso", date: "2026-12-18" },
      reason: "waiting for a panel date",
    });
    expect(ok(`plan move ${REF} 3 in 2 weeks the family asked`)).toMatchObject({ date: { kind: "in", amount: 2, unit: "weeks" }, reason: "the family asked" });
  });

  it("refuses a missing or bad number, and a drop or move without a reason", () => {
    expect(err(`plan done ${REF}`).error).toContain("Which action?");
    expect(err(`plan done ${REF} two`).error).toContain("is not an action number");
    expect(err(`plan done ${REF} 0`).error).toContain("is not an action number");
    expect(err(`plan drop ${REF} 3`)).toMatchObject({ error: expect.stringContaining("Add a reason"), usage: usageFor("plan drop") });
    expect(err(`plan move ${REF} 3 2026-12-18`).error).toContain("Why does action 3 move?");
    expect(err(`plan move ${REF} 3`).error).toContain("Move action 3 to when?");
    expect(err(`plan move ${REF} 3 someday soon`).error).toContain("is not a date I can read");
  });
});

describe("escalate action", () => {
  it("raises one action by number; `action` without a number is an ordinary reason", () => {
    expect(ok(`escalate ${REF} action 3 no reply to three reminders`)).toEqual({ name: "escalate-action", ref: REF, n: 3, reason: "no reply to three reminders" });
    expect(ok(`/lead escalate ${REF} Action #2 the school has not answered`)).toMatchObject({ name: "escalate-action", n: 2 });
    expect(ok(`escalate ${REF} action plan is not agreed`)).toEqual({ name: "escalate", ref: REF, reason: "action plan is not agreed" });
    expect(ok(`escalate ${REF} action`)).toEqual({ name: "escalate", ref: REF, reason: "action" });
  });

  it("refuses no reason, action 0, a reason over 300 characters and 2,000 characters, with its own usage line", () => {
    expect(err(`escalate ${REF} action 3`)).toMatchObject({ error: expect.stringContaining("Say what has been tried"), usage: usageFor("escalate action") });
    expect(err(`escalate ${REF} action 0 late`).error).toContain("Action numbers start at 1");
    expect(err(`escalate ${REF} action 3 ${"x".repeat(400)}`).error).toContain("at most 300 characters (yours has 400)");
    expect(err(`escalate ${REF} action 3 ${"x".repeat(2000)}`).error).toContain("characters long");
    expect(usageFor("escalate action")).toContain("escalate <ref> action <n> <reason>");
  });
});

describe("review done carries actions forward or drops them", () => {
  it("reads carry and drop after the outcome and the date, in any order, with commas or spaces", () => {
    expect(ok(`review done ${REF} continue carry 1 3 drop 2`)).toEqual({ name: "review-done", ref: REF, outcome: "continue", carry: [1, 3], drop: [2] });
    expect(ok(`review done ${REF} continue next 2027-03-01 drop 2,4 carry all`)).toEqual({
      name: "review-done",
      ref: REF,
      outcome: "continue",
      next: { kind: "iso", date: "2027-03-01" },
      carry: "all",
      drop: [2, 4],
    });
    expect(ok(`review done ${REF} step-down in 8 weeks carry #1`)).toMatchObject({ next: { kind: "in", amount: 8, unit: "weeks" }, carry: [1] });
    expect(ok(`review done ${REF} continue`)).toEqual({ name: "review-done", ref: REF, outcome: "continue" });
  });

  it("refuses an empty list, a bad number, saying a word twice and an action both carried and dropped", () => {
    expect(err(`review done ${REF} continue carry`)).toMatchObject({ error: expect.stringContaining("Which actions does the review carry?"), usage: usageFor("review done") });
    expect(err(`review done ${REF} continue drop two`).error).toContain("is not an action number");
    expect(err(`review done ${REF} continue drop 0`).error).toContain("is not an action number");
    expect(err(`review done ${REF} continue drop 1 drop 2`).error).toContain("Say drop once");
    expect(err(`review done ${REF} continue carry 1 2 drop 2`).error).toContain("not both");
    expect(usageFor("review done")).toContain("[carry <n…>|all] [drop <n…>]");
  });
});
