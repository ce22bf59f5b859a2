import Database from "better-sqlite3";
import pg from "pg";
import Cursor from "pg-cursor";
import { engine } from "./engine.server";
import { databaseUrl } from "./paths.server";
import { dialectOf, type Dialect } from "./sql-dialect.server";
import { timed, timedSync } from "./sql-time.server";
import { statementCache } from "./statement-cache.server";

/**
 * A read-only connection of its own, for work that must not run on the web server's event loop or
 * wait behind its writes: the workers open one, and the pages' hottest reads use one (reads.server.ts).
 * It reads the last committed state and never blocks a writer. One interface on both engines, so a
 * statement is written once (with sql-dialect.server.ts for what differs); values come back as
 * SQLite holds them on both: booleans 0 or 1, times as ISO text with +00:00, counts as numbers.
 */
export interface ReadConnection {
  readonly dialect: Dialect;
  /** Every row, as objects; `?` placeholders. */
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** The rows `size` at a time, never all held at once; as objects, or as arrays of values in column order. */
  batches<T>(sql: string, params: readonly unknown[], size: number, shape?: "objects" | "arrays"): AsyncGenerator<T[]>;
  /** Hands each row to `visit` as it is read (SQLite: none held past its visit, so a million pass through the young heap). */
  forEach<T>(sql: string, params: readonly unknown[], visit: (row: T) => void): Promise<void>;
  /** Runs `work` on one snapshot of the database, over a connection that sees only it. */
  snapshot<T>(work: (snapshot: ReadConnection) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A ReadConnection on the database DATABASE_URL names: SQLite under DATA_DIR when it names none. */
export function openReadConnection(options: { pool?: number } = {}): ReadConnection {
  return engine() === "postgres" ? new PostgresRead(process.env.DATABASE_URL!, options.pool ?? 1) : new SQLiteRead(openSQLite());
}

/** The SQLite file read-only (better-sqlite3), for the code that reads SQLite alone (backup, verification). */
export function openSQLite(file = databaseUrl().replace(/^file:/, "")): Database.Database {
  const connection = new Database(file, { readonly: true, fileMustExist: true });
  connection.pragma("busy_timeout = 5000");
  return connection;
}

// The statements a page runs are few (a few hundred queue filters): each is prepared once; this only bounds a mistake.
const MAX_STATEMENTS = 1000;

/** One queue of work for a connection: a snapshot holds it from BEGIN to COMMIT. */
function serialised() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => {});
    return run;
  };
}

export class SQLiteRead implements ReadConnection {
  readonly dialect = dialectOf("sqlite");
  private readonly exclusive = serialised();

  private readonly prepared: (sql: string) => Database.Statement;

  constructor(readonly connection: Database.Database) {
    this.prepared = statementCache(connection, MAX_STATEMENTS);
  }

  /** The rows at once, for callers that cannot wait (the same rows `all` gives). */
  allNow<T>(sql: string, params: readonly unknown[] = []): T[] {
    const statement = this.prepared(sql);
    return timedSync(() => statement.all(...params) as T[]);
  }

  all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      return Promise.resolve(this.allNow<T>(sql, params));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async *batches<T>(sql: string, params: readonly unknown[], size: number, shape: "objects" | "arrays" = "objects"): AsyncGenerator<T[]> {
    // A statement of its own: raw() changes the statement, and an iterator holds it until the end.
    const statement = this.connection.prepare(sql).raw(shape === "arrays");
    let batch: T[] = [];
    for (const row of statement.iterate(...params) as IterableIterator<T>) {
      batch.push(row);
      if (batch.length < size) continue;
      yield batch;
      batch = [];
    }
    if (batch.length) yield batch;
  }

  forEach<T>(sql: string, params: readonly unknown[], visit: (row: T) => void): Promise<void> {
    try {
      for (const row of this.connection.prepare(sql).iterate(...params) as IterableIterator<T>) visit(row);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  snapshot<T>(work: (snapshot: ReadConnection) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      this.connection.exec("BEGIN");
      try {
        return await work(this);
      } finally {
        this.connection.exec("COMMIT");
      }
    });
  }

  close() {
    this.connection.close();
    return Promise.resolve();
  }
}

/**
 * How PostgreSQL's values come back: as SQLite's, so that one row mapping serves both. Counts and
 * sums (bigint, numeric) as numbers (they are far below 2^53); booleans as 1 and 0; a timestamp(3)
 * (UTC, no zone) as the ISO text Prisma writes to SQLite; JSON as its text.
 */
const { builtins } = pg.types;
const asText = (value: string) => value;
const asNumber = (value: string) => Number(value);
const SQLITE_FORMS = new Map<number, (value: string) => unknown>([
  [builtins.INT8, asNumber],
  [builtins.NUMERIC, asNumber],
  [builtins.BOOL, (value) => (value === "t" ? 1 : 0)],
  [builtins.TIMESTAMP, (value) => new Date(`${value.replace(" ", "T")}Z`).toISOString().replace("Z", "+00:00")],
  [builtins.JSON, asText],
  [builtins.JSONB, asText],
]);
export const asSQLite: pg.CustomTypesConfig = {
  // The driver's own parser for every other type (text, integers, doubles).
  getTypeParser: ((oid: number) =>
    SQLITE_FORMS.get(oid) ?? (pg.types.getTypeParser(oid, "text") as (value: string) => unknown)) as pg.CustomTypesConfig["getTypeParser"],
};

export class PostgresRead implements ReadConnection {
  readonly dialect = dialectOf("postgres");
  private readonly pool: pg.Pool;
  /** Set on the copy a snapshot hands its work: every query goes to the snapshot's connection. */
  private client: pg.PoolClient | null = null;

  constructor(url: string, size: number) {
    // Read-only as SQLite's read connection is: a mistaken write fails rather than bypassing the app.
    // No JIT: the export's and the index's statements look costly to the planner, and compiling them
    // took seconds before the first row (2.6-4.1 s at 100,000 complaints) for no gain in the scan.
    const options = "-c default_transaction_read_only=on -c jit=off";
    this.pool = new pg.Pool({ connectionString: url, max: size, types: asSQLite, options });
  }

  private async query<T>(sql: string, params: readonly unknown[]) {
    const text = this.dialect.numbered(sql);
    const on = this.client ?? this.pool;
    return timed(() => on.query({ text, values: params as unknown[] })).then((result) => result.rows as T[]);
  }

  all<T>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.query<T>(sql, params);
  }

  async *batches<T>(sql: string, params: readonly unknown[], size: number, shape: "objects" | "arrays" = "objects"): AsyncGenerator<T[]> {
    const client = this.client ?? (await this.pool.connect());
    const cursor = client.query(
      new Cursor<T>(this.dialect.numbered(sql), params as unknown[], { types: asSQLite, ...(shape === "arrays" ? { rowMode: "array" } : {}) }),
    );
    try {
      for (;;) {
        const rows = await cursor.read(size);
        if (!rows.length) return;
        yield rows;
      }
    } finally {
      await cursor.close();
      if (client !== this.client) client.release();
    }
  }

  async forEach<T>(sql: string, params: readonly unknown[], visit: (row: T) => void): Promise<void> {
    for await (const rows of this.batches<T>(sql, params, 5_000)) for (const row of rows) visit(row);
  }

  async snapshot<T>(work: (snapshot: ReadConnection) => Promise<T>): Promise<T> {
    if (this.client) return work(this);
    const client = await this.pool.connect();
    const bound = Object.create(this) as PostgresRead;
    bound.client = client;
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const result = await work(bound);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  close() {
    return this.pool.end();
  }
}
