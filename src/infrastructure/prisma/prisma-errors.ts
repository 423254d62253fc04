// Database errors the layers above may want to tell apart. Through the pg driver adapter, Postgres
// errors reach us either as PrismaClientKnownRequestError (P2002 …) with the driver's error in
// `meta.driverAdapterError`, or as a bare DriverAdapterError; both carry the SQLSTATE.
import { DomainError } from "../../domain/errors.js";
import { Prisma } from "../../generated/prisma/client.js";

/**
 * A unique constraint refused a write, almost always because another request got there first:
 * two proposals opened on one case at the same moment, a handle registered twice. The use-case
 * layer can answer "someone else just did that; look again and retry" instead of an apology.
 * It is a DomainError, so every adapter shows its message and the refusal is audited like any other.
 */
export class UniqueConflictError extends DomainError {
  constructor(
    /** Prisma model, e.g. "Proposal"; null when the driver did not say. */
    readonly model: string | null,
    /** Database columns of the violated constraint, e.g. ["case_id", "open_slot"]. */
    readonly fields: readonly string[],
    options?: { cause?: unknown },
  ) {
    super("conflict", "Someone else just changed this. Please check the latest state and try again.");
    this.name = "UniqueConflictError";
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }

  /** True for the database's "one open proposal per case" rule. */
  get isOpenProposalConflict(): boolean {
    return this.model === "Proposal" && this.fields.includes("open_slot");
  }
}

export const isUniqueConflictError = (error: unknown): error is UniqueConflictError => error instanceof UniqueConflictError;

interface DriverCause {
  originalCode?: string;
  code?: string;
  kind?: string;
  constraint?: { fields?: string[] };
}

function driverCause(error: unknown): DriverCause | null {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const meta = error.meta as { driverAdapterError?: { cause?: DriverCause } } | undefined;
    return meta?.driverAdapterError?.cause ?? null;
  }
  if (error instanceof Error && error.name === "DriverAdapterError") {
    return ((error as { cause?: DriverCause }).cause ?? null) as DriverCause | null;
  }
  return null;
}

/** The Postgres SQLSTATE behind an error, when there is one. */
export function sqlState(error: unknown): string | null {
  const cause = driverCause(error);
  return cause?.originalCode ?? cause?.code ?? null;
}

/** Deadlocks and serialization failures: the whole transaction may simply be run again. */
export function isTransientTransactionError(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2034") return true;
  const state = sqlState(error);
  return state === "40001" || state === "40P01";
}

/** Replaces a unique violation with UniqueConflictError; anything else is returned unchanged. */
export function translatePrismaError(error: unknown): unknown {
  const isP2002 = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
  if (!isP2002 && sqlState(error) !== "23505") return error;
  const meta = error instanceof Prisma.PrismaClientKnownRequestError ? (error.meta as { modelName?: string; target?: unknown }) : undefined;
  const target = Array.isArray(meta?.target) ? (meta.target as string[]) : typeof meta?.target === "string" ? [meta.target] : [];
  const fields = driverCause(error)?.constraint?.fields ?? target;
  return new UniqueConflictError(meta?.modelName ?? null, fields, { cause: error });
}
