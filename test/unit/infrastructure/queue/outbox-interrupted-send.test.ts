// The protocol's step for a send an earlier attempt left in flight (its worker died, or its claim
// lapsed, mid-send): on a platform that can be asked (Slack's history) the message is looked for
// by its delivery key and recorded as sent when found, never posted twice; where it cannot be
// asked (Teams) it is sent again and counted as a possible duplicate, unless the send turns out
// to be an update in place. Against the in-memory store; "dying" is a send that never returns.
import { pino } from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { Notification } from "../../../../src/domain/ports.js";
import type { View } from "../../../../src/domain/views.js";
import type { ChatDestination, ChatSender, SentMessage } from "../../../../src/infrastructure/notify/chat-sender.js";
import type { Directory } from "../../../../src/infrastructure/notify/directory.js";
import { RoutingNotifier } from "../../../../src/infrastructure/notify/routing-notifier.js";
import type { ChannelPacer } from "../../../../src/infrastructure/queue/channel-rate-limiter.js";
import { OutboxDispatcher, type DeliveryEvent } from "../../../../src/infrastructure/queue/outbox-dispatcher.js";
import { InMemoryOutboxStore } from "../../../support/in-memory-outbox-store.js";

const logger = pino({ level: "silent" });
const CLAIM_MS = 30_000;

const directory: Directory = {
  caseChannels: async () => ({ slack: "C-CASE", teams: "T-CASE" }),
  accessTeamChannels: async () => ({}),
  practitionerChat: async () => ({}),
  practitionerChats: async () => new Map(),
};

type Mode = "accept" | "die-after-accept" | "die-before-accept";

/** A chat platform: what it accepted (with the delivery key it carried), and, if `history`, a way to look. */
class Platform implements ChatSender {
  readonly accepted: { deliveryKey: string | undefined; messageId: string }[] = [];
  readonly lookups: { deliveryKey: string; since: Date }[] = [];
  mode: Mode = "accept";
  inPlace = false;
  lookupError: unknown = null;
  findSent?: ChatSender["findSent"];
  private reached: () => void = () => undefined;

  constructor(
    readonly platform: "slack" | "teams",
    history: boolean,
  ) {
    if (history) {
      this.findSent = async (_d: ChatDestination, deliveryKey: string, since: Date): Promise<SentMessage | null> => {
        this.lookups.push({ deliveryKey, since });
        if (this.lookupError) throw this.lookupError;
        const found = this.accepted.find((a) => a.deliveryKey === deliveryKey);
        return found ? { messageId: found.messageId } : null;
      };
    }
  }

  /** Resolves when a send reaches the point where this attempt dies. */
  dying(): Promise<void> {
    return new Promise((resolve) => (this.reached = resolve));
  }

  async send(_d: ChatDestination, _v: View, _messageKey?: string, deliveryKey?: string): Promise<SentMessage> {
    if (this.mode === "die-before-accept") return this.die();
    const messageId = `${this.platform}-${this.accepted.length + 1}`;
    this.accepted.push({ deliveryKey, messageId });
    if (this.mode === "die-after-accept") return this.die();
    return { messageId, inPlace: this.inPlace };
  }

  private die(): Promise<never> {
    this.reached();
    return new Promise<never>(() => undefined);
  }
}

const view: View = { type: "text", tone: "info", caseRef: "EH-1", text: "Review overdue" };
const toCase: Notification = { to: { kind: "case-channel", caseId: "c1" }, view };
const KEY = "review-overdue-c1-1";

let store: InMemoryOutboxStore;
let slack: Platform;
let teams: Platform;
let events: string[];

const dispatcher = (pacer: ChannelPacer | null = null) =>
  new OutboxDispatcher({
    store,
    notifier: new RoutingNotifier(directory, [slack, teams], logger),
    logger,
    pacer,
    claimMs: CLAIM_MS,
    digests: false,
    onDelivery: (event: DeliveryEvent, platform: string) => events.push(`${event}:${platform}`),
  });

/** A first attempt that dies mid-send on `platform` (the other platform's send goes through), then its claim lapses. */
async function interrupted(platform: Platform, mode: Mode): Promise<void> {
  platform.mode = mode;
  const died = platform.dying();
  void dispatcher().dispatch(KEY);
  await died;
  // The other platform's send finishes (and is recorded) in the same attempt.
  await new Promise((resolve) => setTimeout(resolve, 5));
  platform.mode = "accept";
  events.length = 0;
  store.advance(CLAIM_MS + 1);
}

const record = (p: "slack" | "teams") => store.deliveries.get(`${KEY}-${p}-${p === "slack" ? "C-CASE" : "T-CASE"}`);

beforeEach(() => {
  store = new InMemoryOutboxStore();
  store.add([{ key: KEY, notification: toCase, createdAt: new Date(store.now()) }]);
  slack = new Platform("slack", true);
  teams = new Platform("teams", false);
  events = [];
});

describe("a send an earlier attempt left in flight", () => {
  it("found on the platform by its delivery key: recorded as sent with its id, not posted again", async () => {
    await interrupted(slack, "die-after-accept");
    const firstTry = record("slack")!.createdAt!;
    expect(record("slack")?.status).toBe("sending");

    expect(await dispatcher().dispatch(KEY)).toEqual({ status: "delivered" });
    expect(slack.accepted).toEqual([{ deliveryKey: `${KEY}-slack-C-CASE`, messageId: "slack-1" }]);
    expect(slack.lookups).toEqual([{ deliveryKey: `${KEY}-slack-C-CASE`, since: new Date(firstTry) }]);
    expect(record("slack")).toMatchObject({ status: "sent", messageId: "slack-1" });
    expect(events.sort()).toEqual(["deduplicated:teams", "recovered:slack"]);
  });

  it("not on the platform (it died before the platform answered): sent once now, no duplicate counted", async () => {
    await interrupted(slack, "die-before-accept");
    expect(await dispatcher().dispatch(KEY)).toEqual({ status: "delivered" });
    expect(slack.accepted.map((a) => a.deliveryKey)).toEqual([`${KEY}-slack-C-CASE`]);
    expect(slack.lookups).toHaveLength(1);
    expect(events).toEqual(["deduplicated:teams", "sent:slack"]);
  });

  it("on a platform that cannot be asked (Teams): sent again and counted as a possible duplicate, its activity id kept", async () => {
    await interrupted(teams, "die-after-accept");
    expect(await dispatcher().dispatch(KEY)).toEqual({ status: "delivered" });
    expect(teams.accepted).toHaveLength(2);
    expect(record("teams")).toMatchObject({ status: "sent", messageId: "teams-2" });
    expect(events).toEqual(["deduplicated:slack", "sent:teams", "possible-duplicate:teams"]);
  });

  it("when the platform could not be asked this time (no access to the history): sent again, counted", async () => {
    await interrupted(slack, "die-after-accept");
    slack.lookupError = Object.assign(new Error("Slack conversations.history failed: not_in_channel"), { permanent: true });
    expect(await dispatcher().dispatch(KEY)).toEqual({ status: "delivered" });
    expect(slack.accepted).toHaveLength(2);
    expect(events).toContain("possible-duplicate:slack");
  });

  it("re-sent as an update in place (a keyed card): still one message, nothing counted", async () => {
    await interrupted(teams, "die-after-accept");
    teams.inPlace = true;
    expect(await dispatcher().dispatch(KEY)).toEqual({ status: "delivered" });
    expect(events).toEqual(["deduplicated:slack", "sent:teams"]);
  });

  it("a lookup answered 429: nothing sent, the channel blocked for its Retry-After, retried later", async () => {
    await interrupted(slack, "die-after-accept");
    slack.lookupError = Object.assign(new Error("Slack conversations.history failed: ratelimited"), { retryAfter: 7 });
    const blocked: number[] = [];
    const pacer: ChannelPacer = { reserve: async () => ({ reserved: true, waitMs: 0 }), block: async (_d, ms) => void blocked.push(ms) };
    expect(await dispatcher(pacer).dispatch(KEY)).toMatchObject({ status: "retry", retryInMs: 7_000 });
    expect(slack.accepted).toHaveLength(1);
    expect(blocked).toEqual([7_000]);
    // The question stays open: the next attempt asks again, and finds it.
    expect(record("slack")?.status).toBe("sending");
    slack.lookupError = null;
    expect(await dispatcher().dispatch(KEY)).toEqual({ status: "delivered" });
    expect(slack.accepted).toHaveLength(1);
    expect(events.at(-1)).toBe("recovered:slack");
  });

  it("an ordinary retry (the platform answered with an error) sends without looking", async () => {
    let fail = true;
    const send = slack.send.bind(slack);
    slack.send = async (...args) => {
      if (fail) throw Object.assign(new Error("busy"), { statusCode: 503 });
      return send(...args);
    };
    expect(await dispatcher().dispatch(KEY)).toMatchObject({ status: "retry" });
    fail = false;
    expect(await dispatcher().dispatch(KEY)).toEqual({ status: "delivered" });
    expect(slack.lookups).toEqual([]);
    expect(events).not.toContain("possible-duplicate:slack");
  });
});
