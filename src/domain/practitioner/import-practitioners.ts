import type { Command } from "../commands.js";
import type { UseCaseContext } from "../context.js";
import { DomainError } from "../errors.js";
import type { Outcome } from "../ports.js";
import { toCsv } from "../presenters/csv.js";
import type { Practitioner } from "../types.js";
import type { ReportView } from "../views.js";
import { readCsv, type CsvProblem } from "./csv-records.js";
import { blankPractitioner } from "./register-practitioner.js";
import { readStaffRows, type StaffRow } from "./staff-import-rows.js";

type Import = Extract<Command, { name: "practitioner-import" }>;

/** Problems listed on the card itself; all of them go in a CSV file when there are more. */
const PROBLEMS_SHOWN = 25;
const HANDLES_SHOWN = 20;

interface Entry {
  row: StaffRow;
  existing: Practitioner | null;
  /** As it will be written. */
  practitioner: Practitioner;
}

interface Plan {
  adds: Practitioner[];
  updates: Practitioner[];
  unchanged: Practitioner[];
  problems: CsvProblem[];
}

/**
 * The access team registers staff from a CSV. Every line is checked before anything is written,
 * and one problem anywhere writes nothing: a half-imported team would leave managers pointing at
 * people who are not there. Without --apply it is a dry run. Applying runs in the command's one
 * transaction, so it is all or nothing. The file's content is never logged or audited: only
 * counts and the ids of the practitioners written.
 */
export async function importPractitioners(ctx: UseCaseContext, cmd: Import): Promise<Outcome> {
  if (!ctx.actor?.duties.accessTeam) throw new DomainError("access-team-only", "Only the access team can register practitioners.");
  const plan = await planImport(ctx, cmd.csv);
  if (plan.problems.length > 0) {
    if (cmd.apply) await ctx.audit("practitioner.import", null, { outcome: "refused", problems: plan.problems.length });
    return ctx.outcome(problemsView(plan, cmd.apply));
  }
  if (!cmd.apply) return ctx.outcome(dryRunView(plan));
  // Managers named in the same file may come later in it: everyone first, then who manages whom.
  for (const p of plan.adds) await ctx.repos.practitioners.create({ ...p, managerId: null });
  for (const p of plan.adds) if (p.managerId !== null) await ctx.repos.practitioners.update(p);
  for (const p of plan.updates) await ctx.repos.practitioners.update(p);
  await ctx.audit("practitioner.import", null, {
    added: plan.adds.map((p) => p.id),
    updated: plan.updates.map((p) => p.id),
    unchanged: plan.unchanged.length,
  });
  return ctx.outcome(report("Practitioners imported", plan, [{ label: "Written", value: "All of the file was written in one go." }]));
}

async function planImport(ctx: UseCaseContext, csv: string): Promise<Plan> {
  const read = readCsv(csv);
  const staff = readStaffRows(read.records, ctx.today);
  const problems = [...read.problems, ...staff.problems];
  const byHandle = new Map<string, Entry>();
  const chatIdsInFile = new Map<string, number>();

  for (const row of staff.rows) {
    const problem = (message: string) => problems.push({ line: row.line, message });
    const earlier = byHandle.get(row.handle);
    if (earlier) {
      problem(`duplicate handle @${row.handle}: line ${earlier.row.line} has it already`);
      continue;
    }
    for (const [key, label] of [[row.slackId && `slack:${row.slackId}`, "Slack user id"], [row.teamsAadId && `teams:${row.teamsAadId}`, "Teams id"]] as const) {
      if (!key) continue;
      const line = chatIdsInFile.get(key);
      if (line !== undefined) problem(`duplicate ${label}: line ${line} has it already`);
      else chatIdsInFile.set(key, row.line);
    }
    const existing = await ctx.repos.practitioners.findByHandle(row.handle);
    const practitioner = existing ? structuredClone(existing) : newPractitioner(ctx, row, problem);
    for (const [platform, id] of [["slack", row.slackId], ["teams", row.teamsAadId]] as const) {
      if (id === undefined) continue;
      const what = platform === "slack" ? "Slack user" : "Teams user";
      const owner = await ctx.repos.practitioners.findByChatId(platform, id);
      if (owner && owner.id !== practitioner.id) problem(`that ${what} is already registered as @${owner.handle}`);
      else if (existing?.chat[platform] && existing.chat[platform] !== id) problem(`@${row.handle} is already linked to another ${what}; an import can't move them`);
      else practitioner.chat = { ...practitioner.chat, [platform]: id };
    }
    if (row.name !== undefined) practitioner.name = row.name;
    if (row.role !== undefined) practitioner.role = row.role;
    if (row.agency !== undefined) practitioner.agency = row.agency;
    if (row.employment !== undefined) practitioner.employment = row.employment;
    if (row.dbs !== undefined) practitioner.dbsCheckedOn = row.dbs;
    if (row.qualified !== undefined) practitioner.qualifiedOn = row.qualified;
    byHandle.set(row.handle, { row, existing, practitioner });
  }

  // A manager may be any row of the file, wherever it stands, or someone already registered.
  for (const { row, practitioner } of byHandle.values()) {
    if (row.managerHandle === undefined) continue;
    const manager = byHandle.get(row.managerHandle)?.practitioner ?? (await ctx.repos.practitioners.findByHandle(row.managerHandle));
    if (manager) practitioner.managerId = manager.id;
    else problems.push({ line: row.line, message: `manager not found: @${row.managerHandle} is neither in the file nor registered` });
  }

  const plan: Plan = { adds: [], updates: [], unchanged: [], problems: problems.sort((a, b) => a.line - b.line) };
  for (const { existing, practitioner } of byHandle.values()) {
    if (existing === null) plan.adds.push(practitioner);
    else if (changed(existing, practitioner)) plan.updates.push(practitioner);
    else plan.unchanged.push(practitioner);
  }
  return plan;
}

function newPractitioner(ctx: UseCaseContext, row: StaffRow, problem: (message: string) => void): Practitioner {
  for (const field of ["name", "role", "agency"] as const) {
    if (!row.given.includes(field)) problem(`missing ${field}: a new practitioner needs a name, role and agency`);
  }
  return blankPractitioner(ctx, row.handle);
}

function changed(a: Practitioner, b: Practitioner): boolean {
  return (
    a.name !== b.name ||
    a.role !== b.role ||
    a.agency !== b.agency ||
    a.employment !== b.employment ||
    a.dbsCheckedOn !== b.dbsCheckedOn ||
    a.qualifiedOn !== b.qualifiedOn ||
    a.managerId !== b.managerId ||
    (a.chat.slack ?? null) !== (b.chat.slack ?? null) ||
    (a.chat.teams ?? null) !== (b.chat.teams ?? null)
  );
}

function report(title: string, plan: Plan, extra: ReportView["rows"]): ReportView {
  const rows: ReportView["rows"] = [
    { label: "To add", value: String(plan.adds.length) },
    { label: "To update", value: String(plan.updates.length) },
    { label: "Unchanged", value: String(plan.unchanged.length) },
  ];
  if (plan.adds.length) rows.push({ label: "Added", value: handles(plan.adds) });
  if (plan.updates.length) rows.push({ label: "Updated", value: handles(plan.updates) });
  return { type: "report", title, caseRef: null, rows: [...rows, ...extra], file: null };
}

function dryRunView(plan: Plan): ReportView {
  const view = report("Practitioner import checked: no problems", plan, [
    { label: "Nothing written yet", value: "This was a dry run. Send the same command with --apply to write it." },
  ]);
  return { ...view, rows: view.rows.map((r) => (r.label === "Added" ? { ...r, label: "Would add" } : r.label === "Updated" ? { ...r, label: "Would update" } : r)) };
}

function problemsView(plan: Plan, applying: boolean): ReportView {
  const n = plan.problems.length;
  const title = `Practitioner import: ${n} problem${n === 1 ? "" : "s"}, nothing written`;
  const shown = plan.problems.slice(0, PROBLEMS_SHOWN).map((p) => ({ label: `Line ${p.line}`, value: p.message }));
  const more = n > PROBLEMS_SHOWN ? [{ label: "More", value: `${n - PROBLEMS_SHOWN} more problems: every one is in the CSV file that follows.` }] : [];
  const next = { label: "Next", value: `Fix the lines above and send the file again${applying ? "" : " (a dry run first, then --apply)"}; nothing is written while any problem remains.` };
  return {
    type: "report",
    title,
    caseRef: null,
    rows: [
      { label: "Rows that would add", value: String(plan.adds.length) },
      { label: "Rows that would update", value: String(plan.updates.length) },
      { label: "Rows unchanged", value: String(plan.unchanged.length) },
      ...shown,
      ...more,
      next,
    ],
    file: more.length ? { filename: "practitioner-import-problems.csv", content: toCsv([["Line", "Problem"], ...plan.problems.map((p) => [p.line, p.message])]) } : null,
  };
}

function handles(ps: readonly Practitioner[]): string {
  const listed = ps.slice(0, HANDLES_SHOWN).map((p) => `@${p.handle}`).join(", ");
  return ps.length > HANDLES_SHOWN ? `${listed} and ${ps.length - HANDLES_SHOWN} more` : listed;
}
