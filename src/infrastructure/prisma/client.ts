// Builds the Prisma client the repositories run on. Prisma runs without Rust engines here: the
// generated client compiles queries in JavaScript/wasm and sends them through the pg driver
// adapter, so nothing has to be downloaded at install or run time.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../../generated/prisma/client.js";
import { survivingConnectionErrors } from "./connection-errors.js";
import { releasingDeadTransactions } from "./release-dead-transactions.js";

export { PrismaClient };

/** What a repository queries through: the root client or the client of one transaction. */
export type Db = Prisma.TransactionClient;

export interface PrismaClientOptions {
  /**
   * Connections in the pg pool. Ten matches pg's default and leaves room on a default Postgres
   * (max_connections 100) for the worker, migrations and a psql session; raise it with care.
   */
  poolSize?: number;
  /** Told when a pooled connection dies (the query it ran fails on its own); default: nothing more. */
  onConnectionError?: (error: Error) => void;
}

export function createPrismaClient(databaseUrl: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = survivingConnectionErrors(releasingDeadTransactions(new PrismaPg({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    // Fail a request that cannot get a connection instead of hanging the chat acknowledgement.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  })), options.onConnectionError ?? (() => undefined));
  return new PrismaClient({ adapter });
}
