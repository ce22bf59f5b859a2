import Database from "better-sqlite3";
import path from "node:path";
import pg from "pg";
import { openSQLite, PostgresRead, SQLiteRead, type ReadConnection } from "../../app/server/read-connection.server";
import { numberPlaceholders } from "../../app/server/sql-dialect.server";
import { dataEnv } from "./process";

type Params = unknown[];
type Row = Record<string, unknown>;

/**
 * A test's own connection to the database a server of a data directory uses, on either engine: one
 * SQL text (names double-quoted, `?` placeholders) serves both. Rows come back as SQLite gives them
 * (counts as numbers, booleans 0/1, times as Prisma's ISO text with +00:00), so a test checks the same
 * values on both engines.
 */
export interface TestDb {
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
  get<T = Row>(sql: string, params?: Params): Promise<T | undefined>;
  run(sql: string, params?: Params): Promise<{ changes: number }>;
  /** One statement run for each list of parameters, in one transaction (fast bulk rows). */
  runEach(sql: string, rows: Params[]): Promise<void>;
  close(): Promise<void>;
}

/** Opens the database of a data directory made by freshDataDir or startServer. */
export function openTestDb(dataDir: string, options: { readonly?: boolean } = {}): TestDb {
  const url = dataEnv(dataDir).DATABASE_URL;
  return url ? postgresDb(url) : sqliteDb(path.join(dataDir, "collection-watch.db"), options.readonly ?? false);
}

/** The app's own read connection on that database, for the code that takes one (the statistics' count from scratch). */
export function openTestRead(dataDir: string): ReadConnection {
  const url = dataEnv(dataDir).DATABASE_URL;
  return url ? new PostgresRead(url, 1) : new SQLiteRead(openSQLite(path.join(dataDir, "collection-watch.db")));
}

function sqliteDb(file: string, readonly: boolean): TestDb {
  const db = new Database(file, { readonly });
  return {
    all: async <T>(sql: string, params: Params = []) => db.prepare(sql).all(...params) as T[],
    get: async <T>(sql: string, params: Params = []) => db.prepare(sql).get(...params) as T | undefined,
    run: async (sql: string, params: Params = []) => ({ changes: db.prepare(sql).run(...params).changes }),
    runEach: async (sql: string, rows: Params[]) => {
      const statement = db.prepare(sql);
      db.transaction(() => rows.forEach((params) => statement.run(...params)))();
    },
    close: async () => void db.close(),
  };
}

// Type OIDs of PostgreSQL's built-in types, read as SQLite gives them.
const INT8 = 20;
const NUMERIC = 1700;
const BOOL = 16;
const TIMESTAMP = 1114;
const asSqlite: Record<number, (text: string) => unknown> = {
  [INT8]: Number,
  [NUMERIC]: Number,
  [BOOL]: (text) => (text === "t" ? 1 : 0),
  // "2026-11-29 08:17:52.123" (UTC, no zone) → "2026-11-29T08:17:52.123+00:00", as Prisma writes it on SQLite.
  [TIMESTAMP]: (text) =>
    `${text.replace(" ", "T")}${text.includes(".") ? "" : ".000"}+00:00`.replace(/\.(\d{1,2})\+/, (_, ms: string) => `.${ms.padEnd(3, "0")}+`),
};

function postgresDb(url: string): TestDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => asSqlite[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const query = (sql: string, params: Params) =>
    pool.query(
      numberPlaceholders(sql),
      params.map((p) => (typeof p === "bigint" ? p.toString() : p)),
    );
  return {
    all: async <T>(sql: string, params: Params = []) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params: Params = []) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: Params = []) => ({ changes: (await query(sql, params)).rowCount ?? 0 }),
    runEach: async (sql: string, rows: Params[]) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        for (const params of rows) await client.query(numberPlaceholders(sql), params);
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
