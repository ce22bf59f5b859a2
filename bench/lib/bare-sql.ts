// The baselines: what each page needs from the database, as plain SQL on better-sqlite3 against the
// same file, so a page's time can be read as a multiple of its queries' time in the same run.
import type Database from "better-sqlite3";
import { TOTAL_CAP, TOTAL_CAP_READING_ROWS } from "~/domain/queue-filter";
import { SUGGESTION_FACTS } from "~/domain/routing";
import { statsFilterSchema } from "~/domain/stats/shape";
import { OPEN_STATUSES } from "~/domain/status";
import { isoText as iso, statsWhere } from "~/server/stats-where.server";

/** The dashboard's main counts from scratch: total and by status, product, region, institution, month and category. */
export function statsFromScratch(db: Database.Database, filter: Record<string, string>): void {
  // The page's own WHERE clause, from the filter as the page reads it.
  const where = statsWhere(statsFilterSchema.parse(filter));
  for (const key of ["c.status", "c.product", "c.region", "COALESCE(c.institutionId, c.institutionName)", "strftime('%Y-%m', c.createdAt, '+8 hours')"]) {
    db.prepare(`SELECT ${key} AS key, COUNT(*) AS n FROM Complaint c ${where.sql} GROUP BY key`).all(...where.params);
  }
  db.prepare(
    `SELECT cc.category, COUNT(*) AS alleged, SUM(cc.substantiated = 1) AS substantiated
     FROM ComplaintCategory cc JOIN Complaint c ON c.id = cc.complaintId ${where.sql} GROUP BY cc.category`,
  ).all(...where.params);
}

/**
 * What one page of the queue shows, in plain SQL: the total above it, counted only as far as the
 * page counts it (TOTAL_CAP); 25 rows and the one after, with the keyset as a row value so SQLite
 * can use the (status, dueAt, id) index; their categories; and for the regulator the facts behind
 * each row's suggested route. `bankOf` limits it to a bank's routed complaints.
 */
export function queuePage(db: Database.Database, filter: Record<string, string>, bankOf?: string): string | null {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  const status = filter.status ?? "open";
  if (status === "open") add(`c.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(", ")})`);
  else if (status !== "all") add("c.status = ?", status);
  if (bankOf) add("c.institutionId = ? AND c.routedTo = 'bank'", bankOf);
  if (filter.institution) add("c.institutionId = ?", filter.institution);
  if (filter.product) add("c.product = ?", filter.product);
  if (filter.region) add("c.region = ?", filter.region);
  if (filter.category) add("EXISTS (SELECT 1 FROM ComplaintCategory f WHERE f.complaintId = c.id AND f.category = ?)", filter.category);
  if (filter.overdue) add("c.dueAt < ?", iso(new Date()));
  const cap = filter.category || filter.product ? TOTAL_CAP_READING_ROWS : TOTAL_CAP;
  db.prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM Complaint c ${parts.length ? `WHERE ${parts.join(" AND ")}` : ""} LIMIT ${cap + 1})`).all(...params);
  const cursor = filter.after?.match(/^(\d+)_(\d+)$/);
  if (cursor) add("(c.dueAt, c.id) > (?, ?)", iso(new Date(Number(cursor[1]))), Number(cursor[2]));
  const rows = db
    .prepare(
      `SELECT c.id, c.code, c.status, c.institutionId, c.institutionName, c.product, c.region, c.priorComplaint, c.awaitingInfo, c.createdAt, c.dueAt
       FROM Complaint c ${parts.length ? `WHERE ${parts.join(" AND ")}` : ""} ORDER BY c.dueAt, c.id LIMIT 26`,
    )
    .all(...params) as { id: number; dueAt: string }[];
  const ids = rows.slice(0, 25).map((r) => r.id);
  const inIds = `IN (${ids.map(() => "?").join(",") || "NULL"})`;
  db.prepare(`SELECT complaintId, category FROM ComplaintCategory WHERE complaintId ${inIds}`).all(...ids);
  // The regulator's queue shows a suggested route, which needs these facts of each row.
  if (!bankOf) db.prepare(`SELECT c.id, ${SUGGESTION_FACTS} FROM Complaint c WHERE c.id ${inIds}`).all(...ids);
  const last = rows[24];
  return rows.length > 25 ? `${new Date(last.dueAt).getTime()}_${last.id}` : null;
}

/** One complaint as its reviewer page needs it: the row, its parts, its events, and up to 20 related complaints. */
export function complaintDetail(db: Database.Database, code: string): void {
  const complaint = db.prepare("SELECT * FROM Complaint WHERE code = ?").get(code) as { id: number; agency: string | null } | undefined;
  if (!complaint) return;
  for (const table of ["ComplaintCategory", "CollectorPhone", "Evidence"]) db.prepare(`SELECT * FROM ${table} WHERE complaintId = ?`).all(complaint.id);
  db.prepare("SELECT * FROM Event WHERE complaintId = ? ORDER BY id").all(complaint.id);
  const numbers = (db.prepare("SELECT number FROM CollectorPhone WHERE complaintId = ?").all(complaint.id) as { number: string }[]).map((r) => r.number);
  db.prepare(
    `SELECT c.code, c.status, c.agency, c.createdAt FROM Complaint c
     WHERE c.id != ? AND (c.id IN (SELECT complaintId FROM CollectorPhone WHERE number IN (${numbers.map(() => "?").join(",") || "NULL"})) OR c.agency = ?)
     ORDER BY c.id DESC LIMIT 20`,
  ).all(complaint.id, ...numbers, complaint.agency);
}

/** The row export's columns (EXPORT_COLUMNS in app/server/export.server.ts) as one SELECT, for `sqlite3 -csv`. */
export const EXPORT_SQL = `SELECT strftime('%Y-%m-%d', c.createdAt, '+8 hours') AS "Date received",
  c.product AS "Product",
  (SELECT group_concat(category, ';') FROM ComplaintCategory WHERE complaintId = c.id AND alleged = 1) AS "Categories",
  COALESCE(i.nameEn, c.institutionName) AS "Institution",
  COALESCE(c.agency, '') AS "Agency",
  c.region AS "Province",
  c.status AS "Status",
  CASE WHEN c.routedTo = 'bank' THEN strftime('%Y-%m-%d', c.routedAt, '+8 hours') ELSE '' END AS "Date sent to company",
  COALESCE(c.outcome, '') AS "Company response to consumer",
  CASE WHEN c.respondedAt IS NULL OR c.responseDueAt IS NULL THEN ''
       WHEN julianday(c.respondedAt) <= julianday(c.responseDueAt) THEN 'Yes' ELSE 'No' END AS "Timely response?",
  CASE WHEN c.respondedAt IS NULL THEN ''
       WHEN EXISTS (SELECT 1 FROM Event e WHERE e.complaintId = c.id AND e.type = 'disputed') THEN 'Yes' ELSE 'No' END AS "Consumer disputed?",
  (SELECT group_concat(category, ';') FROM ComplaintCategory WHERE complaintId = c.id AND alleged = 1 AND substantiated = 1) AS "Substantiated categories",
  (SELECT group_concat(category, ';') FROM ComplaintCategory WHERE complaintId = c.id AND alleged = 0 AND substantiated = 1) AS "Categories found by reviewer",
  CASE WHEN c.consent THEN 'Consent provided' ELSE 'Consent not provided' END AS "Consumer consent provided?",
  COALESCE(c.publicNarrative, '') AS "Consumer complaint narrative",
  c.code AS "Complaint ID"
FROM Complaint c LEFT JOIN Institution i ON i.id = c.institutionId ORDER BY c.id;`;
