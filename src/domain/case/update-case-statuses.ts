import type { Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import type { Outcome } from "../ports.js";
import { buildCaseView } from "../presenters/case-view.js";
import { checkStatutoryLead } from "../rules/statutory-rules.js";
import { openCaseFor } from "./case-access.js";

type UpdateStatuses = Extract<Command, { name: "case-update" }>;

/**
 * Statuses change as a case steps up or down. A change never removes the LP by itself, but when
 * the current LP no longer meets a statutory rule the TAF and access team are told to act.
 */
export async function updateCaseStatuses(ctx: UseCaseContext, cmd: UpdateStatuses): Promise<Outcome> {
  const actor = requireActor(ctx);
  const { case: c, taf } = await openCaseFor(ctx, actor, cmd.ref, (a) => a.isMember || a.isAccessTeam);
  const before = c.statuses;
  c.statuses = [...new Set(cmd.statuses)];
  await ctx.repos.cases.update(c);
  await ctx.audit("case.statuses", c.id, { before, after: c.statuses });
  const notes: string[] = [];
  if (c.leadId) {
    const [lead, members] = await Promise.all([ctx.repos.practitioners.get(c.leadId), ctx.repos.practitioners.getMany(taf)]);
    const check = lead ? checkStatutoryLead(c.statuses, lead.role, members.map((m) => m.role)) : null;
    if (lead && check && !check.allowed) {
      const text = `${c.reference}: the lead professional ${lead.name} no longer meets a statutory rule. ${check.refusal} Please propose a new lead professional.`;
      notes.push(text);
      ctx.notify({ kind: "case-channel", caseId: c.id }, { type: "text", tone: "warning", caseRef: c.reference, text });
      ctx.notify({ kind: "access-team" }, { type: "text", tone: "warning", caseRef: c.reference, text });
    }
  }
  return ctx.outcome(await buildCaseView(ctx, c, notes));
}
