import type { Prisma, PrismaClient } from "@prisma/client";
import { engine } from "./engine.server";
import { dialectOf } from "./sql-dialect.server";

type Client = Prisma.TransactionClient | PrismaClient;
type Value = string | number | boolean | Date | null;

/*
 * Rows inserted with SQL through Prisma's client or a transaction of it, for the writes every filing
 * makes: Prisma plans each of its own statements afresh, which cost a filing more CPU than the rows
 * (issue 12). Values are stored as Prisma stores them: its driver adapter maps dates and booleans of
 * raw statements as it maps its own. Give every column Prisma would write, its defaults included.
 */

const insertInto = (table: string, columns: string[], rows: number) =>
  `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${Array(rows)
    .fill(`(${columns.map(() => "?").join(", ")})`)
    .join(", ")}`;

/** Inserts the rows with one statement; every row has the same columns, in the same order. */
export async function insertRows(client: Client, table: string, rows: Record<string, Value>[]): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]);
  const sql = insertInto(table, columns, rows.length);
  await client.$executeRawUnsafe(dialectOf(engine()).numbered(sql), ...rows.flatMap((row) => columns.map((c) => row[c])));
}

/** Inserts one row and returns its new "id". */
export async function insertRow(client: Client, table: string, row: Record<string, Value>): Promise<number> {
  const columns = Object.keys(row);
  const sql = `${insertInto(table, columns, 1)} RETURNING "id"`;
  const [inserted] = await client.$queryRawUnsafe<{ id: number | bigint }[]>(dialectOf(engine()).numbered(sql), ...columns.map((c) => row[c]));
  return Number(inserted.id);
}
