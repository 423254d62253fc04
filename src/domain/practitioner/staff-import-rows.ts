// What one line of a staff CSV says, checked on its own: the header's columns, then each row's
// handle, name, role, agency, dates, employment and chat ids, with the same rules as
// `practitioner add` (handle form, the role and employment lists, name and agency lengths).
// Whether a handle or chat id is already someone else's needs the register: see
// import-practitioners.ts.
import { practitionerFields } from "../commands.js";
import { isValidIsoDate } from "../rules/date-expressions.js";
import { EMPLOYMENT_TYPES, ROLES, type EmploymentType, type Role } from "../types.js";
import type { CsvProblem, CsvRecord } from "./csv-records.js";
import { HANDLE } from "./register-practitioner.js";

export const MAX_IMPORT_ROWS = 500;

export const IMPORT_COLUMNS = ["handle", "name", "role", "agency", "manager", "dbs", "qualified", "employment", "slack_id", "teams_aad_id", "email"] as const;
export type Column = (typeof IMPORT_COLUMNS)[number];

const COLUMN_ALIASES: ReadonlyMap<string, Column> = new Map([
  ["slack", "slack_id"],
  ["slack_user_id", "slack_id"],
  ["teams", "teams_aad_id"],
  ["aad_id", "teams_aad_id"],
  ["aad_object_id", "teams_aad_id"],
  ["dbs_check", "dbs"],
  ["dbs_date", "dbs"],
  ["qualified_on", "qualified"],
  ["qualification", "qualified"],
]);

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;
const AAD_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UK_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** One row as the file gives it; an absent value (empty cell or no column) leaves that detail as it is. */
export interface StaffRow {
  line: number;
  /** Columns with a value, valid or not: a bad role is reported as bad, not also as missing. */
  given: readonly Column[];
  handle: string;
  name?: string;
  role?: Role;
  agency?: string;
  managerHandle?: string;
  dbs?: string;
  qualified?: string;
  employment?: EmploymentType;
  slackId?: string;
  teamsAadId?: string;
}

export interface StaffRows {
  /** Every row with a readable handle, including those with problems in other cells. */
  rows: StaffRow[];
  problems: CsvProblem[];
}

/** `today` (ISO) rules out dates in the future, as `practitioner add` does. */
export function readStaffRows(records: readonly CsvRecord[], today: string): StaffRows {
  const [header, ...body] = records;
  if (header === undefined) return { rows: [], problems: [{ line: 1, message: "the file is empty: start with a header row, e.g. handle,name,role,agency" }] };
  const columns = readHeader(header);
  if ("problems" in columns) return { rows: [], problems: columns.problems };
  if (body.length === 0) return { rows: [], problems: [{ line: header.line, message: "there are no rows under the header" }] };
  if (body.length > MAX_IMPORT_ROWS) {
    return { rows: [], problems: [{ line: body[MAX_IMPORT_ROWS]!.line, message: `too many rows: ${body.length}; the most one import takes is ${MAX_IMPORT_ROWS}, so split the file` }] };
  }
  const rows: StaffRow[] = [];
  const problems: CsvProblem[] = [];
  for (const record of body) {
    const read = readRow(record, columns.order, today);
    problems.push(...read.problems.map((message) => ({ line: record.line, message })));
    // A row with a bad cell still goes on to the register's checks (is its manager there?), so
    // one pass finds every problem; it is never written, since any problem stops the import.
    if (read.row !== null) rows.push(read.row);
  }
  return { rows, problems };
}

function readHeader(header: CsvRecord): { order: (Column | null)[] } | { problems: CsvProblem[] } {
  const problems: string[] = [];
  const seen = new Set<Column>();
  const order = header.cells.map((raw): Column | null => {
    const name = raw.trim().toLowerCase().replace(/[\s-]+/g, "_");
    const column = (IMPORT_COLUMNS as readonly string[]).includes(name) ? (name as Column) : COLUMN_ALIASES.get(name);
    if (column === undefined) {
      problems.push(`the header has an unknown column "${raw.trim()}"; the columns are ${IMPORT_COLUMNS.join(", ")}`);
      return null;
    }
    if (seen.has(column)) problems.push(`the header names the column ${column} twice`);
    seen.add(column);
    return column;
  });
  if (!seen.has("handle")) problems.push("the header has no handle column; every row needs a handle");
  return problems.length ? { problems: problems.map((message) => ({ line: header.line, message })) } : { order };
}

function readRow(record: CsvRecord, order: readonly (Column | null)[], today: string): { row: StaffRow | null; problems: string[] } {
  if (record.cells.length !== order.length) {
    const problems = [`malformed row: it has ${record.cells.length} cell${record.cells.length === 1 ? "" : "s"} and the header has ${order.length}`];
    return { row: null, problems };
  }
  const cell = new Map<Column, string>();
  order.forEach((column, i) => {
    const value = record.cells[i]!.trim();
    if (column !== null && value !== "") cell.set(column, value);
  });
  const problems: string[] = [];
  const row: StaffRow = { line: record.line, given: [...cell.keys()], handle: "" };

  const handle = cell.get("handle")?.replace(/^@/, "").toLowerCase();
  if (handle === undefined) problems.push("missing handle");
  else if (!HANDLE.test(handle)) problems.push(`"${handle}" is not a handle: use letters, digits, dots, dashes and underscores, e.g. sam.patel`);
  else row.handle = handle;

  for (const field of ["name", "agency"] as const) {
    const value = cell.get(field);
    if (value === undefined) continue;
    if (practitionerFields.shape[field].safeParse(value).success) row[field] = value;
    else problems.push(`the ${field} is longer than 120 characters`);
  }

  const role = choice(cell.get("role"), ROLES);
  if (role === null) problems.push(`unknown role "${cell.get("role")}"; use one of ${ROLES.join(", ")}`);
  else if (role !== undefined) row.role = role;

  const employment = choice(cell.get("employment"), EMPLOYMENT_TYPES);
  if (employment === null) problems.push(`unknown employment "${cell.get("employment")}"; use one of ${EMPLOYMENT_TYPES.join(", ")}`);
  else if (employment !== undefined) row.employment = employment;

  for (const [field, what] of [["dbs", "DBS check date"], ["qualified", "qualification date"]] as const) {
    const raw = cell.get(field);
    if (raw === undefined) continue;
    const date = isoDate(raw);
    if (date === null) problems.push(`bad ${what} "${raw}": write it as YYYY-MM-DD (or DD/MM/YYYY), e.g. 2025-03-14`);
    else if (date > today) problems.push(`the ${what} ${date} is in the future`);
    else row[field] = date;
  }

  const manager = cell.get("manager")?.replace(/^@/, "").toLowerCase();
  if (manager !== undefined) {
    if (!HANDLE.test(manager)) problems.push(`the manager "${manager}" is not a handle, e.g. alex.morgan`);
    else if (manager === row.handle) problems.push("a practitioner can't be their own manager");
    else row.managerHandle = manager;
  }

  const slack = cell.get("slack_id")?.toUpperCase();
  if (slack !== undefined) {
    if (SLACK_USER_ID.test(slack)) row.slackId = slack;
    else problems.push(`"${cell.get("slack_id")}" is not a Slack user id (it looks like U0123ABCD)`);
  }
  const teams = cell.get("teams_aad_id")?.toLowerCase();
  if (teams !== undefined) {
    if (AAD_OBJECT_ID.test(teams)) row.teamsAadId = teams;
    else problems.push(`"${cell.get("teams_aad_id")}" is not a Teams user's Azure AD object id (a GUID)`);
  }
  const email = cell.get("email");
  if (email !== undefined) {
    // Neither platform tells a bot which chat user owns an address, so an address alone links nobody.
    // Beside a chat id it is only the sender's own note: leadbot keeps no addresses.
    if (slack === undefined && teams === undefined) problems.push("an email alone can't be matched to a chat user: give slack_id or teams_aad_id");
  }
  return { row: row.handle === "" ? null : row, problems };
}

/** Like `--role social worker`: case, spaces and underscores do not matter. undefined: not given; null: not one of them. */
function choice<T extends string>(raw: string | undefined, choices: readonly T[]): T | undefined | null {
  if (raw === undefined) return undefined;
  const word = raw.toLowerCase().replace(/[\s_]+/g, "-");
  return choices.find((c) => c === word) ?? null;
}

function isoDate(raw: string): string | null {
  const uk = UK_DATE.exec(raw);
  const iso = uk ? `${uk[3]}-${uk[2]!.padStart(2, "0")}-${uk[1]!.padStart(2, "0")}` : raw;
  return isValidIsoDate(iso) ? iso : null;
}
