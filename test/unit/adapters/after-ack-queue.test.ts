import { describe, expect, it } from "vitest";
import { InFlight } from "../../../src/adapters/slack/slack-context.js";

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
};

describe("work after Slack acks", () => {
  it("runs at most `limit` at once and starts the rest in the order they came", async () => {
    const inflight = new InFlight(2, 10);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const tasks = gates.map((g, i) => inflight.offer(async () => {
      started.push(i);
      await g.opened;
    }));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(inflight.stats).toMatchObject({ running: 2, queued: 2, completed: 0 });
    gates[1]!.open();
    await tasks[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    await Promise.all(tasks);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(inflight.stats).toEqual({ running: 0, queued: 0, completed: 4, refused: 0 });
  });

  it("refuses work beyond a full queue without running it, and takes work again once there is room", async () => {
    const inflight = new InFlight(1, 1);
    const first = gate();
    let ran = 0;
    const a = inflight.offer(async () => first.opened);
    const b = inflight.offer(async () => void ran++);
    const refused = inflight.offer(async () => void (ran += 100));
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    expect(refused).toBeNull();
    first.open();
    await Promise.all([a, b]);
    expect(ran).toBe(1);
    expect(inflight.stats.refused).toBe(1);
    await inflight.offer(async () => void ran++);
    expect(ran).toBe(2);
  });

  it("frees the slot of work that failed", async () => {
    const inflight = new InFlight(1, 5);
    const failed = inflight.offer(async () => {
      throw new Error("boom");
    });
    await expect(failed).rejects.toThrow("boom");
    await inflight.offer(async () => undefined);
    expect(inflight.stats).toMatchObject({ running: 0, completed: 2 });
  });
});
