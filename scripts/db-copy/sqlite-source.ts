// The reading side of db:copy: a SQLite deployment's tables, in an order where every table comes
// after those its foreign keys name, read in one snapshot (one read transaction: a server still
// writing cannot give the copy half a filing), row by row in each table's primary-key order.
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { DB_FILE } from "~/server/backup.server";

/** Tables that are the engine's or Prisma's own bookkeeping, not the app's data. */
const NOT_DATA = /^(sqlite_|_prisma_migrations$)/;

export type SourceTable = { name: string; columns: string[]; rows: number };

export function openSource(dataDir: string) {
  const file = path.join(dataDir, DB_FILE);
  if (!fs.existsSync(file)) throw new Error(`no SQLite database at ${file}: give the deployment's folder with --from DIR or DATA_DIR`);
  const connection = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
  // Every read from here on sees the state of the first one, whatever a server writes meanwhile.
  connection.exec("BEGIN");

  const names = (connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter(
    (name) => !NOT_DATA.test(name),
  );
  const parents = new Map(names.map((name) => [name, (connection.pragma(`foreign_key_list("${name}")`) as { table: string }[]).map((fk) => fk.table)]));

  // Parents first; a table that names itself (none today) cannot be ordered and is copied as it comes.
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name) || path.includes(name)) return;
    for (const parent of parents.get(name) ?? []) if (parent !== name) visit(parent, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);

  const tables: SourceTable[] = ordered.map((name) => ({
    name,
    columns: (connection.pragma(`table_info("${name}")`) as { name: string }[]).map((c) => c.name),
    rows: connection.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number,
  }));

  /** The highest id each AUTOINCREMENT table ever handed out (deleted rows included): ids are never reused. */
  const highestIds = new Map<string, number>();
  if (connection.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get())
    for (const { name, seq } of connection.prepare("SELECT name, seq FROM sqlite_sequence").all() as { name: string; seq: number }[]) highestIds.set(name, seq);

  return {
    file,
    tables,
    highestIds,
    /**
     * A table's rows as arrays in `columns` order, by primary key (rowid). With `bigints`, integers
     * come as BigInt, so a value past 2^53 is not rounded on its way.
     */
    rows(table: SourceTable, bigints: boolean): IterableIterator<unknown[]> {
      const columns = table.columns.map((c) => `"${c}"`).join(", ");
      const statement = connection.prepare(`SELECT ${columns} FROM "${table.name}" ORDER BY rowid`).raw(true);
      return statement.safeIntegers(bigints).iterate() as IterableIterator<unknown[]>;
    },
    close() {
      connection.exec("COMMIT");
      connection.close();
    },
  };
}

export type Source = ReturnType<typeof openSource>;
