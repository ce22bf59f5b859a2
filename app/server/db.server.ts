import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import type { IsolationLevel, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import type * as PostgresClient from ".prisma/postgres-client";
import { Mutex } from "async-mutex";
import { createRequire } from "node:module";
import { engine } from "./engine.server";
import { databaseUrl, restrictDataFiles } from "./paths.server";
import { timed } from "./sql-time.server";

/**
 * Set on the connection before Prisma runs its first query. WAL lets readers go on while a
 * filing is written; synchronous = FULL syncs the WAL at every commit, so a receipt that was
 * sent survives a power cut, not only a crash; busy_timeout waits for another process (a
 * backup, a command-line script) instead of failing at once.
 */
export const CONNECTION_PRAGMAS = { journal_mode: "wal", synchronous: 2, busy_timeout: 5000, foreign_keys: 1 } as const;

const PRAGMA_SCRIPT = Object.entries(CONNECTION_PRAGMAS)
  .map(([name, value]) => `PRAGMA ${name} = ${value};`)
  .join("\n");

/**
 * better-sqlite3 is one connection, and SQLite's transactions belong to the connection: while
 * an interactive transaction is open, any other query on it runs inside that transaction (it
 * reads uncommitted rows, and is undone by its rollback). So every query outside a transaction
 * waits for the open transaction to end, and transactions run one at a time. Transactions
 * begin IMMEDIATE, so they take SQLite's write lock at once and wait (busy_timeout) for
 * another process rather than failing halfway. See docs/decisions/009-serialised-transactions.md.
 */
class SerialisedAdapter implements SqlDriverAdapter {
  readonly provider;
  readonly adapterName;
  readonly getConnectionInfo;
  private readonly lock = new Mutex();

  constructor(private readonly connection: SqlDriverAdapter) {
    this.provider = connection.provider;
    this.adapterName = connection.adapterName;
    this.getConnectionInfo = connection.getConnectionInfo?.bind(connection);
  }

  queryRaw(query: SqlQuery) {
    return this.lock.runExclusive(() => timed(() => this.connection.queryRaw(query)));
  }

  executeRaw(query: SqlQuery) {
    return this.lock.runExclusive(() => timed(() => this.connection.executeRaw(query)));
  }

  executeScript(script: string) {
    return this.lock.runExclusive(() => this.connection.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    // SQLite transactions are serialisable; Prisma asks for nothing else of this provider.
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") throw new Error(`isolation level ${isolationLevel} is not supported`);
    const release = await this.lock.acquire();
    try {
      await this.connection.executeScript("BEGIN IMMEDIATE");
    } catch (error) {
      release();
      throw error;
    }
    // Prisma sends COMMIT or ROLLBACK through the transaction, then calls commit() or rollback().
    const connection = this.connection;
    let open = true;
    const end = () => {
      if (open) release();
      open = false;
      return Promise.resolve();
    };
    return {
      provider: this.provider,
      adapterName: this.adapterName,
      options: { usePhantomQuery: false },
      queryRaw: (query) => timed(() => connection.queryRaw(query)),
      executeRaw: (query) => timed(() => connection.executeRaw(query)),
      commit: end,
      rollback: end,
    };
  }

  dispose() {
    return this.lock.runExclusive(() => this.connection.dispose());
  }
}

class SerialisedSQLite implements SqlDriverAdapterFactory {
  readonly provider = "sqlite";
  readonly adapterName = "collection-watch-serialised-better-sqlite3";
  private readonly factory: PrismaBetterSQLite3;

  constructor(url: string) {
    this.factory = new PrismaBetterSQLite3({ url, timeout: CONNECTION_PRAGMAS.busy_timeout });
  }

  async connect(): Promise<SqlDriverAdapter> {
    restrictDataFiles();
    const connection = await this.factory.connect();
    await connection.executeScript(PRAGMA_SCRIPT);
    return new SerialisedAdapter(connection);
  }
}

/**
 * PostgreSQL's connections: a pool, each query timed for SERVER_TIMING as SQLite's are. Transactions
 * run side by side under READ COMMITTED; what must not interleave (the audit chain, codes, attempt
 * counts) takes its own advisory lock (concurrency.server.ts, docs/decisions/023).
 */
class TimedPostgres implements SqlDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "collection-watch-timed-pg";
  private readonly factory: PrismaPg;

  constructor(connectionString: string, max: number) {
    // No JIT, as on the read connection: these are short statements, and one whose estimated cost passes
    // jit_above_cost (a count or a scan at millions of rows, a misestimate) would be compiled for tens of
    // milliseconds first. At 100,000 complaints none of them reaches it (the highest estimate 5,548 of 100,000).
    this.factory = new PrismaPg({ connectionString, max, options: "-c jit=off" });
  }

  async connect(): Promise<SqlDriverAdapter> {
    const connection = await this.factory.connect();
    const timedQueries = (queryable: Pick<SqlDriverAdapter, "queryRaw" | "executeRaw">) => {
      const { queryRaw, executeRaw } = queryable;
      queryable.queryRaw = (query) => timed(() => queryRaw.call(queryable, query));
      queryable.executeRaw = (query) => timed(() => executeRaw.call(queryable, query));
    };
    timedQueries(connection);
    const startTransaction = connection.startTransaction.bind(connection);
    connection.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      timedQueries(transaction);
      return transaction;
    };
    return connection;
  }
}

/** Connections per process; PostgreSQL's max_connections (100 by default) bounds them over all instances. */
export function postgresPoolSize(): number {
  const size = Number(process.env.PG_POOL_SIZE ?? 10);
  if (!Number.isInteger(size) || size < 1) throw new Error(`PG_POOL_SIZE must be a whole number above 0, not ${process.env.PG_POOL_SIZE}`);
  return size;
}

function connect(): PrismaClient {
  if (engine() === "postgres") {
    // The client generated from prisma/postgres/schema.prisma has the same models and methods as SQLite's.
    // Required, not imported: the build would bundle it (its name starts with a dot) away from its engine files.
    const { PrismaClient: PostgresPrismaClient } = createRequire(import.meta.url)(".prisma/postgres-client") as typeof PostgresClient;
    const client = new PostgresPrismaClient({
      adapter: new TimedPostgres(databaseUrl(), postgresPoolSize()),
      transactionOptions: { maxWait: 15_000, timeout: 15_000 },
    });
    return client as unknown as PrismaClient;
  }
  return new PrismaClient({
    adapter: new SerialisedSQLite(databaseUrl()),
    // Transactions queue behind one another: give them time to get their turn.
    transactionOptions: { maxWait: 15_000, timeout: 15_000 },
  });
}

// One client for the process, kept across development rebuilds.
const globalForDb = globalThis as unknown as { __db?: PrismaClient };
export const db = (globalForDb.__db ??= connect());

/** The connection's settings as the database reports them, for the health check and its test. */
export async function connectionSettings() {
  if (engine() === "postgres") {
    const settings: Record<string, unknown> = { engine: "postgres", pool_size: postgresPoolSize() };
    for (const name of ["server_version", "synchronous_commit", "default_transaction_isolation", "TimeZone", "jit"]) {
      const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SHOW ${name}`);
      settings[name.toLowerCase()] = Object.values(row ?? {})[0];
    }
    return settings;
  }
  const read = async (name: keyof typeof CONNECTION_PRAGMAS) => {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`);
    const value = Object.values(rows[0] ?? {})[0];
    return typeof value === "bigint" ? Number(value) : value;
  };
  const settings: Record<string, unknown> = {};
  for (const name of Object.keys(CONNECTION_PRAGMAS) as (keyof typeof CONNECTION_PRAGMAS)[]) settings[name] = await read(name);
  return settings;
}
