// A pg client emits 'error' when its connection dies (Postgres restarted, a failover, a network
// cut). pg's pool listens only while the client is idle in the pool; the driver adapter only
// during a transaction. A client checked out in between has no listener at that moment, and an
// 'error' event nobody listens to ends the process: a database restart under load once took the
// whole server down. Every client gets a listener of its own for its whole life; the query it was
// running still fails (and its command answers with the apology), and the pool drops the client.
import type { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";

export function survivingConnectionErrors(factory: PrismaPg, onError: (error: Error) => void): PrismaPg {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    const pool = adapter.underlyingDriver() as pg.Pool;
    pool.on("connect", (client) => {
      client.on("error", onError);
    });
    return adapter;
  };
  return factory;
}
