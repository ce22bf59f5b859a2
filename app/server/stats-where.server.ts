import { addDays } from "~/domain/deadlines";
import type { StatsFilter } from "~/domain/stats/shape";

/** Dates are stored as ISO text with "+00:00" on SQLite, so bounds are passed in the same form (PostgreSQL reads it as the UTC timestamp). */
export const isoText = (date: Date) => date.toISOString().replace("Z", "+00:00");
// A day in the filter is a day in China.
const dayStart = (day: string) => isoText(new Date(`${day}T00:00:00+08:00`));

/**
 * The dashboard's filter as a WHERE clause on `"Complaint" c` (SQL both engines read), shared by the dashboard and the exports; `conditions` (SQL
 * without values) are added to it. Free of Prisma, so the export's worker thread builds the same clause as the pages.
 */
export function statsWhere(filter: StatsFilter, ...conditions: string[]): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (filter.from) add(`c."createdAt" >= ?`, dayStart(filter.from));
  if (filter.to) add(`c."createdAt" < ?`, isoText(addDays(new Date(`${filter.to}T00:00:00+08:00`), 1)));
  if (filter.institution) add(`(c."institutionId" = ? OR c."institutionName" = ?)`, filter.institution, filter.institution);
  if (filter.agency) add(`c."agency" = ?`, filter.agency);
  if (filter.product) add(`c."product" = ?`, filter.product);
  if (filter.region) add(`c."region" = ?`, filter.region);
  if (filter.status) add(`c."status" = ?`, filter.status);
  // What consumers alleged, as the index's category filter.
  if (filter.category)
    add(`EXISTS (SELECT 1 FROM "ComplaintCategory" f WHERE f."complaintId" = c."id" AND f."category" = ? AND f."alleged" = TRUE)`, filter.category);
  for (const condition of conditions) add(condition);
  return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", params };
}
