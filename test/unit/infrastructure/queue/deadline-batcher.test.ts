import { describe, expect, it } from "vitest";
import type { DeadlineResult } from "../../../../src/application/execute-deadline.js";
import { DeadlineBatcher } from "../../../../src/infrastructure/queue/deadline-batcher.js";

const result = (key: string): DeadlineResult => ({
  fired: true,
  outcome: { reply: { type: "text", tone: "info", caseRef: null, text: key }, notifications: [], outboxKeys: [`${key}-0`], scheduled: [], cancelled: [] },
});

describe("deadlines gathered to fire together", () => {
  it("sends the keys that arrive within the window as one batch, and gives each its own result", async () => {
    const batches: string[][] = [];
    const batcher = new DeadlineBatcher(async (keys) => {
      batches.push([...keys]);
      return new Map(keys.filter((k) => k !== "left-out").map((k) => [k, result(k)]));
    }, { maxSize: 10, windowMs: 20, maxInFlight: 1 });
    const [a, b, out] = await Promise.all([batcher.fire("a"), batcher.fire("b"), batcher.fire("left-out")]);
    expect(batches).toEqual([["a", "b", "left-out"]]);
    expect(a?.outcome.outboxKeys).toEqual(["a-0"]);
    expect(b?.outcome.outboxKeys).toEqual(["b-0"]);
    expect(out).toBeNull();
  });

  it("sends a full batch at once, and starts a new one for what comes after", async () => {
    const batches: string[][] = [];
    const batcher = new DeadlineBatcher(async (keys) => {
      batches.push([...keys]);
      return new Map(keys.map((k) => [k, result(k)]));
    }, { maxSize: 2, windowMs: 60_000, maxInFlight: 1 });
    const first = Promise.all([batcher.fire("a"), batcher.fire("b")]);
    await first; // would wait a minute if a full batch waited for its window
    const late = batcher.fire("c");
    const again = batcher.fire("c");
    await Promise.all([late, again]);
    expect(batches).toEqual([["a", "b"], ["c"]]);
  });

  it("tells every key of a failed batch, so each can act alone", async () => {
    const batcher = new DeadlineBatcher(async () => {
      throw new Error("connection lost");
    }, { maxSize: 5, windowMs: 1, maxInFlight: 1 });
    const outcomes = await Promise.allSettled([batcher.fire("a"), batcher.fire("b")]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
  });

  it("gathers what arrives while a batch runs into the next one, sent as soon as the first is done", async () => {
    const batches: string[][] = [];
    let finishFirst!: () => void;
    const firstDone = new Promise<void>((resolve) => (finishFirst = resolve));
    const batcher = new DeadlineBatcher(async (keys) => {
      batches.push([...keys]);
      if (batches.length === 1) await firstDone;
      return new Map(keys.map((k) => [k, result(k)]));
    }, { maxSize: 10, windowMs: 1, maxInFlight: 1 });
    const first = batcher.fire("a");
    await new Promise((r) => setTimeout(r, 10));
    const later = ["b", "c", "d"].map((k) => batcher.fire(k));
    await new Promise((r) => setTimeout(r, 10));
    expect(batches).toEqual([["a"]]);
    finishFirst();
    await Promise.all([first, ...later]);
    expect(batches).toEqual([["a"], ["b", "c", "d"]]);
  });
});
