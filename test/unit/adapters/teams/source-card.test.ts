// The Card an Adaptive Card was filled from rides along only when the playground asks for it:
// real Teams (and every other local-mode use) gets the Adaptive Card and nothing else.
import { describe, expect, it } from "vitest";
import { CardRenderer, SOURCE_CARD_KEY } from "../../../../src/adapters/teams/render-card.js";
import type { CardState } from "../../../../src/adapters/teams/card-state.js";
import type { TextView } from "../../../../src/domain/views.js";
import { cardForView } from "../../../../src/views/card-for-view.js";

// A text card needs no state: who is looking only matters for open proposals and escalations.
const noState = {} as CardState;
const noMembers = { teamsUserIds: async () => new Map<string, string>() };
const view: TextView = { type: "text", tone: "info", caseRef: "EH-2026-0042", text: "Hello from the bot." };
const channel = { kind: "channel", conversationId: "19:abc@thread.tacv2" } as const;

describe("the source Card on an Adaptive Card", () => {
  it("is not there by default", async () => {
    const card = await new CardRenderer(noState, noMembers, "Europe/London").card(view, channel);
    expect(card.type).toBe("AdaptiveCard");
    expect(SOURCE_CARD_KEY in card).toBe(false);
  });

  it("is the view's own Card, with the notice, when asked for", async () => {
    const plain = await new CardRenderer(noState, noMembers, "Europe/London").card(view, channel, { tone: "success", text: "Done." });
    const card = await new CardRenderer(noState, noMembers, "Europe/London", { withSourceCard: true }).card(view, channel, { tone: "success", text: "Done." });
    const { [SOURCE_CARD_KEY]: source, ...rest } = card;
    expect(rest).toEqual(plain);
    expect(source).toEqual({ card: cardForView(view), notice: { tone: "success", text: "Done." } });
  });
});
