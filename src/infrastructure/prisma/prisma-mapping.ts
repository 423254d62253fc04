// Conversions shared by the repositories between database rows and domain values.
import type { ChatChannels } from "../../domain/types.js";

// Domain unions are kebab-case ("early-help"); Prisma enum members cannot contain "-", so the
// schema names them snake_case and maps each to the exact domain string in the database
// (`early_help @map("early-help")`). These types make the compiler check both directions: a
// domain value Prisma does not know, or a database value the domain does not know, fails tsc.
type Snake<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Snake<B>}` : S;
type Kebab<S extends string> = S extends `${infer A}_${infer B}` ? `${A}-${Kebab<B>}` : S;

export const toDbEnum = <S extends string>(value: S): Snake<S> => value.replaceAll("-", "_") as Snake<S>;
export const fromDbEnum = <S extends string>(value: S): Kebab<S> => value.replaceAll("_", "-") as Kebab<S>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-11-23" → the Date Prisma expects for a `date` column (midnight UTC). */
export function toDbDate(iso: string): Date {
  const date = new Date(`${iso}T00:00:00.000Z`);
  if (!ISO_DATE.test(iso) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) {
    throw new RangeError(`not an ISO calendar date: ${JSON.stringify(iso)}`);
  }
  return date;
}

export const toDbDateOrNull = (iso: string | null): Date | null => (iso === null ? null : toDbDate(iso));

/** A `date` column comes back as midnight UTC; the domain wants the calendar date itself. */
export const fromDbDate = (date: Date): string => date.toISOString().slice(0, 10);
export const fromDbDateOrNull = (date: Date | null): string | null => (date === null ? null : fromDbDate(date));

/** Only platforms with an id are present, the way the domain writes `{ slack: "C123" }`. */
export function channelsFromColumns(slack: string | null, teams: string | null, playground: string | null): ChatChannels {
  const channels: ChatChannels = {};
  if (slack !== null) channels.slack = slack;
  if (teams !== null) channels.teams = teams;
  if (playground !== null) channels.playground = playground;
  return channels;
}

/** A row that breaks an invariant the schema cannot express (e.g. "prefers" without a name). */
export function corrupt(table: string, id: string, problem: string): Error {
  return new Error(`${table} ${id}: ${problem}`);
}

/** What a uuid column accepts: ids from elsewhere (a deadline, a card) are checked before a query. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
