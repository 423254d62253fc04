// The outbox delivery protocol against an in-memory store, trying to break what it promises:
// each destination is sent at most once (per claim, and across retries, racing dispatchers and a
// lapsed claim), whatever the platform accepted is recorded as sent, a failure is retried or
// deferred and only settles as failed (with the access team told) when it is final, a nudge whose
// reason has gone is recorded as dropped and not sent, and a batch delivers each entry once.
import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { Notification } from "../../../../src/domain/ports.js";
import type { ChatChannels, ChatIdentities } from "../../../../src/domain/types.js";
import type { View } from "../../../../src/domain/views.js";
import type { ChatDestination, ChatSender } from "../../../../src/infrastructure/notify/chat-sender.js";
import type { Directory } from "../../../../src/infrastructure/notify/directory.js";
import { RoutingNotifier, UndeliverableError } from "../../../../src/infrastructure/notify/routing-notifier.js";
import type { ChannelPacer, Reservation } from "../../../../src/infrastructure/queue/channel-rate-limiter.js";
import { OutboxDispatcher, type DeliveryEvent, type MootMessage, type OutboxDispatcherOptions } from "../../../../src/infrastructure/queue/outbox-dispatcher.js";
import { InMemoryOutboxStore } from "../../../support/in-memory-outbox-store.js";

const logger = pino({ level: "silent" });
const CLAIM_MS = 30_000;

class FakeDirectory implements Directory {
  cases = new Map<string, ChatChannels>([["c1", { slack: "C-CASE", teams: "T-CASE" }]]);
  accessTeam: ChatChannels = { slack: "C-ACCESS" };
  people = new Map<string, ChatIdentities>([["p1", { slack: "U-P1", teams: "aad-p1" }], ["p2", { slack: "U-P2" }]]);
  async caseChannels(caseId: string) {
    return this.cases.get(caseId) ?? {};
  }
  async accessTeamChannels() {
    return this.accessTeam;
  }
  async practitionerChat(id: string) {
    return this.people.get(id) ?? {};
  }
  async practitionerChats(ids: readonly string[]) {
    return new Map(ids.flatMap((id) => (this.people.has(id) ? [[id, this.people.get(id)!] as const] : [])));
  }
}

/** Records what it was asked to send; `answer` decides, per send, whether the platform accepts it. */
class FakeSender implements ChatSender {
  readonly sent: { destination: ChatDestination; view: View }[] = [];
  calls = 0;
  answer: (destination: ChatDestination, view: View) => void | Promise<void> = () => undefined;
  constructor(readonly platform: "slack" | "teams") {}
  async send(destination: ChatDestination, view: View): Promise<void> {
    this.calls += 1;
    await this.answer(destination, view);
    this.sent.push({ destination, view });
  }
}

class FakePacer implements ChannelPacer {
  busy = new Map<string, number>();
  blocked: { id: string; ms: number }[] = [];
  reserved: string[] = [];
  async reserve(destination: ChatDestination): Promise<Reservation> {
    this.reserved.push(destination.id);
    const wait = this.busy.get(destination.id);
    return wait === undefined ? { reserved: true, waitMs: 0 } : { reserved: false, waitMs: wait };
  }
  async block(destination: ChatDestination, ms: number): Promise<void> {
    this.blocked.push({ id: destination.id, ms });
  }
}

const reminder = (caseRef = "EH-1"): View => ({
  type: "review",
  caseRef,
  event: "reminder",
  reviewDate: "2026-12-07",
  outcome: null,
  lead: { id: "p1", name: "Lee Lead", role: "family-support-worker", agency: "Family Support Service" },
  workingDaysBefore: 5,
});
const toPerson = (practitionerId: string, view: View = reminder()): Notification => ({ to: { kind: "practitioner", practitionerId }, view });
const toCase = (view: View = reminder()): Notification => ({ to: { kind: "case-channel", caseId: "c1" }, view });
const toAccessTeam = (view: View = reminder()): Notification => ({ to: { kind: "access-team" }, view });

let store: InMemoryOutboxStore;
let directory: FakeDirectory;
let slack: FakeSender;
let teams: FakeSender;
let events: string[];

function dispatcher(options: Partial<OutboxDispatcherOptions> = {}, senders: ChatSender[] = [slack, teams]): OutboxDispatcher {
  return new OutboxDispatcher({
    store,
    notifier: new RoutingNotifier(directory, senders, logger),
    logger,
    pacer: null,
    claimMs: CLAIM_MS,
    digests: false,
    onDelivery: (event: DeliveryEvent, platform: string) => events.push(`${event}:${platform}`),
    ...options,
  });
}

function write(key: string, notification: Notification): string {
  store.add([{ key, notification, createdAt: new Date(store.now()) }]);
  return key;
}

const sentTo = (sender: FakeSender) => sender.sent.map((s) => s.destination.id).sort();
const statusOf = (deliveryKey: string) => store.deliveries.get(deliveryKey)?.status;
const transient = () => Object.assign(new Error("socket hang up"), { statusCode: 503 });

beforeEach(() => {
  store = new InMemoryOutboxStore();
  directory = new FakeDirectory();
  slack = new FakeSender("slack");
  teams = new FakeSender("teams");
  events = [];
});

describe("one entry", () => {
  it("goes to every destination once, each recorded as sent, and the entry is delivered", async () => {
    const key = write("review-reminder-c1-1-0", toCase());
    expect(await dispatcher().dispatch(key)).toEqual({ status: "delivered" });
    expect(sentTo(slack)).toEqual(["C-CASE"]);
    expect(sentTo(teams)).toEqual(["T-CASE"]);
    expect(statusOf(`${key}-slack-C-CASE`)).toBe("sent");
    expect(statusOf(`${key}-teams-T-CASE`)).toBe("sent");
    expect(store.entry(key)).toMatchObject({ deliveredAt: store.now(), claimedUntil: null, lastError: null, attempts: 1 });
    expect(events.sort()).toEqual(["sent:slack", "sent:teams"]);
  });

  it("is never sent again once delivered: a redelivered job finds nothing to do", async () => {
    const key = write("review-reminder-c1-1-0", toCase());
    const d = dispatcher();
    await d.dispatch(key);
    expect(await d.dispatch(key)).toEqual({ status: "done" });
    store.advance(CLAIM_MS * 10);
    expect(await d.dispatch(key)).toEqual({ status: "done" });
    expect(slack.calls + teams.calls).toBe(2);
  });

  it("answers done for a key that is not in the outbox", async () => {
    expect(await dispatcher().dispatch("no-such-key")).toEqual({ status: "done" });
    expect(slack.calls).toBe(0);
  });

  it("claims nothing while no chat sender is attached, and asks to be tried again in a minute", async () => {
    const key = write("review-reminder-c1-1-0", toCase());
    expect(await dispatcher({}, []).dispatch(key)).toEqual({ status: "retry", retryInMs: 60_000, error: "no chat senders attached" });
    expect(store.entry(key)).toMatchObject({ attempts: 0, claimedUntil: null });
  });
});

describe("a claim", () => {
  it("lets one dispatcher at a time send: a second one is told to look again when the claim runs out", async () => {
    const key = write("review-reminder-c1-1-0", toPerson("p2"));
    let accept!: () => void;
    slack.answer = () => new Promise<void>((resolve) => (accept = resolve));
    const first = dispatcher().dispatch(key);
    await until(() => slack.calls === 1);
    store.advance(1_000);
    const second = await dispatcher().dispatch(key);
    expect(second).toEqual({ status: "claimed", retryInMs: CLAIM_MS - 1_000 });
    accept();
    expect(await first).toEqual({ status: "delivered" });
    expect(slack.calls).toBe(1);
  });

  it("never asks for a look again sooner than 50 ms", async () => {
    const key = write("review-reminder-c1-1-0", toPerson("p2"));
    store.entry(key).claimedUntil = store.now();
    expect(await dispatcher().dispatch(key)).toEqual({ status: "claimed", retryInMs: 50 });
  });

  it("after a lapse (its dispatcher died) passes to another, which sends only what was not recorded as sent", async () => {
    const key = write("review-reminder-c1-1-0", toCase());
    // The first dispatcher got Slack's send recorded and died before Teams answered.
    teams.answer = () => new Promise<void>(() => undefined);
    void dispatcher().dispatch(key);
    await until(() => statusOf(`${key}-slack-C-CASE`) === "sent" && teams.calls === 1);
    expect(await dispatcher().dispatch(key)).toMatchObject({ status: "claimed" });

    store.advance(CLAIM_MS + 1);
    teams.answer = () => undefined;
    expect(await dispatcher().dispatch(key)).toEqual({ status: "delivered" });
    expect(slack.calls).toBe(1);
    expect(sentTo(teams)).toEqual(["T-CASE"]);
    expect(events).toContain("deduplicated:slack");
    expect(store.entry(key).attempts).toBe(2);
  });

  it("takes another's word for a destination it finds settled while it was about to send", async () => {
    const key = write("review-reminder-c1-1-0", toPerson("p2"));
    store.before = (method) => {
      if (method !== "recordSending") return;
      // Someone whose claim overlapped ours recorded the send a moment ago.
      store.deliveries.set(`${key}-slack-U-P2`, { deliveryKey: `${key}-slack-U-P2`, outboxKey: key, recipient: "user:U-P2", platform: "slack", status: "sent", attempts: 1, error: null, sentAt: store.now() });
    };
    expect(await dispatcher().dispatch(key)).toEqual({ status: "delivered" });
    expect(slack.calls).toBe(0);
    expect(events).toEqual(["deduplicated:slack"]);
  });

  it("is given back when the store fails mid-way, so the retry can claim it at once", async () => {
    const key = write("review-reminder-c1-1-0", toPerson("p2"));
    store.before = (method) => {
      if (method === "markDelivered") throw new Error("connection terminated");
    };
    await expect(dispatcher().dispatch(key)).rejects.toThrow("connection terminated");
    expect(store.entry(key)).toMatchObject({ claimedUntil: null, deliveredAt: null });
    expect(statusOf(`${key}-slack-U-P2`)).toBe("sent");

    store.before = () => undefined;
    expect(await dispatcher().dispatch(key)).toEqual({ status: "delivered" });
    expect(slack.calls).toBe(1);
  });
});

describe("a send the platform accepted", () => {
  it("is recorded as sent even when another destination of the entry fails, and is not sent by the retry", async () => {
    const key = write("review-reminder-c1-1-0", toCase());
    teams.answer = () => {
      throw transient();
    };
    const result = await dispatcher().dispatch(key);
    expect(result).toEqual({ status: "retry", retryInMs: null, error: "teams channel: Error 503: socket hang up" });
    expect(statusOf(`${key}-slack-C-CASE`)).toBe("sent");
    expect(statusOf(`${key}-teams-T-CASE`)).toBe("error");
    expect(store.entry(key)).toMatchObject({ deliveredAt: null, failedAt: null, claimedUntil: null, lastError: "teams channel: Error 503: socket hang up" });

    teams.answer = () => undefined;
    expect(await dispatcher().dispatch(key)).toEqual({ status: "delivered" });
    expect(slack.calls).toBe(1);
    expect(teams.calls).toBe(2);
    expect(store.deliveries.get(`${key}-teams-T-CASE`)).toMatchObject({ status: "sent", attempts: 2, error: null });
  });

  it("is recorded the moment it is accepted, before the slower sends of the batch finish", async () => {
    const quick = write("review-reminder-c1-1-0", toPerson("p2"));
    const slow = write("review-reminder-c2-1-0", toPerson("p1"));
    let accept!: () => void;
    teams.answer = () => new Promise<void>((resolve) => (accept = resolve));
    const batch = dispatcher().dispatchMany([quick, slow]);
    await until(() => statusOf(`${quick}-slack-U-P2`) === "sent" && teams.calls === 1);
    expect(statusOf(`${slow}-teams-aad-p1`)).toBe("sending");
    accept();
    const results = await batch;
    expect([...results.values()]).toEqual([{ status: "delivered" }, { status: "delivered" }]);
  });
});

describe("a failure", () => {
  it("that is transient is retried with the usual backoff, and is final on the last attempt", async () => {
    const key = write("review-reminder-c1-1-0", toPerson("p2"));
    slack.answer = () => {
      throw transient();
    };
    expect(await dispatcher().dispatch(key)).toMatchObject({ status: "retry", retryInMs: null });
    expect(events).toEqual(["retry:slack"]);
    const result = await dispatcher().dispatch(key, { finalAttempt: true });
    expect(result).toEqual({ status: "failed", alertKey: `failed-${key}` });
    expect(statusOf(`${key}-slack-U-P2`)).toBe("failed");
    expect(store.entry(key)).toMatchObject({ failedAt: store.now(), claimedUntil: null, lastError: "slack user: Error 503: socket hang up" });
    // Failed for good: never claimed again.
    slack.answer = () => undefined;
    store.advance(CLAIM_MS * 10);
    expect(await dispatcher().dispatch(key)).toEqual({ status: "done" });
    expect(slack.sent).toHaveLength(0);
  });

  it("that is permanent fails at once and tells the access team who missed what, never the message itself", async () => {
    store.practitioners.set("p2", "Pat Practitioner");
    const key = write("review-reminder-c1-1-0", toPerson("p2"));
    slack.answer = () => {
      throw new UndeliverableError("channel_not_found");
    };
    expect(await dispatcher().dispatch(key)).toEqual({ status: "failed", alertKey: `failed-${key}` });
    const alert = store.entry(`failed-${key}`).notification;
    expect(alert).toEqual({
      to: { kind: "access-team" },
      view: {
        type: "text",
        tone: "warning",
        caseRef: "EH-1",
        text: "leadbot could not deliver a review reminder message about EH-1 to Pat Practitioner on slack after 1 attempt (slack user: Error: channel_not_found). Please pass it on.",
      },
    });
    expect(events).toEqual(["failed:slack"]);
  });

  it("counts the sends tried at the failed destinations, not the claims", async () => {
    const key = write("review-reminder-c1-1-0", toCase());
    slack.answer = () => {
      throw transient();
    };
    teams.answer = () => undefined;
    await dispatcher().dispatch(key);
    await dispatcher().dispatch(key);
    expect(await dispatcher().dispatch(key, { finalAttempt: true })).toMatchObject({ status: "failed" });
    const text = (store.entry(`failed-${key}`).notification.view as { text: string }).text;
    expect(text).toContain("to the case channel on slack after 3 attempts (slack channel: Error 503: socket hang up)");
    expect(teams.calls).toBe(1);
  });

  it("of an alert writes no alert about the alert", async () => {
    const key = write("failed-review-reminder-c1-1-0", toAccessTeam({ type: "text", tone: "warning", caseRef: "EH-1", text: "…" }));
    slack.answer = () => {
      throw Object.assign(new Error("invalid_auth"), { permanent: true });
    };
    expect(await dispatcher().dispatch(key)).toEqual({ status: "failed", alertKey: null });
    expect([...store.entries.keys()]).toEqual([key]);
  });

  it("with nowhere to send fails the entry and tells the access team", async () => {
    const key = write("review-reminder-c1-1-0", toPerson("p-nobody"));
    expect(await dispatcher().dispatch(key)).toEqual({ status: "failed", alertKey: `failed-${key}` });
    expect(store.entry(key).lastError).toBe("no chat destination (no chat id or channel on a platform leadbot posts to)");
    const text = (store.entry(`failed-${key}`).notification.view as { text: string }).text;
    expect(text).toBe(
      "leadbot could not deliver a review reminder message about EH-1 to a practitioner after 1 attempt (no chat destination (no chat id or channel on a platform leadbot posts to)). Please pass it on.",
    );
    expect(events).toEqual(["failed:none"]);
  });

  it("that is a 429 defers the entry for the platform's Retry-After and holds everyone off that destination", async () => {
    const pacer = new FakePacer();
    const key = write("review-reminder-c1-1-0", toPerson("p2"));
    slack.answer = () => {
      throw Object.assign(new Error("rate limited"), { retryAfter: 7 });
    };
    expect(await dispatcher({ pacer }).dispatch(key, { finalAttempt: true })).toMatchObject({ status: "retry", retryInMs: 7_000 });
    expect(pacer.blocked).toEqual([{ id: "U-P2", ms: 7_000 }]);
    expect(statusOf(`${key}-slack-U-P2`)).toBe("retry");
  });

  it("of the metrics hook never disturbs a delivery", async () => {
    const key = write("review-reminder-c1-1-0", toPerson("p2"));
    const d = dispatcher({
      onDelivery: () => {
        throw new Error("metrics broke");
      },
    });
    expect(await d.dispatch(key)).toEqual({ status: "delivered" });
  });
});

describe("pacing", () => {
  it("reserves a turn only for destinations still to send", async () => {
    const pacer = new FakePacer();
    const key = write("review-reminder-c1-1-0", toCase());
    teams.answer = () => {
      throw transient();
    };
    await dispatcher({ pacer }).dispatch(key);
    teams.answer = () => undefined;
    expect(await dispatcher({ pacer }).dispatch(key)).toEqual({ status: "delivered" });
    expect(pacer.reserved.sort()).toEqual(["C-CASE", "T-CASE", "T-CASE"]);
  });

  it("hands back a destination whose turn is too far off, sending nothing and blaming nothing", async () => {
    const pacer = new FakePacer();
    pacer.busy.set("C-CASE", 4_000);
    const key = write("review-reminder-c1-1-0", toCase());
    expect(await dispatcher({ pacer }).dispatch(key)).toEqual({ status: "retry", retryInMs: 4_000, error: "waiting for the channel's turn" });
    expect(sentTo(slack)).toEqual([]);
    expect(sentTo(teams)).toEqual(["T-CASE"]);
    expect(store.entry(key).lastError).toBeNull();
    expect(statusOf(`${key}-slack-C-CASE`)).toBeUndefined();
  });
});

describe("a nudge whose reason has gone", () => {
  const held: MootMessage = { reason: "the review is on hold", caseId: "c1" };

  it("is dropped, not sent: its destinations are recorded as dropped, the entry settled and the drop audited", async () => {
    const key = write("review-reminder-c1-1-0", toCase());
    const asked: string[] = [];
    const d = dispatcher({ whyMoot: async (k) => (asked.push(k), held) });
    expect(await d.dispatch(key)).toEqual({ status: "dropped", reason: "the review is on hold" });
    expect(asked).toEqual([key]);
    expect(slack.calls + teams.calls).toBe(0);
    expect(store.deliveries.get(`${key}-slack-C-CASE`)).toMatchObject({ status: "dropped", error: "the review is on hold" });
    expect(statusOf(`${key}-teams-T-CASE`)).toBe("dropped");
    expect(store.entry(key)).toMatchObject({ deliveredAt: store.now(), claimedUntil: null, lastError: "dropped: the review is on hold" });
    expect(store.audit).toEqual([{ caseId: "c1", detail: { key, view: "review", event: "reminder", reason: "the review is on hold", destinations: 2 } }]);
    expect(events.sort()).toEqual(["dropped:slack", "dropped:teams"]);
    expect(await d.dispatch(key)).toEqual({ status: "done" });
  });

  it("keeps what was already sent: only the unsent destinations are dropped", async () => {
    const key = write("review-reminder-c1-1-0", toCase());
    teams.answer = () => {
      throw transient();
    };
    await dispatcher().dispatch(key);
    const result = await dispatcher({ whyMoot: async () => held }).dispatch(key);
    expect(result).toEqual({ status: "dropped", reason: "the review is on hold" });
    expect(statusOf(`${key}-slack-C-CASE`)).toBe("sent");
    expect(statusOf(`${key}-teams-T-CASE`)).toBe("dropped");
    expect(store.audit[0]?.detail).toMatchObject({ destinations: 1 });
    expect(teams.calls).toBe(1);
  });

  it("is asked about right before sending, with when it was written, unless the entry was written a moment ago", async () => {
    const key = write("review-reminder-c1-1-0", toPerson("p2"));
    const asked: { key: string; at: Date }[] = [];
    const d = dispatcher({ whyMoot: async (k, _n, writtenAt) => (asked.push({ key: k, at: writtenAt }), null) });
    expect(await d.dispatch(key, { fresh: true })).toEqual({ status: "delivered" });
    expect(asked).toEqual([]);

    const other = write("review-reminder-c2-1-0", toPerson("p2"));
    expect(await d.dispatch(other)).toEqual({ status: "delivered" });
    expect(asked).toEqual([{ key: other, at: new Date(store.now()) }]);
  });

  it("is not asked about when nothing of it is left to send", async () => {
    const key = write("review-reminder-c1-1-0", toPerson("p2"));
    store.before = (method) => {
      if (method === "markDelivered") throw new Error("connection terminated");
    };
    await expect(dispatcher().dispatch(key)).rejects.toThrow();
    store.before = () => undefined;
    let asked = 0;
    expect(await dispatcher({ whyMoot: async () => (asked++, held) }).dispatch(key)).toEqual({ status: "delivered" });
    expect(asked).toBe(0);
  });
});

describe("access-team digests", () => {
  it("park a schedule's access-team message instead of sending it, giving its attempt back", async () => {
    const key = write("review-overdue-c1-1-0", toAccessTeam({ ...reminder(), event: "overdue" } as View));
    const d = dispatcher({ digests: true });
    expect(await d.dispatch(key)).toEqual({ status: "parked", group: "review-overdue" });
    expect(store.entry(key)).toMatchObject({ digestGroup: "review-overdue", attempts: 0, claimedUntil: null });
    expect(await d.dispatch(key)).toEqual({ status: "parked", group: "review-overdue" });
    expect(slack.calls).toBe(0);
  });

  it("leave a command's access-team message to go at once", async () => {
    const key = write("cmd-1-0", toAccessTeam());
    expect(await dispatcher({ digests: true }).dispatch(key)).toEqual({ status: "delivered" });
    expect(sentTo(slack)).toEqual(["C-ACCESS"]);
  });
});

describe("a batch", () => {
  it("delivers each entry exactly once, a key given twice included, and answers for every key", async () => {
    const keys = Array.from({ length: 40 }, (_, i) => write(`review-reminder-c${i}-1-0`, toPerson(i % 2 ? "p1" : "p2")));
    const delivered = write("review-reminder-done-1-0", toPerson("p2"));
    await dispatcher().dispatch(delivered);
    slack.sent.length = 0;

    const results = await dispatcher().dispatchMany([...keys, keys[0]!, keys[1]!, delivered, "no-such-key"]);
    expect(results.size).toBe(42);
    for (const key of keys) expect(results.get(key)).toEqual({ status: "delivered" });
    expect(results.get(delivered)).toEqual({ status: "done" });
    expect(results.get("no-such-key")).toEqual({ status: "done" });
    // p1 is on Slack and Teams, p2 on Slack only.
    expect(slack.sent).toHaveLength(40);
    expect(teams.sent).toHaveLength(20);
    expect(store.deliveries.size).toBe(61);
    expect([...store.deliveries.values()].every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("settles each entry on its own: one failing, one paced, one moot, the rest delivered", async () => {
    const pacer = new FakePacer();
    pacer.busy.set("aad-p1", 900);
    const ok = write("review-reminder-ok-1-0", toPerson("p2"));
    const paced = write("review-reminder-paced-1-0", { to: { kind: "practitioner", practitionerId: "p1" }, view: reminder("EH-2") });
    const broken = write("review-reminder-broken-1-0", toCase(reminder("EH-3")));
    const moot = write("review-reminder-moot-1-0", toPerson("p2", reminder("EH-4")));
    slack.answer = (d) => {
      if (d.id === "C-CASE") throw new UndeliverableError("channel_not_found");
    };
    const d = dispatcher({ pacer, whyMoot: async (key) => (key === moot ? { reason: "the review was held", caseId: null } : null) });
    const results = await d.dispatchMany([ok, paced, broken, moot]);
    expect(results.get(ok)).toEqual({ status: "delivered" });
    expect(results.get(paced)).toEqual({ status: "retry", retryInMs: 900, error: "waiting for the channel's turn" });
    expect(results.get(broken)).toEqual({ status: "failed", alertKey: `failed-${broken}` });
    expect(results.get(moot)).toEqual({ status: "dropped", reason: "the review was held" });
    expect(statusOf(`${paced}-slack-U-P1`)).toBe("sent");
    expect(statusOf(`${broken}-teams-T-CASE`)).toBe("sent");
    expect(store.entry(paced)).toMatchObject({ deliveredAt: null, claimedUntil: null });
    // The entries sent to p2: ok's only.
    expect(slack.sent.filter((s) => s.destination.id === "U-P2")).toHaveLength(1);
  });

  it("of racing dispatchers sends each destination once between them", async () => {
    const keys = Array.from({ length: 20 }, (_, i) => write(`review-reminder-r${i}-1-0`, toCase(reminder(`EH-${i}`))));
    slack.answer = () => new Promise<void>((resolve) => setTimeout(resolve, 1));
    // Overlapping batches, one of them a moment later.
    const a = dispatcher().dispatchMany(keys.slice(0, 15));
    await until(() => slack.calls > 0);
    const b = dispatcher().dispatchMany(keys.slice(5).reverse());
    const [ra, rb] = await Promise.all([a, b]);
    for (const key of keys) {
      const answers = [ra.get(key)?.status, rb.get(key)?.status].filter((s) => s !== undefined);
      expect(answers.filter((s) => s === "delivered")).toHaveLength(1);
    }
    expect([...rb.values()].filter((r) => r.status === "claimed")).toHaveLength(10);
    expect(slack.sent).toHaveLength(20);
    expect(teams.sent).toHaveLength(20);
  });
});

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
