import { describe, expect, it } from "vitest";
import { quorumFor, tally, verdict } from "../../../src/domain/allocation/vote-tally.js";
import { deadlineKey } from "../../../src/domain/deadlines/deadline-keys.js";
import type { Proposal, Vote } from "../../../src/domain/types.js";

const proposal = (over: Partial<Proposal> = {}): Proposal => ({
  id: "pr-1",
  caseId: "c-1",
  kind: "appoint",
  nomineeId: "n",
  proposerId: "a",
  reason: "",
  familyView: { kind: "agrees" },
  notes: [],
  electorate: ["a", "b", "c", "n"],
  state: "open",
  deadline: new Date("2026-11-25T10:00:00Z"),
  createdAt: new Date("2026-11-23T10:00:00Z"),
  closedAt: null,
  outcomeReason: null,
  ...over,
});
const vote = (voterId: string, choice: Vote["choice"]): Vote => ({ proposalId: "pr-1", voterId, choice, reason: null, platform: "slack", at: new Date() });
const before = new Date("2026-11-24T10:00:00Z");
const after = new Date("2026-11-25T10:00:00Z");

describe("vote arithmetic [DOMAIN §4.4]", () => {
  it("quorum is more than half the TAF by default", () => {
    expect(quorumFor(4, 0.5)).toBe(3);
    expect(quorumFor(5, 0.5)).toBe(3);
    expect(quorumFor(1, 0.5)).toBe(1);
  });

  it("does not close before the deadline while someone has not voted", () => {
    expect(verdict(proposal(), [vote("n", "agree"), vote("a", "agree")], 0.5, before)).toEqual({ closes: false });
  });

  it("closes early once everyone has voted", () => {
    const all = ["a", "b", "c", "n"].map((id) => vote(id, "agree"));
    expect(verdict(proposal(), all, 0.5, before)).toMatchObject({ closes: true, outcome: "agreed" });
  });

  it("abstentions count towards quorum but not as agreement or objection", () => {
    const votes = [vote("n", "agree"), vote("a", "abstain"), vote("b", "abstain")];
    expect(verdict(proposal(), votes, 0.5, after)).toMatchObject({ outcome: "agreed" });
    expect(tally(proposal(), votes, 0.5)).toMatchObject({ agree: 1, abstain: 2, notVoted: 1 });
  });

  it("is a disagreement at the deadline without quorum, without the nominee's acceptance, or with an objection", () => {
    expect(verdict(proposal(), [vote("n", "agree"), vote("a", "agree")], 0.5, after)).toMatchObject({ outcome: "disagreed", reason: expect.stringMatching(/quorum/) });
    expect(verdict(proposal(), [vote("a", "agree"), vote("b", "agree"), vote("c", "agree")], 0.5, after)).toMatchObject({ outcome: "disagreed", reason: expect.stringMatching(/did not accept/) });
    expect(verdict(proposal(), [vote("n", "agree"), vote("a", "agree"), vote("b", "object")], 0.5, after)).toMatchObject({ outcome: "disagreed", reason: expect.stringMatching(/objection/) });
  });

  it("ignores votes from people no longer in the electorate", () => {
    const p = proposal({ electorate: ["a", "n"] });
    expect(verdict(p, [vote("n", "agree"), vote("a", "agree"), vote("b", "object")], 0.5, before)).toMatchObject({ outcome: "agreed" });
  });

  it("a closure vote needs no nominee", () => {
    const p = proposal({ kind: "closure", nomineeId: null, electorate: ["a", "b"] });
    expect(verdict(p, [vote("a", "agree"), vote("b", "agree")], 0.5, before)).toMatchObject({ outcome: "agreed" });
  });
});

describe("deadline keys", () => {
  it("are deterministic, free of ':' and never integer-like", () => {
    const at = new Date("2026-12-18T09:00:00Z");
    const key = deadlineKey("review-reminder", "c-1", at, "5wd");
    expect(key).toBe(`review-reminder-c-1-5wd-${at.getTime() / 1000}`);
    expect(deadlineKey("review-reminder", "c-1", at, "5wd")).toBe(key);
    expect(key).not.toMatch(/:/);
    expect(Number.isNaN(Number(key))).toBe(true);
  });
});
