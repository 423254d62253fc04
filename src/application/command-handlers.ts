// The dispatch table: which use case answers each domain command. Typed over every command name
// but help, so a command without a use case does not compile.
import { acknowledgeEscalation } from "../domain/escalation/acknowledge-escalation.js";
import { castVote } from "../domain/allocation/cast-vote.js";
import { proposeLead } from "../domain/allocation/propose-lead.js";
import { recordOverride } from "../domain/allocation/record-override.js";
import { remindVoters } from "../domain/allocation/remind-voters.js";
import { addTafMember } from "../domain/case/add-taf-member.js";
import { caseStatus } from "../domain/case/case-status.js";
import { linkCaseChannel, setAccessChannel } from "../domain/case/link-channel.js";
import { openCase } from "../domain/case/open-case.js";
import { proposeClosure } from "../domain/case/propose-closure.js";
import { removeTafMember } from "../domain/case/remove-taf-member.js";
import { updateCaseStatuses } from "../domain/case/update-case-statuses.js";
import type { Command, CommandName } from "../domain/commands.js";
import { recordContact } from "../domain/contact/record-contact.js";
import { setContactCadence } from "../domain/contact/set-contact-cadence.js";
import type { UseCaseContext } from "../domain/context.js";
import { snoozeNudge } from "../domain/deadlines/snooze-nudge.js";
import { escalate } from "../domain/escalation/escalate.js";
import { escalateAction } from "../domain/plan/escalate-action.js";
import { resolveEscalation } from "../domain/escalation/resolve-escalation.js";
import { startHandover } from "../domain/handover/start-handover.js";
import { auditExport } from "../domain/oversight/audit-export.js";
import { report } from "../domain/oversight/report.js";
import { addPlanAction } from "../domain/plan/add-plan-action.js";
import { dropPlanAction } from "../domain/plan/drop-plan-action.js";
import { markActionDone } from "../domain/plan/mark-action-done.js";
import { movePlanAction } from "../domain/plan/move-plan-action.js";
import { showPlan } from "../domain/plan/show-plan.js";
import type { Outcome } from "../domain/ports.js";
import { caseload } from "../domain/practitioner/caseload.js";
import { importPractitioners } from "../domain/practitioner/import-practitioners.js";
import { registerPractitioner, updatePractitioner } from "../domain/practitioner/register-practitioner.js";
import { whoami } from "../domain/practitioner/whoami.js";
import { recordReview } from "../domain/review/record-review.js";
import { setReviewDate } from "../domain/review/set-review-date.js";

/** Card buttons name the proposal or escalation they were drawn for, so a stale card can't act on a newer one. */
export interface CommandTarget {
  proposalId?: string;
  escalationId?: string;
}

/** help is answered by the command runner from the grammar's usage lines, without a transaction. */
export type HandledCommandName = Exclude<CommandName, "help">;

type HandlerOf<N extends CommandName> = (ctx: UseCaseContext, cmd: Extract<Command, { name: N }>, target: CommandTarget) => Promise<Outcome>;
export type Handler = HandlerOf<CommandName>;

const HANDLERS: { [N in HandledCommandName]: HandlerOf<N> } = {
  whoami: (ctx) => whoami(ctx),
  "case-open": openCase,
  "case-status": caseStatus,
  "case-update": updateCaseStatuses,
  "case-link": linkCaseChannel,
  "access-channel": (ctx) => setAccessChannel(ctx),
  "taf-add": addTafMember,
  "taf-remove": removeTafMember,
  propose: proposeLead,
  vote: (ctx, cmd, t) => castVote(ctx, cmd, t.proposalId),
  remind: (ctx, cmd, t) => remindVoters(ctx, cmd, t.proposalId),
  "review-set": setReviewDate,
  "review-done": recordReview,
  "handover-start": startHandover,
  escalate,
  "escalate-action": escalateAction,
  "resolve-appoint": (ctx, cmd, t) => resolveEscalation(ctx, cmd, t.escalationId),
  "resolve-return": (ctx, cmd, t) => resolveEscalation(ctx, cmd, t.escalationId),
  acknowledge: acknowledgeEscalation,
  snooze: snoozeNudge,
  contact: recordContact,
  "contact-every": setContactCadence,
  plan: showPlan,
  "plan-add": addPlanAction,
  "plan-done": markActionDone,
  "plan-drop": dropPlanAction,
  "plan-move": movePlanAction,
  close: proposeClosure,
  override: recordOverride,
  caseload,
  report,
  audit: auditExport,
  "practitioner-add": registerPractitioner,
  "practitioner-update": updatePractitioner,
  "practitioner-import": importPractitioners,
};

/** The use case for a command; null for help, which no use case answers. */
export function handlerFor(name: CommandName): Handler | null {
  return name === "help" ? null : (HANDLERS[name] as Handler);
}
