import Database from "better-sqlite3";
import { once } from "node:events";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { postgresLockStatement, type Lock } from "./concurrency.server";
import { copyField } from "./copy-text.server";
import { CONNECTION_PRAGMAS } from "./db.server";
import { engine, type Engine } from "./engine.server";
import { databaseUrl, restrictDataFiles } from "./paths.server";
import { asSQLite } from "./read-connection.server";
import { numberPlaceholders } from "./sql-dialect.server";
import { statementCache } from "./statement-cache.server";

/** A value as the bulk jobs give it; each engine stores it as Prisma does there. */
export type BulkValue = string | number | boolean | Date | null;
export type BulkRow = BulkValue[];

/**
 * One batch's transaction, on either engine (decision 026). Statements are one text for both
 * (names double-quoted, `?` placeholders); rows come back as SQLite gives them.
 */
export interface BulkTransaction {
  all<T>(sql: string, params?: BulkValue[]): Promise<T[]>;
  run(sql: string, params?: BulkValue[]): Promise<void>;
  /** `count` new values of a table's "id", in order. */
  newIds(table: "Complaint" | "Event", count: number): Promise<number[]>;
  /** Waits until no one else holds the lock (on PostgreSQL; SQLite's batch holds the one write lock); held until the batch ends. */
  lock(name: Lock): Promise<void>;
  /** Adds the rows, values in the columns' order. */
  insert(table: string, columns: readonly string[], rows: BulkRow[]): Promise<void>;
}

/** A command-line job's own write connection (seed:demo, import:cfpb): one transaction per batch, many rows at once. */
export interface BulkWriter {
  readonly engine: Engine;
  /** SQLite's connection, for what only SQLite does (scripts/seed/seed-indexes.ts); none on PostgreSQL. */
  readonly sqlite?: Database.Database;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: BulkTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The bulk writer of the database DATABASE_URL names: SQLite under DATA_DIR when it names none. */
export async function openBulkWriter(): Promise<BulkWriter> {
  return engine() === "postgres" ? PostgresBulk.open(databaseUrl()) : new SQLiteBulk(openBulkConnection());
}

/**
 * SQLite's write connection for bulk jobs: prepared statements in one transaction per batch,
 * without Prisma's cost per row. Its transactions begin IMMEDIATE and stay short (a batch), so a
 * server running on the same DATA_DIR waits at most one batch for its own writes (within its
 * busy_timeout). The connection's settings are the app's but these: synchronous = NORMAL (in WAL
 * mode a power cut can lose the last batches, never corrupt the file or split one: the jobs write
 * them again); a page cache large enough to keep the indexes in memory; pages read through mmap
 * rather than a read() each; and a checkpoint every ~200 MB of WAL instead of every 4 MB. The
 * indexes on hashes and dates take keys all over the file, so each batch dirties a page per row: at
 * the default, every batch was checkpointed into the file on its own; now a page that several
 * batches change is copied once. Measured on 200,000 seeded complaints' rows: 44% less CPU.
 */
export function openBulkConnection(file = databaseUrl().replace(/^file:/, "")): Database.Database {
  restrictDataFiles();
  const connection = new Database(file, { fileMustExist: true, timeout: CONNECTION_PRAGMAS.busy_timeout });
  for (const [name, value] of Object.entries(CONNECTION_PRAGMAS)) connection.pragma(`${name} = ${value}`);
  connection.pragma("synchronous = NORMAL");
  connection.pragma("cache_size = -1048576");
  connection.pragma("mmap_size = 4294967296");
  connection.pragma("wal_autocheckpoint = 50000");
  return connection;
}

/** A date as Prisma stores it in SQLite: ISO text with "+00:00". */
export function sqlDate(date: Date): string;
export function sqlDate(date: Date | null): string | null;
export function sqlDate(date: Date | null): string | null {
  return date ? date.toISOString().replace("Z", "+00:00") : null;
}

/** A boolean as Prisma stores it in SQLite. */
export function sqlBool(value: boolean): number;
export function sqlBool(value: boolean | null): number | null;
export function sqlBool(value: boolean | null): number | null {
  return value === null ? null : value ? 1 : 0;
}

const sqliteValue = (value: BulkValue) => (value instanceof Date ? sqlDate(value) : typeof value === "boolean" ? sqlBool(value) : value);

// Statements differ by table and by the number of `?` in a list: this only bounds a mistake.
const MAX_STATEMENTS = 200;

/** SQLite: prepared statements run row by row, which costs less there than building one statement of many rows. */
class SQLiteBulk implements BulkWriter, BulkTransaction {
  readonly engine = "sqlite" as const;

  private readonly prepared: (sql: string) => Database.Statement;

  constructor(readonly sqlite: Database.Database) {
    this.prepared = statementCache(sqlite, MAX_STATEMENTS);
  }

  // BEGIN IMMEDIATE: it waits for another writer rather than failing halfway. The work awaits only
  // this connection's own calls, which are synchronous: nothing else runs inside the transaction.
  async transaction<T>(work: (tx: BulkTransaction) => Promise<T>): Promise<T> {
    this.sqlite.exec("BEGIN IMMEDIATE");
    try {
      const result = await work(this);
      this.sqlite.exec("COMMIT");
      return result;
    } catch (error) {
      if (this.sqlite.inTransaction) this.sqlite.exec("ROLLBACK");
      throw error;
    }
  }

  async all<T>(sql: string, params: BulkValue[] = []): Promise<T[]> {
    return this.prepared(sql).all(params.map(sqliteValue)) as T[];
  }

  async run(sql: string, params: BulkValue[] = []): Promise<void> {
    this.prepared(sql).run(params.map(sqliteValue));
  }

  // The ids SQLite would give (the rowid after the highest): the transaction holds the write lock.
  async newIds(table: "Complaint" | "Event", count: number): Promise<number[]> {
    const { last } = this.prepared(`SELECT COALESCE(MAX("id"), 0) AS "last" FROM "${table}"`).get() as { last: number };
    return Array.from({ length: count }, (_, i) => last + 1 + i);
  }

  // The transaction already holds SQLite's one write lock.
  async lock(): Promise<void> {}

  async insert(table: string, columns: readonly string[], rows: BulkRow[]): Promise<void> {
    const statement = this.prepared(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
    for (const row of rows) {
      for (let i = 0; i < row.length; i++) row[i] = sqliteValue(row[i]);
      statement.run(row);
    }
  }

  async close() {
    this.sqlite.close();
  }
}

/** A value in COPY's text format, as Prisma stores it in PostgreSQL: timestamp(3) in UTC, booleans t/f. */
function copyValue(value: BulkValue): string {
  if (value instanceof Date) return value.toISOString().slice(0, 23).replace("T", " ");
  if (typeof value === "boolean") return value ? "t" : "f";
  return copyField(value === null ? null : String(value));
}

const postgresParam = (value: BulkValue) => (value instanceof Date ? value.toISOString().slice(0, 23).replace("T", " ") : value);

/**
 * PostgreSQL: a batch's rows go in one COPY per table, its ids in one round trip per table, so a
 * batch costs a dozen round trips whatever its size. Runs beside the app's servers on the same
 * database, taking the locks they take (concurrency.server.ts).
 */
class PostgresBulk implements BulkWriter {
  readonly engine = "postgres" as const;

  private constructor(private readonly client: pg.Client) {}

  static async open(url: string) {
    // Values come back as SQLite gives them (read-connection.server.ts), so one reading serves both engines.
    const client = new pg.Client({ connectionString: url, types: asSQLite });
    await client.connect();
    return new PostgresBulk(client);
  }

  async transaction<T>(work: (tx: BulkTransaction) => Promise<T>): Promise<T> {
    const client = this.client;
    const query = async <R>(sql: string, params: BulkValue[] = []) => (await client.query(numberPlaceholders(sql), params.map(postgresParam))).rows as R[];
    const tx: BulkTransaction = {
      all: query,
      run: async (sql, params) => void (await query(sql, params)),
      newIds: async (table, count) =>
        (
          await query<{ id: number }>(`SELECT nextval(pg_get_serial_sequence('"${table}"', 'id'))::integer AS "id" FROM generate_series(1, ?::integer)`, [
            count,
          ])
        ).map((row) => row.id),
      lock: async (name) => void (await client.query(postgresLockStatement(name))),
      insert: async (table, columns, rows) => {
        if (!rows.length) return;
        const stream = client.query(copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) FROM STDIN`));
        const finished = once(stream, "finish");
        stream.end(rows.map((row) => row.map(copyValue).join("\t")).join("\n") + "\n");
        await finished;
      },
    };
    await client.query("BEGIN");
    try {
      const result = await work(tx);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  close() {
    return this.client.end();
  }
}

/**
 * Takes the code numbers of new complaints, given each one's year in order: one statement per year,
 * in the order of the years, as a filing takes its one (concurrency.server.ts). On PostgreSQL the
 * year's row stays locked until the batch commits and a rollback gives the numbers back, so codes
 * stay unique and gapless beside running servers. Call before locking the audit chain: a filing takes its
 * number first and then the chain's lock, and the batch must take them in the same order.
 */
export async function takeComplaintNumbers(tx: BulkTransaction, years: number[]): Promise<number[]> {
  const counts = new Map<number, number>();
  for (const year of years) counts.set(year, (counts.get(year) ?? 0) + 1);
  const next = new Map<number, number>();
  for (const year of [...counts.keys()].sort((a, b) => a - b)) {
    const [{ last }] = await tx.all<{ last: number }>(
      `INSERT INTO "ComplaintSequence" ("year", "last") VALUES (?, ?)
       ON CONFLICT ("year") DO UPDATE SET "last" = "ComplaintSequence"."last" + excluded."last" RETURNING "last"`,
      [year, counts.get(year)!],
    );
    next.set(year, last - counts.get(year)! + 1);
  }
  return years.map((year) => {
    const number = next.get(year)!;
    next.set(year, number + 1);
    return number;
  });
}
