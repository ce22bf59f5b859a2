import type Database from "better-sqlite3";
import { openReadConnection } from "./read-connection.server";
import { timedSync } from "./sql-time.server";

let connection: Database.Database | null = null;
let version: Database.Statement | null = null;
const statements = new Map<string, Database.Statement>();
// The queue's filters make a few hundred distinct statements at most; this only bounds a mistake.
const MAX_STATEMENTS = 1000;

/**
 * Rows for the pages every reviewer opens all day (the queue, the session behind each request),
 * read with a statement prepared once on a read-only connection of their own. Through Prisma
 * each cost a millisecond or more of query building and row mapping on top of tens of
 * microseconds of SQLite. In WAL mode the connection reads the last committed state, so it never
 * waits behind a transaction nor sees one half done. Values come back as SQLite holds them:
 * dates as ISO text, booleans as 0 or 1.
 */
export function readRows<T>(sql: string, args: readonly unknown[] = []): T[] {
  connection ??= openReadConnection();
  let statement = statements.get(sql);
  if (!statement) {
    if (statements.size >= MAX_STATEMENTS) statements.clear();
    statement = connection.prepare(sql);
    statements.set(sql, statement);
  }
  const prepared = statement;
  return timedSync(() => prepared.all(...args) as T[]);
}

/**
 * SQLite's data_version for this connection: a number that changes whenever another connection
 * (this server's writer, or another process) commits. A value read with readRows may be kept for as
 * long as it stays the same.
 */
export function readVersion(): number {
  connection ??= openReadConnection();
  version ??= connection.prepare("PRAGMA data_version").pluck();
  const statement = version;
  return timedSync(() => statement.get() as number);
}
