import { openReadConnection, type ReadConnection } from "./read-connection.server";

let connection: ReadConnection | null = null;

/** The connection readRows reads on, opened at the first read. */
export const sharedReader = () => (connection ??= openReadConnection({ pool: 4 }));
const reader = sharedReader;

/** The SQL dialect of the connection readRows reads on. */
export const readDialect = () => reader().dialect;

/**
 * Rows for the pages every reviewer opens all day (the queue, the session behind each request),
 * read on a read-only connection of their own, each statement prepared once (SQLite). Through
 * Prisma each cost a millisecond or more of query building and row mapping on top of tens of
 * microseconds of SQLite. It reads the last committed state, so it never waits behind a
 * transaction nor sees one half done. Values come back as SQLite holds them, on both engines:
 * dates as ISO text, booleans as 0 or 1.
 */
export function readRows<T>(sql: string, args: readonly unknown[] = []): Promise<T[]> {
  return reader().all<T>(sql, args);
}
