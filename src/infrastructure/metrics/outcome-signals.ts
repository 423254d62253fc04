// What an outcome means for the business counters, read from its notifications' view models: the
// domain stays free of any metrics library, and this file needs nothing but the domain's types.
import type { Command } from "../../domain/commands.js";
import type { Outcome } from "../../domain/ports.js";
import type { ProposalKind } from "../../domain/types.js";

export interface OutcomeSignals {
  /** Votes closed by this outcome, one per proposal (a decision is announced to several places). */
  decisions: { outcome: "agreed" | "disagreed"; kind: ProposalKind }[];
  /** Escalations that opened at their first level. */
  escalationsOpened: number;
  /** Escalations that moved up a level (a timeout, a decider passing it up). */
  escalationsClimbed: number;
}

/**
 * Reads an outcome (of a command or of a deadline firing):
 * - a decision is a proposal card whose state became `agreed` or `disagreed` (only
 *   close-proposal draws a proposal in those states);
 * - an escalation announcement is an escalation card in state `open` (only opening and climbing
 *   announce one). A climb cancels the pending deadlines of that same escalation (its timeout
 *   is always pending while it sits at levels 1–2, the only levels that climb), and deadline
 *   keys carry their subject's id; an escalation just opened has no deadlines to cancel yet.
 */
export function outcomeSignals(outcome: Pick<Outcome, "notifications" | "cancelled">): OutcomeSignals {
  const decided = new Map<string, OutcomeSignals["decisions"][number]>();
  const escalations = new Set<string>();
  for (const { view } of outcome.notifications) {
    if (view.type === "proposal" && (view.state === "agreed" || view.state === "disagreed")) {
      decided.set(view.proposalId, { outcome: view.state, kind: view.kind });
    } else if (view.type === "escalation" && view.state === "open") {
      escalations.add(view.escalationId);
    }
  }
  let climbed = 0;
  for (const id of escalations) if (outcome.cancelled.some((key) => key.includes(id))) climbed++;
  return { decisions: [...decided.values()], escalationsOpened: escalations.size - climbed, escalationsClimbed: climbed };
}

/** The vote a successful `vote` command cast (the nominee's accept/decline included), else null. */
export function voteChoiceOf(command: Command): string | null {
  return command.name === "vote" ? command.choice : null;
}
