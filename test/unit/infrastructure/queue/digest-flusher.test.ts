// A flush merges what is parked in a group into digests of at most maxItems lines, each parked
// entry in exactly one of them; a lone entry goes on as it is.
import { describe, expect, it } from "vitest";
import type { Notification } from "../../../../src/domain/ports.js";
import { DigestFlusher } from "../../../../src/infrastructure/queue/digest.js";
import { InMemoryOutboxStore } from "../../../support/in-memory-outbox-store.js";

const overdue = (caseRef: string): Notification => ({
  to: { kind: "access-team" },
  view: { type: "review", caseRef, event: "overdue", reviewDate: "2026-12-07", outcome: null, lead: null, workingDaysBefore: null },
});

function parked(store: InMemoryOutboxStore, count: number): string[] {
  const keys = Array.from({ length: count }, (_, i) => `review-overdue-c${i}-1-0`);
  store.add(keys.map((key, i) => ({ key, notification: overdue(`EH-${i}`), createdAt: new Date(Date.UTC(2026, 10, 30, 9, 0, i)) })));
  for (const key of keys) Object.assign(store.entry(key), { digestGroup: "review-overdue" });
  return keys;
}

const flusher = (store: InMemoryOutboxStore, maxItems: number) =>
  new DigestFlusher(store, { now: () => new Date("2026-11-30T09:05:00Z") }, maxItems, async () => "Europe/London");

describe("a digest flush", () => {
  it("merges the parked entries into digests of at most maxItems lines, each entry in one digest", async () => {
    const store = new InMemoryOutboxStore();
    const keys = parked(store, 5);
    const digests = await flusher(store, 2).flush("review-overdue");
    expect(digests).toHaveLength(3);
    expect(digests.every((k) => k.startsWith("digest-review-overdue-"))).toBe(true);
    expect(new Set(keys.map((k) => store.digestKeys.get(k)))).toEqual(new Set(digests));
    const texts = digests.map((k) => (store.entry(k).notification.view as { text: string }).text);
    expect(texts[0]).toBe("2 reviews are overdue:\n• EH-0: review date Mon 7 Dec 2026; no lead professional\n• EH-1: review date Mon 7 Dec 2026; no lead professional");
    // The last one carried a single entry: it goes on as that entry was.
    expect(store.entry(digests[2]!).notification).toEqual(overdue("EH-4"));
    expect(await flusher(store, 2).flush("review-overdue")).toEqual([]);
  });
});
