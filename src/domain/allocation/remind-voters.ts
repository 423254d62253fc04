import { loadCase, requireOpen } from "../case/case-access.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { peopleById } from "../presenters/person-view.js";
import type { Case, Proposal } from "../types.js";
import { countedVotes } from "./vote-tally.js";

type Remind = Extract<Command, { name: "remind" }>;

/** A TAF is chased at most this often per proposal: a reminder is a nudge, not a barrage. */
export const REMIND_EVERY_HOURS = 4;
const HOUR = 3_600_000;

export const REMINDED = "vote.reminded";

/**
 * Sends each member of the electorate who has not voted yet (and only them) a nudge about the
 * open vote. Returns the names of those nudged. Shared by the Remind button and the reminder
 * before the vote's deadline. Whoever pressed Remind is not nudged by their own press.
 */
export async function remindNonVoters(ctx: UseCaseContext, c: Case, proposal: Proposal, from: { id: string; name: string } | null): Promise<string[]> {
  const voted = new Set(countedVotes(proposal, await ctx.repos.votes.list(proposal.id)).map((v) => v.voterId));
  const waiting = proposal.electorate.filter((id) => !voted.has(id) && id !== from?.id);
  if (waiting.length === 0) return [];
  const people = await peopleById((ids) => ctx.repos.practitioners.getMany(ids), [...waiting, proposal.nomineeId]);
  const what = proposal.kind === "closure" ? `closing ${c.reference}` : `${people.get(proposal.nomineeId ?? "")?.name ?? "a lead professional"} as lead professional for ${c.reference}`;
  const who = from ? `${from.name} asks: ` : "Reminder: ";
  for (const id of waiting) {
    const nominee = id === proposal.nomineeId;
    const how = nominee
      ? `You are the nominee: please accept or decline, on the card or with \`vote ${c.reference} accept\` or \`vote ${c.reference} decline\`.`
      : `Vote on the card in the case channel, or with \`vote ${c.reference} agree|object <reason>|abstain\`.`;
    ctx.notify({ kind: "practitioner", practitionerId: id }, {
      type: "text",
      tone: "warning",
      caseRef: c.reference,
      text: `${who}the vote on ${what} closes ${ctx.when(proposal.deadline)} and you have not voted yet. ${how}`,
    });
  }
  return waiting.map((id) => people.get(id)?.name ?? "someone");
}

/** The proposer or the LP nudges those still to vote, at most once every few hours [DOMAIN §4.3]. */
export async function remindVoters(ctx: UseCaseContext, cmd: Remind, proposalId?: string): Promise<Outcome> {
  const actor = requireActor(ctx);
  const c = await loadCase(ctx, cmd.ref);
  requireOpen(c);
  const proposal = await ctx.repos.proposals.openForCase(c.id);
  if (!proposal || (proposalId !== undefined && proposal.id !== proposalId)) {
    throw new DomainError("no-open-vote", `There is no open vote on ${c.reference}${proposalId ? " for that card any more" : ""}.`);
  }
  if (actor.id !== proposal.proposerId && actor.id !== c.leadId) {
    throw new DomainError("not-proposer", `Only the person who proposed it or the lead professional can remind the TAF about the vote on ${c.reference}.`);
  }
  // The audit trail is the record of when the TAF was last chased: no second store to keep true.
  const last = (await ctx.repos.audit.listForCase(c.id))
    .filter((e) => e.action === REMINDED && e.outcome === "ok" && e.detail.proposalId === proposal.id)
    .reduce<Date | null>((latest, e) => (latest && latest >= e.at ? latest : e.at), null);
  if (last && ctx.now.getTime() - last.getTime() < REMIND_EVERY_HOURS * HOUR) {
    const again = new Date(last.getTime() + REMIND_EVERY_HOURS * HOUR);
    throw new DomainError(
      "reminded-recently",
      `The members still to vote on ${c.reference} were reminded at ${ctx.when(last)}, so I have not nudged them again. You can send another reminder from ${ctx.when(again)}.`,
    );
  }
  const nudged = await remindNonVoters(ctx, c, proposal, { id: actor.id, name: actor.name });
  if (nudged.length === 0) {
    return ctx.outcome({ type: "text", tone: "info", caseRef: c.reference, text: `Everyone else has voted on ${c.reference}: there is nobody to remind.` });
  }
  await ctx.audit(REMINDED, c.id, { proposalId: proposal.id, count: nudged.length });
  const names = nudged.length <= 10 ? `: ${nudged.join(", ")}` : "";
  return ctx.outcome({
    type: "text",
    tone: "success",
    caseRef: c.reference,
    text: `Reminded ${nudged.length === 1 ? "the 1 member" : `the ${nudged.length} members`} still to vote on ${c.reference}${names}. They each get one message.`,
  });
}
