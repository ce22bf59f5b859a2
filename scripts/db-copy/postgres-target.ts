// The writing side of db:copy: a migrated, empty PostgreSQL database, filled in one transaction
// (a copy cut short leaves it empty, to be run again), table by table through COPY.
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { once } from "node:events";
import type { Writable } from "node:stream";
import { copyField } from "~/server/copy-text.server";
import { converterFor, needsBigInt, ValueError, type TargetType } from "./convert";
import type { Source, SourceTable } from "./sqlite-source";

/** Rows sent to COPY before waiting for the socket and reporting progress. */
const BATCH = 5000;

export type TableProgress = (table: { name: string; rows: number; total: number; ms: number; indexing: boolean; finished: boolean }) => void;

/** A URL's password never shows in a message. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an unreadable URL)";
  }
}

export async function connectTarget(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Each app table's columns and their types, as the PostgreSQL migrations made them. */
export async function targetColumns(client: pg.Client): Promise<Map<string, Map<string, TargetType>>> {
  const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
  );
  const tables = new Map<string, Map<string, TargetType>>();
  for (const row of rows) {
    if (!tables.has(row.table_name)) tables.set(row.table_name, new Map());
    tables.get(row.table_name)!.set(row.column_name, row.data_type);
  }
  return tables;
}

/** What stands in the way of copying into this database: not migrated, another version's schema, or rows already there. */
export async function targetProblems(client: pg.Client, source: Source, columns: Map<string, Map<string, TargetType>>): Promise<string[]> {
  if (!columns.has("Complaint"))
    return ["it has no Complaint table: create it with PostgreSQL's migrations first (DATABASE_URL=postgres://… npx prisma migrate deploy)"];
  const problems: string[] = [];
  for (const table of source.tables) {
    const target = columns.get(table.name);
    if (!target) {
      problems.push(`table ${table.name} is in the SQLite database but not in PostgreSQL`);
      continue;
    }
    for (const column of table.columns) if (!target.has(column)) problems.push(`column ${table.name}.${column} is in SQLite but not in PostgreSQL`);
    for (const column of target.keys()) if (!table.columns.includes(column)) problems.push(`column ${table.name}.${column} is in PostgreSQL but not in SQLite`);
  }
  // A table PostgreSQL alone has (its own bookkeeping) is left as the migrations made it: empty, as checked below.
  if (problems.length) {
    problems.push(
      "the two databases are at different versions of the schema: run npm run setup on the SQLite deployment and migrate PostgreSQL with the same release",
    );
    return problems;
  }
  const filled: string[] = [];
  for (const name of columns.keys()) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`);
    const n = Number(rows[0].n);
    if (n > 0) filled.push(`${name} (${n} ${n === 1 ? "row" : "rows"})`);
  }
  if (filled.length)
    return [
      `it is not empty: ${filled.join(", ")}. db:copy copies into an empty, freshly migrated database only, so that nothing in it is mixed with the copy`,
    ];
  return [];
}

async function write(stream: Writable, text: string) {
  if (!stream.write(text)) await once(stream, "drain");
}

/**
 * Copies one table's rows through COPY FROM STDIN, reporting progress every batch; returns the rows
 * sent. Its indexes other than the primary key are dropped first and made again after: one sort
 * each instead of a B-tree insert per row at a random place (hashes, codes): Complaint's 100,000
 * rows in 10–14 s instead of 16–26 s, the index builds counted (decision 025). Unique indexes made again still refuse duplicates.
 */
async function copyTable(client: pg.Client, source: Source, table: SourceTable, types: Map<string, TargetType>, progress: TableProgress) {
  const started = Date.now();
  const indexes = await droppableIndexes(client, table.name);
  for (const { name } of indexes) await client.query(`DROP INDEX ${name}`);
  const converters = table.columns.map((column) => {
    try {
      return converterFor(types.get(column)!);
    } catch (error) {
      throw new Error(`${table.name}.${column}: ${(error as Error).message}`);
    }
  });
  const bigints = table.columns.some((column) => needsBigInt(types.get(column)!));
  const columns = table.columns.map((c) => `"${c}"`).join(", ");
  const stream = client.query(copyFrom(`COPY "${table.name}" (${columns}) FROM STDIN`));
  const finished = once(stream, "finish");
  let indexing = false;
  const report = (done: boolean) => progress({ name: table.name, rows: sent, total: table.rows, ms: Date.now() - started, indexing, finished: done });
  let sent = 0;
  let lines: string[] = [];
  try {
    for (const row of source.rows(table, bigints)) {
      lines.push(
        row
          .map((value, i) => {
            try {
              return copyField(converters[i](value));
            } catch (error) {
              if (!(error instanceof ValueError)) throw error;
              throw new Error(`${table.name}.${table.columns[i]}, row ${sent + lines.length + 1} in primary-key order: ${error.message}`);
            }
          })
          .join("\t"),
      );
      if (lines.length === BATCH) {
        await write(stream, lines.join("\n") + "\n");
        sent += lines.length;
        lines = [];
        report(false);
      }
    }
    if (lines.length) await write(stream, lines.join("\n") + "\n");
    sent += lines.length;
    stream.end();
    await finished;
    indexing = indexes.length > 0;
    if (indexing) report(false);
    for (const { definition } of indexes) await client.query(definition);
  } catch (error) {
    // The server's answer (a constraint, a bad value) is the reason to give, not the stream's.
    stream.destroy(error as Error);
    throw error;
  }
  report(true);
  return sent;
}

/**
 * Copies every table in the source's order, in one transaction. The tables' own triggers (the
 * statistics journal's) are off while it runs: the journal is copied as it stands, so copying
 * Complaint does not journal every complaint again. Foreign keys stay checked. Then each serial
 * column's sequence goes past the highest id SQLite ever gave, so no id is handed out twice.
 */
export async function copyInto(client: pg.Client, source: Source, columns: Map<string, Map<string, TargetType>>, progress: TableProgress) {
  await client.query("BEGIN");
  try {
    // A role's statement_timeout suits the app's queries, not one COPY of a million rows.
    await client.query("SET LOCAL statement_timeout = 0");
    // Memory for sorting the indexes made again after each table (the server's default is 64 MB).
    await client.query("SET LOCAL maintenance_work_mem = '256MB'");
    // ALTER TABLE is part of the transaction: a copy that fails or is stopped leaves the triggers on.
    for (const table of source.tables) await client.query(`ALTER TABLE "${table.name}" DISABLE TRIGGER USER`);
    for (const table of source.tables) await copyTable(client, source, table, columns.get(table.name)!, progress);
    for (const table of source.tables) await client.query(`ALTER TABLE "${table.name}" ENABLE TRIGGER USER`);
    await resetSequences(client, source);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/** A table's indexes other than its primary key's (and any other constraint's): made again after its rows are in. */
async function droppableIndexes(client: pg.Client, table: string) {
  const { rows } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
     WHERE t.relname = $1 AND t.relnamespace = current_schema()::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [table],
  );
  return rows;
}

async function resetSequences(client: pg.Client, source: Source) {
  const { rows } = await client.query<{ table_name: string; column_name: string; sequence: string }>(
    `SELECT table_name, column_name, pg_get_serial_sequence(format('%I.%I', table_schema, table_name), column_name) AS sequence
     FROM information_schema.columns WHERE table_schema = current_schema()
       AND pg_get_serial_sequence(format('%I.%I', table_schema, table_name), column_name) IS NOT NULL`,
  );
  for (const { table_name: table, column_name: column, sequence } of rows) {
    const { rows: max } = await client.query<{ max: string | null }>(`SELECT max("${column}")::text AS max FROM "${table}"`);
    const highest = Math.max(Number(max[0].max ?? 0), source.highestIds.get(table) ?? 0);
    // setval(…, 1, false): the next id is 1, as in a table that never had a row.
    if (highest > 0) await client.query("SELECT setval($1, $2, true)", [sequence, highest]);
    else await client.query("SELECT setval($1, 1, false)", [sequence]);
  }
}

/** Each table's row count in PostgreSQL. */
export async function targetCounts(client: pg.Client, tables: string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of tables) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
    counts.set(table, Number(rows[0].n));
  }
  return counts;
}
