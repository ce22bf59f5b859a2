import type Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import pg from "pg";
import { databaseUrl, psql } from "./engine";

/**
 * A fresh PostgreSQL database for one test file, on the cluster PG_TEST_URL names (an admin URL:
 * .ci/run starts one), migrated as `npm run setup` migrates one; dropped by `drop`.
 */
export function freshPostgres(prefix: string): { url: string; drop: () => void } {
  const admin = process.env.PG_TEST_URL!;
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  psql(admin, `CREATE DATABASE "${name}"`);
  const url = databaseUrl(admin, name);
  execFileSync("npx", ["prisma", "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  return { url, drop: () => psql(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * Every row of the SQLite database into the empty PostgreSQL one, as stored: the same ids, texts and
 * times (ISO text, read by PostgreSQL as the UTC timestamp it is), 0/1 as booleans. Foreign keys and
 * triggers wait until the end (replica mode), so tables go in any order and the journal is copied as it is.
 */
export async function copyInto(url: string, sqlite: Database.Database): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    const { rows: columns } = await client.query<{ table: string; column: string; type: string }>(
      `SELECT table_name AS "table", column_name AS "column", data_type AS "type" FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
    );
    const tables = new Map<string, typeof columns>();
    for (const column of columns) tables.set(column.table, [...(tables.get(column.table) ?? []), column]);
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    for (const [table, cols] of tables) {
      const names = cols.map((c) => `"${c.column}"`).join(", ");
      const rows = sqlite.prepare(`SELECT ${names} FROM "${table}"`).raw(true).all() as unknown[][];
      counts[table] = rows.length;
      const asStored = (value: unknown, i: number) => (cols[i].type === "boolean" && value !== null ? value === 1 : value);
      for (let at = 0; at < rows.length; at += 500) {
        const batch = rows.slice(at, at + 500);
        const values = batch.map((row, r) => `(${row.map((_, i) => `$${r * cols.length + i + 1}`).join(", ")})`).join(", ");
        await client.query(
          `INSERT INTO "${table}" (${names}) VALUES ${values}`,
          batch.flatMap((row) => row.map(asStored)),
        );
      }
      // Identity and serial columns go on from the copied ids.
      for (const { column } of cols) {
        const { rows: sequence } = await client.query<{ name: string | null }>("SELECT pg_get_serial_sequence($1, $2) AS name", [`"${table}"`, column]);
        if (sequence[0]?.name) await client.query(`SELECT setval($1, GREATEST((SELECT MAX("${column}") FROM "${table}"), 1))`, [sequence[0].name]);
      }
    }
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
  return counts;
}
