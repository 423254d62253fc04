// `audit <ref>`: a case's whole audit trail as a CSV file, for the access team [issue #8;
// DOMAIN §10]. The same CSV is written to the retention archive before a case is anonymised.
//
// The detail column holds ids and codes only. Audit details are written by the use cases and a
// few carry free text (a closure reason, why an escalation climbed): a whitelist of keys and a
// strict shape for values keep anything a person typed, which could name a child, out of the file.
import { loadCase } from "../case/case-access.js";
import { CASE_REFERENCE, type Command } from "../commands.js";
import { requireActor, type UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome, Repositories } from "../ports.js";
import { toCsv } from "../presenters/csv.js";
import { formatMomentToSecond } from "../presenters/format-time.js";
import type { AuditEvent, Case, Practitioner } from "../types.js";
import type { ReportView } from "../views.js";

type AuditCommand = Extract<Command, { name: "audit" }>;

export const AUDIT_CSV_HEADER = ["Time (UTC)", "Local time", "Actor", "Handle", "Platform", "Action", "Outcome", "Detail"] as const;

export async function auditExport(ctx: UseCaseContext, cmd: AuditCommand): Promise<Outcome> {
  const actor = requireActor(ctx);
  if (!actor.duties.accessTeam) {
    throw new DomainError("access-team-only", "Only the access team can export a case's audit trail.");
  }
  const c = await loadCase(ctx, cmd.ref, false);
  const trail = await auditTrailCsv(ctx.repos, c, ctx.settings.timeZone);
  // Written after the trail is read: the export lists what happened before it was asked for.
  await ctx.audit("audit.export", c.id, { events: trail.events.length });
  const first = trail.events[0];
  const last = trail.events.at(-1);
  const view: ReportView = {
    type: "report",
    title: `Audit trail ${c.reference}`,
    caseRef: c.reference,
    rows: [
      { label: "Events", value: String(trail.events.length) },
      { label: "First", value: first ? ctx.when(first.at) : "none" },
      { label: "Last", value: last ? ctx.when(last.at) : "none" },
      { label: "Case", value: c.open ? "open" : `closed ${c.closedAt ? ctx.when(c.closedAt) : ""}`.trim() },
    ],
    file: { filename: `audit-${c.reference}.csv`, content: trail.content },
  };
  return ctx.outcome(view);
}

/**
 * The case's trail in time order (ties in the order written), as CSV. Only the case's current
 * reference is ever shown: an anonymised case's old one is still in its append-only audit rows
 * (`case.open` records the reference it was opened under), and must not come back out of them.
 */
export async function auditTrailCsv(
  repos: Repositories,
  c: Pick<Case, "id" | "reference">,
  timeZone: string,
): Promise<{ content: string; events: AuditEvent[] }> {
  const caseId = c.id;
  const events = inTimeOrder(await repos.audit.listForCase(caseId));
  const ids = new Set<string>();
  for (const e of events) {
    if (e.actorId) ids.add(e.actorId);
    for (const key of PERSON_KEYS) for (const id of asList(e.detail[key])) if (typeof id === "string") ids.add(id);
  }
  const people = new Map((await repos.practitioners.getMany([...ids])).map((p) => [p.id, p]));
  const rows = events.map((e) => auditRow(e, people, timeZone, c.reference));
  return { content: toCsv([[...AUDIT_CSV_HEADER], ...rows]), events };
}

/** Stable: events at the same instant keep the order they were written in. */
function inTimeOrder(events: readonly AuditEvent[]): AuditEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map(({ e }) => e);
}

function auditRow(e: AuditEvent, people: ReadonlyMap<string, Practitioner>, timeZone: string, currentReference: string): string[] {
  const actor = e.actorId ? people.get(e.actorId) : undefined;
  const actorName = actor ? actor.name : e.actorId ? "(practitioner no longer registered)" : e.platform === "system" ? "leadbot" : "(not registered)";
  return [
    e.at.toISOString(),
    formatMomentToSecond(e.at, timeZone),
    actorName,
    // Without the @: a cell starting with @ is one the CSV guard has to neutralise.
    actor ? actor.handle : "",
    e.platform,
    e.action,
    e.outcome,
    auditDetail(e.detail, people, currentReference),
  ];
}

/** Detail keys that hold practitioner ids: shown as @handles where the practitioner is known. */
const PERSON_KEYS = ["practitionerId", "nomineeId", "leadId", "previousId", "successorId", "involvedIds", "to", "by", "owner"] as const;

/** Detail keys whose values are ids, codes, counts or dates. Anything else (reasons) is left out. */
const SAFE_KEYS = new Set<string>([
  ...PERSON_KEYS,
  "proposalId",
  "escalationId",
  "handoverId",
  "reviewId",
  "reference",
  "family",
  "choice",
  "nominee",
  "outcome",
  "kind",
  "level",
  "resolution",
  "trigger",
  "deadline",
  "reviewDate",
  "next",
  "platform",
  "statuses",
  "before",
  "after",
  "via",
  "code",
  "events",
  "from",
  "to",
  "closedAt",
  "cutoff",
  "reasonGiven",
  "nudge",
  "dueAt",
  "actionId",
  "action",
  "due",
]);

/** An id, a code, an ISO date or moment: one token of a restricted alphabet, never words. */
const SAFE_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._:+-]{0,79}$/;

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function safeValue(value: unknown, people: ReadonlyMap<string, Practitioner>, isPerson: boolean, currentReference: string | null): string | null {
  if (value === null || value === undefined) return "none";
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value !== "string" || !SAFE_TOKEN.test(value)) return null;
  // Whatever key it sits under: nothing else in a detail is shaped like a case reference (codes,
  // statuses and handles are lower case, ids and dates start with a digit or are lower case).
  if (currentReference !== null && CASE_REFERENCE.test(value) && value !== currentReference) return null;
  const person = isPerson ? people.get(value) : undefined;
  return person ? `@${person.handle}` : value;
}

/**
 * `key=value; key=a|b` with only whitelisted keys and token-shaped values, keys in alphabetical
 * order (jsonb does not keep the order they were written in). Given the case's current
 * reference, a value that is any other case reference is left out with its key.
 */
export function auditDetail(
  detail: Record<string, unknown>,
  people: ReadonlyMap<string, Practitioner> = new Map(),
  currentReference: string | null = null,
): string {
  const parts: string[] = [];
  for (const [key, raw] of Object.entries(detail).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!SAFE_KEYS.has(key)) continue;
    const isPerson = (PERSON_KEYS as readonly string[]).includes(key);
    const values = asList(raw).map((v) => safeValue(v, people, isPerson, currentReference));
    if (values.length === 0 || values.some((v) => v === null)) continue;
    parts.push(`${key}=${values.join("|")}`);
  }
  return parts.join("; ");
}
