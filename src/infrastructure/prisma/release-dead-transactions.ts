// Prisma 6.19 ends an interactive transaction by sending COMMIT or ROLLBACK and only then hands
// the connection back to the pool. When the connection has died mid-transaction (a failover, a
// network cut, pg_terminate_backend) that statement throws, the hand-back is skipped, and the
// pool slot is lost for good: after `poolSize` such drops every command waits for a connection
// that never comes, and $disconnect() hangs. Here a failed COMMIT or ROLLBACK still releases the
// connection; pg's pool sees it is dead and discards it instead of reusing it.
import type { PrismaPg } from "@prisma/adapter-pg";

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type Tx = Awaited<ReturnType<Adapter["startTransaction"]>>;

const ENDS = new Set(["COMMIT", "ROLLBACK"]);

function releaseWhenEndFails(tx: Tx): Tx {
  const executeRaw = tx.executeRaw.bind(tx);
  tx.executeRaw = async (query) => {
    try {
      return await executeRaw(query);
    } catch (error) {
      // rollback() only releases the connection (the statement itself already failed).
      if (ENDS.has(query.sql)) await tx.rollback().catch(() => undefined);
      throw error;
    }
  };
  return tx;
}

function patch(adapter: Adapter): Adapter {
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => releaseWhenEndFails(await startTransaction(isolationLevel));
  return adapter;
}

/** The same factory, whose adapters release the connection of a transaction that could not end. */
export function releasingDeadTransactions(factory: PrismaPg): PrismaPg {
  const connect = factory.connect.bind(factory);
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connect = async () => patch(await connect());
  factory.connectToShadowDb = async () => patch(await connectToShadowDb());
  return factory;
}
