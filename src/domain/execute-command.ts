// The single entry point for domain commands from any platform, and for deadlines firing.
import { acknowledgeEscalation } from "./escalation/acknowledge-escalation.js";
import { castVote } from "./allocation/cast-vote.js";
import { proposeLead } from "./allocation/propose-lead.js";
import { recordOverride } from "./allocation/record-override.js";
import { addTafMember } from "./case/add-taf-member.js";
import { caseStatus } from "./case/case-status.js";
import { linkCaseChannel, setAccessChannel } from "./case/link-channel.js";
import { openCase } from "./case/open-case.js";
import { proposeClosure } from "./case/propose-closure.js";
import { removeTafMember } from "./case/remove-taf-member.js";
import { updateCaseStatuses } from "./case/update-case-statuses.js";
import { command as commandSchema, type ActorContext, type Command } from "./commands.js";
import { calendarFor, UseCaseContext, type UseCaseDeps } from "./context.js";
import { batchRepositories, canFireTogether } from "./deadlines/fired-together.js";
import { handleDeadline } from "./deadlines/handle-deadline.js";
import { whyNudgeIsMoot } from "./deadlines/nudge-relevance.js";
import { snoozeNudge } from "./deadlines/snooze-nudge.js";
import { personalDetailsHold } from "./rules/personal-details.js";
import { DomainError, isDomainError } from "./errors.js";
import { escalate } from "./escalation/escalate.js";
import { resolveEscalation } from "./escalation/resolve-escalation.js";
import { startHandover } from "./handover/start-handover.js";
import { auditExport } from "./oversight/audit-export.js";
import { report } from "./oversight/report.js";
import { anonymiseCase, type RetentionResult } from "./oversight/retention.js";
import { weeklyDigest } from "./oversight/weekly-digest.js";
import type { AuditArchive, Notification, Outcome, OutboxEntry, Repositories } from "./ports.js";
import { caseload } from "./practitioner/caseload.js";
import { registerPractitioner, updatePractitioner } from "./practitioner/register-practitioner.js";
import { whoami } from "./practitioner/whoami.js";
import { recordReview } from "./review/record-review.js";
import { setReviewDate } from "./review/set-review-date.js";
import type { WorkingCalendar } from "./rules/working-calendar.js";
import type { Practitioner, Settings } from "./types.js";

/** Card buttons name the proposal or escalation they were drawn for, so a stale card can't act on a newer one. */
export interface CommandTarget {
  proposalId?: string;
  escalationId?: string;
}

type Handler = (ctx: UseCaseContext, cmd: Command, target: CommandTarget) => Promise<Outcome>;
const on =
  <N extends Command["name"]>(name: N, run: (ctx: UseCaseContext, cmd: Extract<Command, { name: N }>, target: CommandTarget) => Promise<Outcome>) =>
  [name, run as Handler] as const;

const HANDLERS = new Map<Command["name"], Handler>([
  on("whoami", (ctx) => whoami(ctx)),
  on("case-open", openCase),
  on("case-status", caseStatus),
  on("case-update", updateCaseStatuses),
  on("case-link", linkCaseChannel),
  on("access-channel", (ctx) => setAccessChannel(ctx)),
  on("taf-add", addTafMember),
  on("taf-remove", removeTafMember),
  on("propose", proposeLead),
  on("vote", (ctx, cmd, t) => castVote(ctx, cmd, t.proposalId)),
  on("review-set", setReviewDate),
  on("review-done", recordReview),
  on("handover-start", startHandover),
  on("escalate", escalate),
  on("resolve-appoint", (ctx, cmd, t) => resolveEscalation(ctx, cmd, t.escalationId)),
  on("resolve-return", (ctx, cmd, t) => resolveEscalation(ctx, cmd, t.escalationId)),
  on("acknowledge", acknowledgeEscalation),
  on("snooze", snoozeNudge),
  on("close", proposeClosure),
  on("override", recordOverride),
  on("caseload", caseload),
  on("report", report),
  on("audit", auditExport),
  on("practitioner-add", registerPractitioner),
  on("practitioner-update", updatePractitioner),
]);

/** Commands an unregistered person may run: finding out who they are, and bootstrapping. */
const OPEN_TO_UNREGISTERED = new Set<Command["name"]>(["whoami", "help", "practitioner-add"]);

const calendars = new Map<string, WorkingCalendar>();
function cachedCalendar(settings: Settings): WorkingCalendar {
  const key = `${settings.region}|${settings.timeZone}|${settings.workingHours.start}-${settings.workingHours.end}`;
  let calendar = calendars.get(key);
  if (!calendar) calendars.set(key, (calendar = calendarFor(settings)));
  return calendar;
}

async function contextFor(repos: Repositories, deps: UseCaseDeps, actor: ActorContext | null): Promise<UseCaseContext> {
  const settings = await repos.settings.get();
  const practitioner = actor ? await repos.practitioners.findByChatId(actor.platform, actor.userId) : null;
  return new UseCaseContext(
    repos,
    practitioner,
    actor?.platform ?? "system",
    actor?.userId ?? null,
    actor?.channelId ?? null,
    deps.clock.now(),
    settings,
    cachedCalendar(settings),
    deps.ids,
  );
}

export interface ExecuteOptions {
  /** The person said the command's text is not a child's personal details (DOMAIN §10). */
  notChildDetails?: boolean;
}

/**
 * Runs one command in one transaction. A refusal (DomainError) rolls everything back and is then
 * audited on its own, so the trail shows it while nothing else changes.
 */
export async function executeCommand(
  deps: UseCaseDeps,
  actor: ActorContext,
  input: Command,
  target: CommandTarget = {},
  options: ExecuteOptions = {},
): Promise<Outcome> {
  const cmd = commandSchema.parse(input);
  try {
    return await deps.uow.run(async (repos) => {
      const ctx = await contextFor(repos, deps, actor);
      const held = options.notChildDetails ? null : personalDetailsHold(cmd, ctx.today);
      if (held) throw new DomainError(held.code, held.message);
      if (!ctx.actor && !OPEN_TO_UNREGISTERED.has(cmd.name)) {
        throw new DomainError(
          "not-registered",
          "You are not registered with leadbot yet. Ask the access team to add you (`whoami` shows your id).",
        );
      }
      const handler = HANDLERS.get(cmd.name);
      if (!handler) throw new DomainError("unsupported", `\`${cmd.name}\` is answered by the chat adapter, not here.`);
      const outcome = await handler(ctx, cmd, target);
      return ctx.queueNotifications(outcome, `cmd-${deps.ids.next()}`);
    });
  } catch (error) {
    if (isDomainError(error)) await auditRefusal(deps, actor, cmd, error);
    throw error;
  }
}

async function auditRefusal(deps: UseCaseDeps, actor: ActorContext, cmd: Command, error: DomainError): Promise<void> {
  await deps.uow.run(async (repos) => {
    const practitioner = await repos.practitioners.findByChatId(actor.platform, actor.userId);
    const ref = "ref" in cmd ? cmd.ref : null;
    const c = ref ? await repos.cases.getByReference(ref) : null;
    await repos.audit.append({
      at: deps.clock.now(),
      actorId: practitioner?.id ?? null,
      platform: actor.platform,
      action: cmd.name,
      caseId: c?.id ?? null,
      outcome: "refused",
      detail: { code: error.code, chatUserId: practitioner ? undefined : actor.userId },
    });
  });
}

export interface DeadlineResult {
  fired: boolean;
  outcome: Outcome;
}

/** Acts on a due deadline once: a deadline already done or cancelled does nothing. */
export async function executeDeadline(deps: UseCaseDeps, key: string): Promise<DeadlineResult> {
  return deps.uow.run(async (repos) => {
    const ctx = await contextFor(repos, deps, null);
    const empty = ctx.outcome({ type: "text", tone: "info", caseRef: null, text: "" });
    const deadline = await repos.deadlines.get(key);
    if (!deadline || deadline.state !== "pending") return { fired: false, outcome: empty };
    const found = await repos.cases.get(deadline.caseId);
    const c = found ? await repos.cases.getByReference(found.reference, { lock: true }) : null;
    const again = await repos.deadlines.get(key);
    if (!c || !again || again.state !== "pending") return { fired: false, outcome: empty };
    const fired = await handleDeadline(ctx, deadline, c);
    await repos.deadlines.markDone(key);
    // Keyed by the deadline: the same deadline can never queue its messages twice.
    const outcome = await ctx.queueNotifications(ctx.outcome({ type: "text", tone: "info", caseRef: c.reference, text: "" }), key);
    return { fired, outcome };
  });
}

/**
 * Acts on many due deadlines of the kinds that can fire together (canFireTogether) in one unit
 * of work, each exactly as executeDeadline would: their cases locked (in id order) and the
 * deadlines read again under the locks, each handled on its own context, then the audit rows,
 * messages and done marks written in bulk. Keys of other kinds, unknown keys and deadlines no
 * longer pending come back as not fired. Any failure rolls the whole batch back: the caller then
 * runs each key through executeDeadline, so one bad deadline never holds up or spoils the rest.
 */
export async function executeDeadlines(deps: UseCaseDeps, keys: readonly string[]): Promise<Map<string, DeadlineResult>> {
  return deps.uow.run(async (repos) => {
    const base = await contextFor(repos, deps, null);
    const results = new Map<string, DeadlineResult>();
    const notFired = (): DeadlineResult => ({ fired: false, outcome: base.outcome({ type: "text", tone: "info", caseRef: null, text: "" }) });
    for (const key of keys) results.set(key, notFired());
    const first = (await repos.deadlines.getMany(keys)).filter((d) => d.state === "pending" && canFireTogether(d.kind));
    const cases = new Map((await repos.cases.lockMany(first.map((d) => d.caseId))).map((c) => [c.id, c]));
    const due = (await repos.deadlines.getMany(first.map((d) => d.key)))
      .filter((d) => d.state === "pending" && cases.has(d.caseId))
      .sort((a, b) => a.key.localeCompare(b.key));
    if (due.length === 0) return results;

    const leads = [...cases.values()].flatMap((c) => (c.leadId ? [c.leadId] : []));
    const people = new Map<string, Practitioner | null>((await repos.practitioners.getMany(leads)).map((p) => [p.id, p]));
    const batch = batchRepositories(repos, people);
    const entries: OutboxEntry[] = [];
    for (const d of due) {
      const c = cases.get(d.caseId)!;
      const ctx = new UseCaseContext(batch.repos, null, "system", null, null, base.now, base.settings, base.calendar, deps.ids);
      const fired = await handleDeadline(ctx, d, c);
      const outcome = ctx.outcome({ type: "text", tone: "info", caseRef: c.reference, text: "" });
      const mine = ctx.outboxEntries(outcome, d.key);
      entries.push(...mine);
      results.set(d.key, { fired, outcome: { ...outcome, outboxKeys: mine.map((e) => e.key) } });
    }
    await batch.flush();
    await repos.deadlines.markAllDone(due.map((d) => d.key));
    await repos.outbox.add(entries);
    return results;
  });
}

/**
 * Why a message that the deadline `<deadlineKey>` wrote to the outbox (as `<deadlineKey>-<n>`,
 * see executeDeadline) should no longer be sent, or null while its reason stands, and for
 * messages no deadline wrote. Asked by the outbox dispatcher right before each attempt.
 */
export async function whyOutboxNudgeIsMoot(
  deps: UseCaseDeps,
  outboxKey: string,
  notification: Notification,
  writtenAt: Date,
): Promise<{ reason: string; caseId: string } | null> {
  const deadlineKey = /^(.+)-\d+$/.exec(outboxKey)?.[1];
  if (!deadlineKey) return null;
  return deps.uow.run(async (repos) => {
    const deadline = await repos.deadlines.get(deadlineKey);
    if (!deadline) return null;
    const reason = await whyNudgeIsMoot(await contextFor(repos, deps, null), deadline, notification, writtenAt);
    return reason ? { reason, caseId: deadline.caseId } : null;
  });
}

/** The weekly digest due at `at`: its job id in the worker and its mark in the audit trail. */
export const weeklyDigestRunKey = (at: Date): string => `weekly-digest-${at.getTime()}`;

/**
 * Builds the Monday digests due at `at` (one per line manager, one for the access team) and
 * writes them to the outbox as `digest-weekly-<epoch>-<n>`: already a digest, so never parked
 * for merging with other access-team messages.
 */
export async function executeWeeklyDigest(deps: UseCaseDeps, at: Date = deps.clock.now()): Promise<Outcome> {
  return deps.uow.run(async (repos) => {
    const ctx = await contextFor(repos, deps, null);
    const { managers } = await weeklyDigest(ctx, weeklyDigestRunKey(at));
    const outcome = ctx.outcome({ type: "text", tone: "info", caseRef: null, text: `Weekly digest for ${managers} line managers and the access team.` });
    return ctx.queueNotifications(outcome, `digest-weekly-${at.getTime()}`);
  });
}

export interface RetentionDeps extends UseCaseDeps {
  archive: AuditArchive;
}

/**
 * Exports the audit trail of, then anonymises, every case closed before `cutoff` (at most `limit`
 * per run; the rest wait for the next run), each in a transaction of its own so that one failure
 * holds up nothing else.
 */
export async function executeRetention(deps: RetentionDeps, cutoff: Date, limit = 500): Promise<RetentionResult> {
  const due = await deps.uow.run((repos) => repos.retention.closedBefore(cutoff, limit));
  const result: RetentionResult = { anonymised: [], failed: [] };
  for (const c of due) {
    try {
      const done = await deps.uow.run(async (repos) => anonymiseCase(await contextFor(repos, deps, null), deps.archive, c.reference, cutoff));
      if (done) result.anonymised.push(done);
    } catch (error) {
      result.failed.push({ caseId: c.id, error });
    }
  }
  return result;
}
