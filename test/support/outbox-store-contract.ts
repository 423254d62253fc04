// What every OutboxStore promises, run against the Postgres store (integration) and the in-memory
// one (unit), so the dispatcher's unit tests stand on a store that behaves like the real one.
import { randomUUID } from "node:crypto";
import { beforeEach, expect, it } from "vitest";
import type { Notification, OutboxEntry } from "../../src/domain/ports.js";
import type { DeliveryTarget, OutboxStore } from "../../src/infrastructure/queue/outbox-store.js";

export interface OutboxStoreFixture {
  store: OutboxStore;
  claimMs: number;
  add(entries: readonly OutboxEntry[]): Promise<void>;
  /** Returns once every claim taken so far has lapsed (by waiting, or by moving a clock). */
  lapse(): Promise<void>;
  row(key: string): Promise<{ attempts: number; lastError: string | null; delivered: boolean; failed: boolean } | null>;
  droppedAudits(key: string): Promise<{ caseId: string | null; detail: Record<string, unknown> }[]>;
  addPractitioner(name: string): Promise<string>;
  /** The platform's id recorded for a delivery (Slack ts, Teams activity id); null when none. */
  messageId(deliveryKey: string): Promise<string | null>;
}

const handover = (): Notification => ({
  to: { kind: "case-channel", caseId: randomUUID() },
  view: {
    type: "handover",
    caseRef: "EH-1",
    event: "reminder",
    outgoing: { id: "p1", name: "Lee Lead", role: "family-support-worker", agency: "Family Support Service" },
    successor: null,
    trigger: "leaving",
    deadline: new Date("2026-12-04T17:00:00.000Z"),
  },
});

export function outboxStoreContract(setup: () => OutboxStoreFixture | Promise<OutboxStoreFixture>): void {
  let f: OutboxStoreFixture;
  let keys: string[];
  const written = new Date("2026-11-30T09:00:00.000Z");

  beforeEach(async () => {
    f = await setup();
    const run = randomUUID();
    keys = [0, 1, 2, 3].map((i) => `review-reminder-${run}-${i}`);
    await f.add(keys.map((key) => ({ key, notification: handover(), createdAt: written })));
  });

  const target = (outboxKey: string, platform: "slack" | "teams" = "slack", id = "C1"): DeliveryTarget => ({
    deliveryKey: `${outboxKey}-${platform}-${id}`,
    outboxKey,
    destination: { platform, kind: "channel", id },
  });

  it("claims each free entry once, counting an attempt, with its notification's Dates as Dates", async () => {
    const [a, b] = keys as [string, string];
    const claimed = await f.store.claim([a, b, a, "no-such-key"], f.claimMs);
    expect(claimed.map((c) => c.key).sort()).toEqual([a, b].sort());
    const first = claimed.find((c) => c.key === a)!;
    expect(first.attempts).toBe(1);
    expect(first.writtenAt.toISOString()).toBe(written.toISOString());
    expect((first.notification.view as { deadline: Date }).deadline).toEqual(new Date("2026-12-04T17:00:00.000Z"));
    expect(await f.store.claim([a, b], f.claimMs)).toEqual([]);
    const state = await f.store.stateOf(a);
    expect(state).toMatchObject({ delivered: false, failed: false, digestGroup: null });
    expect(state!.claimLeftMs).toBeGreaterThan(0);
    expect(state!.claimLeftMs).toBeLessThanOrEqual(f.claimMs);
    expect(await f.store.stateOf("no-such-key")).toBeNull();
  });

  it("lets a lapsed claim be taken again, counting another attempt", async () => {
    const [a] = keys as [string];
    await f.store.claim([a], f.claimMs);
    await f.lapse();
    expect((await f.store.claim([a], f.claimMs)).map((c) => c.attempts)).toEqual([2]);
  });

  it("never claims a delivered, failed or parked entry", async () => {
    const [delivered, failed, parked, free] = keys as [string, string, string, string];
    await f.store.claim(keys, f.claimMs);
    await f.store.markDelivered([delivered]);
    await f.store.settleFailed(failed, "slack channel: gone", null);
    await f.store.park(parked, "review-reminder");
    await f.store.release(keys);
    expect((await f.store.claim(keys, f.claimMs)).map((c) => c.key)).toEqual([free]);
    expect(await f.store.stateOf(delivered)).toEqual({ delivered: true, failed: false, digestGroup: null, claimLeftMs: null });
    expect(await f.store.stateOf(failed)).toEqual({ delivered: false, failed: true, digestGroup: null, claimLeftMs: null });
    expect(await f.store.stateOf(parked)).toEqual({ delivered: false, failed: false, digestGroup: "review-reminder", claimLeftMs: null });
    expect(await f.row(parked)).toMatchObject({ attempts: 0 });
    expect(await f.row(failed)).toMatchObject({ lastError: "slack channel: gone", failed: true });
  });

  it("releases claims for a retry, keeping the last error", async () => {
    const [a, b] = keys as [string, string];
    await f.store.claim([a, b], f.claimMs);
    await f.store.retryLater(a, "teams channel: Error 503");
    await f.store.release([b]);
    expect((await f.store.claim([a, b], f.claimMs)).length).toBe(2);
    expect(await f.row(a)).toMatchObject({ attempts: 2, lastError: "teams channel: Error 503", delivered: false });
    await f.store.markDelivered([a]);
    expect(await f.row(a)).toMatchObject({ lastError: null, delivered: true });
  });

  it("holds a destination for each send until it is sent or failed, counting the sends", async () => {
    const [a] = keys as [string];
    const slack = target(a, "slack", "C1");
    const teams = target(a, "teams", "T1");
    expect([...(await f.store.recordSending([slack, teams]))].sort()).toEqual([slack.deliveryKey, teams.deliveryKey].sort());
    expect(await f.store.deliveryStatuses([slack.deliveryKey, teams.deliveryKey, "none"])).toEqual(
      new Map([
        [slack.deliveryKey, "sending"],
        [teams.deliveryKey, "sending"],
      ]),
    );
    await f.store.recordSent([slack.deliveryKey]);
    await f.store.recordFailure(teams.deliveryKey, "error", "Error 503: busy");
    expect([...(await f.store.recordSending([slack, teams]))]).toEqual([teams.deliveryKey]);
    await f.store.recordFailure(teams.deliveryKey, "failed", "Error 404: gone");
    expect([...(await f.store.recordSending([slack, teams]))]).toEqual([]);
    expect(await f.store.deliveryStatuses([slack.deliveryKey, teams.deliveryKey])).toEqual(
      new Map([
        [slack.deliveryKey, "sent"],
        [teams.deliveryKey, "failed"],
      ]),
    );
    expect(await f.store.failedDeliveries([teams.deliveryKey])).toEqual([{ platform: "teams", kind: "channel", attempts: 2, error: "Error 404: gone" }]);
  });

  it("tells which sends an attempt left in flight, since their first try, and keeps the platform's message id", async () => {
    const [a] = keys as [string];
    const slack = target(a, "slack", "C1");
    const teams = target(a, "teams", "T1");
    await f.store.recordSending([slack, teams]);
    const inFlight = await f.store.interruptedSends([slack.deliveryKey, teams.deliveryKey, "none"]);
    expect([...inFlight.keys()].sort()).toEqual([slack.deliveryKey, teams.deliveryKey].sort());
    for (const at of inFlight.values()) expect(Number.isNaN(at.getTime())).toBe(false);
    await f.store.recordSent([slack.deliveryKey, teams.deliveryKey], new Map([[slack.deliveryKey, "1796000000.000100"]]));
    expect(await f.store.interruptedSends([slack.deliveryKey, teams.deliveryKey])).toEqual(new Map());
    expect(await f.messageId(slack.deliveryKey)).toBe("1796000000.000100");
    expect(await f.messageId(teams.deliveryKey)).toBeNull();
  });

  it("settles a dropped entry: unsent destinations dropped, sent ones kept, the drop audited", async () => {
    const [a] = keys as [string];
    const sent = target(a, "slack", "C1");
    const waiting = target(a, "teams", "T1");
    const never = target(a, "slack", "U1");
    await f.store.claim([a], f.claimMs);
    await f.store.recordSending([sent, waiting]);
    await f.store.recordSent([sent.deliveryKey]);
    await f.store.recordFailure(waiting.deliveryKey, "retry", "rate limited");
    await f.store.settleDropped(a, [sent, waiting, never], "the review is on hold", { caseId: null, detail: { key: a, reason: "the review is on hold" } });
    expect(await f.store.deliveryStatuses([sent.deliveryKey, waiting.deliveryKey, never.deliveryKey])).toEqual(
      new Map([
        [sent.deliveryKey, "sent"],
        [waiting.deliveryKey, "dropped"],
        [never.deliveryKey, "dropped"],
      ]),
    );
    expect(await f.row(a)).toMatchObject({ delivered: true, failed: false, lastError: "dropped: the review is on hold" });
    expect(await f.store.claim([a], f.claimMs)).toEqual([]);
    expect(await f.droppedAudits(a)).toEqual([{ caseId: null, detail: { key: a, reason: "the review is on hold" } }]);
  });

  it("settles a failed entry with its alert, adding the alert only once", async () => {
    const [a, b] = keys as [string, string];
    const alert = (text: string): OutboxEntry => ({
      key: `failed-${a}`,
      notification: { to: { kind: "access-team" }, view: { type: "text", tone: "warning", caseRef: "EH-1", text } },
      createdAt: written,
    });
    await f.store.claim([a, b], f.claimMs);
    await f.store.settleFailed(a, "slack channel: gone", alert("first"));
    await f.store.settleFailed(a, "slack channel: gone", alert("second"));
    const [claimedAlert] = await f.store.claim([`failed-${a}`], f.claimMs);
    expect(claimedAlert?.notification.view).toMatchObject({ text: "first" });
    await f.store.settleFailed(b, "no chat destination", null);
    expect(await f.row(`failed-${b}`)).toBeNull();
    expect(await f.row(b)).toMatchObject({ failed: true, lastError: "no chat destination" });
  });

  it("merges what is parked in a group, oldest first, at most so many at a time, each entry once", async () => {
    const run = randomUUID();
    const group = `review-overdue-${run}`;
    const parkedKeys = [3, 1, 2, 0].map((i) => `review-overdue-${run}-${i}`);
    await f.add(parkedKeys.map((key, i) => ({ key, notification: handover(), createdAt: new Date(written.getTime() + Number(key.slice(-1)) * 1000 + i) })));
    await f.store.claim(parkedKeys, f.claimMs);
    for (const key of parkedKeys) await f.store.park(key, group);
    const seen: string[][] = [];
    const merge = (n: number) => (parked: Notification[]): OutboxEntry => {
      seen.push(parked.map((p) => p.view.type));
      return { key: `digest-${group}-${n}`, notification: { to: { kind: "access-team" }, view: { type: "text", tone: "info", caseRef: null, text: `${parked.length} merged` } }, createdAt: written };
    };
    expect(await f.store.mergeParked(group, 3, merge(1))).toEqual({ key: `digest-${group}-1`, count: 3 });
    // The three oldest went first.
    for (const i of [0, 1, 2]) expect(await f.row(`review-overdue-${run}-${i}`)).toMatchObject({ delivered: true });
    expect(await f.row(`review-overdue-${run}-3`)).toMatchObject({ delivered: false });
    expect(await f.store.mergeParked(group, 3, merge(2))).toEqual({ key: `digest-${group}-2`, count: 1 });
    expect(await f.store.mergeParked(group, 3, merge(3))).toBeNull();
    expect(seen).toEqual([["handover", "handover", "handover"], ["handover"]]);
    // Every original is settled; the digests are free to deliver.
    for (const key of parkedKeys) expect(await f.store.stateOf(key)).toMatchObject({ delivered: true });
    const digests = await f.store.claim([`digest-${group}-1`, `digest-${group}-2`], f.claimMs);
    expect(digests.map((d) => (d.notification.view as { text: string }).text).sort()).toEqual(["1 merged", "3 merged"]);
  });

  it("knows a practitioner's name, and says null for someone unknown", async () => {
    const id = await f.addPractitioner("Pat Practitioner");
    expect(await f.store.practitionerName(id)).toBe("Pat Practitioner");
    expect(await f.store.practitionerName(randomUUID())).toBeNull();
  });
}
