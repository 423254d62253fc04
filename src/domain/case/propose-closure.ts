import { requireNoOpenDecision } from "../allocation/open-decisions.js";
import { openVote } from "../allocation/open-vote.js";
import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { openCaseFor } from "./case-access.js";

type Close = Extract<Command, { name: "close" }>;

/** The LP recommends closure; the TAF confirms with the same vote mechanics [DOMAIN §8]. */
export async function proposeClosure(ctx: UseCaseContext, cmd: Close): Promise<Outcome> {
  const actor = requireActor(ctx);
  const { case: c, taf } = await openCaseFor(
    ctx,
    actor,
    cmd.ref,
    (a) => a.isLead,
    (cs) =>
      new DomainError(
        "not-lead",
        cs.leadId
          ? `Only the lead professional for ${cs.reference} can recommend closing it.`
          : `${cs.reference} has no lead professional. A case is never closed for lack of one: propose a lead first.`,
      ),
  );
  await requireNoOpenDecision(ctx, c);
  await openVote(ctx, c, {
    kind: "closure",
    nomineeId: null,
    proposerId: actor.id,
    reason: cmd.reason,
    familyView: { kind: "not-asked" },
    notes: ["The lead professional recommends closing: progress has been made and universal services can support the family."],
    electorate: taf,
  });
  return ctx.outcome({ type: "text", tone: "success", caseRef: c.reference, text: `Closure of ${c.reference} put to the TAF.` });
}
