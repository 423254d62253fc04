import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { makeDeadline } from "../deadlines/deadline-keys.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { buildCaseView } from "../presenters/case-view.js";
import { DEFAULT_CASE_REFERENCE_PATTERN, type Case } from "../types.js";
import { channelConflict } from "./channel-claims.js";

type OpenCase = Extract<Command, { name: "case-open" }>;

/** Opens a case with the opener on its TAF, bound to the channel it was opened from. */
export async function openCase(ctx: UseCaseContext, cmd: OpenCase): Promise<Outcome> {
  const actor = requireActor(ctx);
  if (!new RegExp(ctx.settings.caseReferencePattern).test(cmd.ref)) {
    // The reference is not echoed: it may be exactly the child's name this rule keeps out of chat.
    throw new DomainError(
      "case-reference-pattern",
      ctx.settings.caseReferencePattern === DEFAULT_CASE_REFERENCE_PATTERN
        ? "That can't be a case reference: references are letters, digits and hyphens with at least one digit, e.g. EH-2026-0042, so a child's name can never become one. Use the reference from your case record."
        : "That can't be a case reference here: it doesn't match the form your deployment uses (CASE_REFERENCE_PATTERN). Use the reference from your case record, e.g. EH-2026-0042.",
    );
  }
  if (await ctx.repos.cases.getByReference(cmd.ref)) {
    throw new DomainError("case-exists", `${cmd.ref} is already open. Try \`case status ${cmd.ref}\`.`);
  }
  const id = ctx.newId();
  const claim = ctx.platform !== "system" && ctx.channelId ? { platform: ctx.platform, channelId: ctx.channelId } : null;
  // A channel serves one case. Opening from one that already serves a case is refused until the
  // opener confirms with --no-channel: a case opened quietly without its channel would leave its
  // TAF's cards nowhere to go. From the access team channel it opens without one, as it says.
  const conflict = claim && (await channelConflict(ctx, claim, { id }));
  if (conflict?.code === "channel-taken" && !cmd.noChannel) {
    throw new DomainError(
      "channel-taken",
      `${conflict.userMessage} Nothing was opened. Open ${cmd.ref} from a channel of its own, or confirm opening it without a channel (link one later with \`case link ${cmd.ref}\`): \`case open ${cmd.ref} --status ${cmd.statuses.join(",")} --no-channel\`.`,
    );
  }
  const c: Case = {
    id,
    reference: cmd.ref,
    statuses: [...new Set(cmd.statuses)],
    open: true,
    leadId: null,
    leadSince: null,
    noLeadSince: ctx.now,
    reviewDate: null,
    channels: claim && !conflict ? { [claim.platform]: claim.channelId } : {},
    openedAt: ctx.now,
    closedAt: null,
  };
  await ctx.repos.cases.create(c);
  await ctx.repos.taf.add(c.id, actor.id, ctx.now);
  await ctx.schedule([noLeadDeadline(ctx, c)]);
  await ctx.audit("case.open", c.id, { reference: c.reference, statuses: c.statuses });
  ctx.notify({ kind: "access-team" }, {
    type: "text",
    tone: "info",
    caseRef: c.reference,
    text: `${actor.name} opened ${c.reference} (${c.statuses.join(", ")}). No lead professional yet.`,
  });
  const notes = [`Case opened. Add the TAF with \`taf add ${c.reference} @who\`, then \`propose\` a lead professional.`];
  if (conflict) notes.push(`${conflict.userMessage} Run \`case link ${c.reference}\` in that channel.`);
  return ctx.outcome(await buildCaseView(ctx, c, notes));
}

/** A case without an LP for too long prompts the TAF to meet and choose one [003]. */
export function noLeadDeadline(ctx: UseCaseContext, c: Case) {
  const from = c.noLeadSince ?? ctx.now;
  const due = ctx.calendar.workingMorning(ctx.calendar.addWorkingDays(ctx.calendar.localDate(from), ctx.settings.noLeadWorkingDays));
  return makeDeadline("no-lead", c.id, c.id, due);
}
