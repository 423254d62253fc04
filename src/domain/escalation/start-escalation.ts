import type { UseCaseContext } from "../context.js";
import { makeDeadline } from "../deadlines/deadline-keys.js";
import { DomainError } from "../errors.js";
import { escalationKey, escalationLevelKey } from "../message-keys.js";
import { peopleById, viewOf } from "../presenters/person-view.js";
import { buildProposalView } from "../presenters/proposal-view.js";
import type { Case, Escalation, EscalationLevel } from "../types.js";
import type { DisputeView, EscalationView } from "../views.js";
import { decidersAt, firstStaffedLevel, hasTimeout, LEVEL_NAMES, managersOf, type LadderPeople } from "./escalation-ladder.js";

export interface EscalationStart {
  proposalId: string | null;
  reason: string;
  involvedIds: string[];
  openedById: string | null;
  level?: EscalationLevel;
}

async function ladderPeople(ctx: UseCaseContext, involvedIds: readonly string[]): Promise<LadderPeople> {
  const [involved, coordinators, executives] = await Promise.all([
    ctx.repos.practitioners.getMany(involvedIds),
    ctx.repos.practitioners.withDuty("coordinator"),
    ctx.repos.practitioners.withDuty("executive"),
  ]);
  return {
    managersOfInvolved: managersOf(involved),
    coordinators: coordinators.map((p) => p.id),
    executives: executives.map((p) => p.id),
  };
}

/** Opens an escalation at level 1 (or the level given), telling the deciders at once [§5]. */
export async function startEscalation(ctx: UseCaseContext, c: Case, start: EscalationStart): Promise<Escalation> {
  const existing = await ctx.repos.escalations.openForCase(c.id);
  if (existing) {
    const text = `${c.reference}: ${start.reason} The case is already escalated (level ${existing.level}); the deciders have been told.`;
    ctx.notify({ kind: "case-channel", caseId: c.id }, { type: "text", tone: "warning", caseRef: c.reference, text });
    for (const id of existing.deciderIds) {
      ctx.notify({ kind: "practitioner", practitionerId: id }, { type: "text", tone: "warning", caseRef: c.reference, text });
    }
    return existing;
  }
  const involvedIds = [...new Set(start.involvedIds)];
  const people = await ladderPeople(ctx, involvedIds);
  const level = firstStaffedLevel(start.level ?? 1, people);
  if (level === null) {
    throw new DomainError(
      "no-deciders",
      "Nobody is registered to decide escalations (no line managers, co-ordinator or executive group). Ask the access team to register them.",
    );
  }
  const escalation: Escalation = {
    id: ctx.newId(),
    caseId: c.id,
    proposalId: start.proposalId,
    reason: start.reason,
    level,
    state: "open",
    deciderIds: decidersAt(level, people),
    involvedIds,
    acknowledgedBy: [],
    deadline: null,
    openedById: start.openedById,
    resolution: null,
    resolvedById: null,
    resolvedAtLevel: null,
    createdAt: ctx.now,
    resolvedAt: null,
  };
  await enterLevel(ctx, c, escalation, level, people);
  await ctx.repos.escalations.create(escalation);
  await ctx.audit("escalation.open", c.id, { escalationId: escalation.id, level, involvedIds });
  await announce(ctx, c, escalation);
  return escalation;
}

/** Moves an open escalation up one level (timeout, a manager escalating, an appeal). */
export async function climb(ctx: UseCaseContext, c: Case, escalation: Escalation, why: string): Promise<void> {
  if (escalation.level === 3) throw new DomainError("top-of-ladder", "The executive group already holds this case; its decision is binding.");
  const people = await ladderPeople(ctx, escalation.involvedIds);
  const level = firstStaffedLevel((escalation.level + 1) as EscalationLevel, people);
  if (level === null) throw new DomainError("no-deciders", "Nobody is registered at the next level of the escalation ladder.");
  await ctx.cancel(escalation.id);
  await enterLevel(ctx, c, escalation, level, people);
  escalation.reason = `${escalation.reason} Escalated to the ${LEVEL_NAMES[level]}: ${why}`;
  await ctx.repos.escalations.update(escalation);
  // Who moved it up (none: a timeout), not why in their words: the trail outlives the case [issue #8].
  await ctx.audit("escalation.climb", c.id, { escalationId: escalation.id, level, by: ctx.actor?.id ?? null });
  await announce(ctx, c, escalation);
}

async function enterLevel(ctx: UseCaseContext, c: Case, e: Escalation, level: EscalationLevel, people: LadderPeople) {
  e.level = level;
  e.deciderIds = decidersAt(level, people);
  e.acknowledgedBy = [];
  e.deadline = hasTimeout(level) ? ctx.calendar.addWorkingDaysToInstant(ctx.now, ctx.settings.escalationTimeoutWorkingDays) : null;
  const nextAlert = ctx.calendar.workingMorning(ctx.calendar.addWorkingDays(ctx.today, 1));
  await ctx.schedule([
    ...(e.deadline ? [makeDeadline("escalation-timeout", c.id, e.id, e.deadline, `L${level}`)] : []),
    makeDeadline("escalation-alert", c.id, e.id, nextAlert, `L${level}`),
  ]);
}

export async function escalationView(ctx: UseCaseContext, c: Case, e: Escalation): Promise<EscalationView> {
  const people = await peopleById((ids) => ctx.repos.practitioners.getMany(ids), [
    ...e.deciderIds,
    e.resolution?.kind === "appoint" ? e.resolution.practitionerId : null,
    e.resolvedById,
  ]);
  return {
    type: "escalation",
    escalationId: e.id,
    caseRef: c.reference,
    level: e.level,
    levelName: LEVEL_NAMES[e.level],
    reason: e.reason,
    deciders: e.deciderIds.map((id) => viewOf(people, id)),
    deadline: e.deadline,
    state: e.state,
    resolution: !e.resolution
      ? null
      : e.resolution.kind === "appoint"
        ? `Appointed ${viewOf(people, e.resolution.practitionerId).name}: ${e.resolution.reason}`
        : `Sent back to the TAF for a new proposal: ${e.resolution.reason}`,
    resolvedBy: e.resolvedById ? viewOf(people, e.resolvedById) : null,
    dispute: await disputeOf(ctx, c, e),
  };
}

/** The vote behind the escalation, as the deciders need it: nominee, reasons, objections, notes. */
async function disputeOf(ctx: UseCaseContext, c: Case, e: Escalation): Promise<DisputeView | null> {
  const proposal = e.proposalId ? await ctx.repos.proposals.get(e.proposalId) : null;
  if (!proposal) return null;
  const p = await buildProposalView(ctx, c, proposal);
  return {
    kind: p.kind,
    nominee: p.nominee,
    proposer: p.proposer,
    reason: p.reason,
    familyView: p.familyView,
    familyPrefersOther: p.familyPrefersOther,
    nomineeResponse: p.nomineeResponse,
    tally: p.tally,
    objections: p.votes.filter((v) => v.choice === "object" && v.voter.id !== p.nominee?.id).map(({ voter, reason }) => ({ voter, reason })),
    notes: p.notes,
    outcomeReason: p.outcomeReason,
  };
}

/**
 * Each level's alert is one card per destination, under the level's key: the earlier levels'
 * cards are brought up to date first (they now name this level and its deciders), so no copy
 * offers buttons to people who no longer decide.
 */
async function announce(ctx: UseCaseContext, c: Case, e: Escalation): Promise<void> {
  const view = await escalationView(ctx, c, e);
  ctx.updateCopies(escalationKey(e.id), view);
  const key = escalationLevelKey(e.id, e.level);
  for (const id of e.deciderIds) ctx.notify({ kind: "practitioner", practitionerId: id }, view, key);
  ctx.notify({ kind: "case-channel", caseId: c.id }, view, key);
  ctx.notify({ kind: "access-team" }, view, key);
}
