import { REGIONS } from "~/domain/regions";
import type { StatsFilter } from "~/domain/stats/shape";
import { SMALL_CELL_THRESHOLD } from "~/domain/stats/suppress";
import { timelySql } from "~/domain/timely";
import { sqlite, type Dialect } from "./sql-dialect.server";
import { statsWhere } from "./stats-where.server";

/**
 * The row export as one SQL statement: every column computed by the database, already anonymised,
 * so the worker thread only writes CSV or JSON, and `sqlite3 -csv` can run the very same statement
 * as the benchmark's baseline. The same statement on both engines but for the dialect's pieces.
 * Free of Prisma (the worker imports it).
 */

export const EXPORT_COLUMNS = [
  "Date received",
  "Product",
  "Categories",
  "Institution",
  "Agency",
  "Province",
  "Status",
  "Date sent to company",
  "Company response to consumer",
  "Timely response?",
  "Consumer disputed?",
  "Substantiated categories",
  "Categories found by reviewer",
  "Consumer consent provided?",
  "Consumer complaint narrative",
  "Complaint ID",
] as const;

/** What a value in a group of fewer than five complaints becomes in a row-level export. */
export const GENERALISED = "Other (fewer than 5 complaints)";

/** The columns that could single someone out (a creditor typed in words, an agency, a rare province), as SQL on `Complaint c`. */
export const GROUPED_COLUMNS = {
  institution: `COALESCE(c."institutionId", c."institutionName")`,
  agency: `COALESCE(c."agency", '')`,
  region: `c."region"`,
} as const;

const text = (value: string) => `'${value.replaceAll("'", "''")}'`;
const GENERALISED_SQL = text(GENERALISED);
const yesNo = (condition: string) => `CASE WHEN ${condition} THEN 'Yes' ELSE 'No' END`;
// A CASE rather than a join with a VALUES table: SQLite scans such a table for every row.
const regionName = `CASE c."region" ${REGIONS.map((r) => `WHEN ${text(r.code)} THEN ${text(r.en)}`).join(" ")} ELSE c."region" END`;

/**
 * The statement and its parameters: for CSV one column per export column, for JSON one column
 * holding each row's object (SQLite writes it faster than JavaScript would). The values shared by
 * at least five of the filtered complaints are computed first (the `common_*` tables); any other
 * value is generalised, so the row export cannot undo the `?by=` tables' "<5". "Timely response?"
 * is domain/timely.ts's, as the dashboard and the queue count it. A narrative is published only with
 * consent, and only as stored at filing (Complaint.publicNarrative, redacted then); never redacted here.
 * `objects`: the statement gives each JSON row whole (SQLite's json_object, faster than JavaScript);
 * otherwise the columns, which the worker writes as an object (PostgreSQL's JSON text spaces it otherwise).
 */
export function exportStatement(filter: StatsFilter, format: "csv" | "json" = "csv", d: Dialect = sqlite) {
  const where = statsWhere(filter);
  const params: unknown[] = [];
  const common = (expression: string, ...conditions: string[]) => {
    const scope = statsWhere(filter, ...conditions);
    params.push(...scope.params);
    return `SELECT ${expression} AS "key" FROM "Complaint" c ${scope.sql} GROUP BY ${expression} HAVING COUNT(*) >= ${SMALL_CELL_THRESHOLD}`;
  };
  // A day in China (UTC+8 all year since 1991; the filter allows no date before 2000), as isoDateIn writes it.
  const day = (column: string) => `COALESCE(${d.chinaDay(column)}, '')`;
  const categories = (condition: string) =>
    `COALESCE(${d.joinedSorted('"category"', ";", `"ComplaintCategory" WHERE "complaintId" = c."id" ${condition}`)}, '')`;
  const columns: Record<(typeof EXPORT_COLUMNS)[number], string> = {
    "Date received": day(`c."createdAt"`),
    Product: `c."product"`,
    // What the consumer alleged; what a reviewer found though it was not alleged has a column of its own.
    Categories: categories(`AND "alleged" = TRUE`),
    Institution: `CASE WHEN ${GROUPED_COLUMNS.institution} IN (SELECT "key" FROM common_institution) THEN COALESCE(i."nameEn", c."institutionName") ELSE ${GENERALISED_SQL} END`,
    Agency: `CASE WHEN COALESCE(c."agency", '') = '' THEN '' WHEN c."agency" IN (SELECT "key" FROM common_agency) THEN c."agency" ELSE ${GENERALISED_SQL} END`,
    Province: `CASE WHEN c."region" = '000000' THEN '' WHEN c."region" IN (SELECT "key" FROM common_region) THEN c."region" || ' ' || ${regionName} ELSE ${GENERALISED_SQL} END`,
    Status: `c."status"`,
    "Date sent to company": `CASE WHEN c."routedTo" = 'bank' THEN ${day(`c."routedAt"`)} ELSE '' END`,
    "Company response to consumer": `COALESCE(c."outcome", '')`,
    "Timely response?": `CASE ${timelySql("c", d.instant)} WHEN 1 THEN 'Yes' WHEN 0 THEN 'No' ELSE '' END`,
    "Consumer disputed?": `CASE WHEN c."respondedAt" IS NULL THEN ''
      ELSE ${yesNo(`EXISTS (SELECT 1 FROM "Event" e WHERE e."complaintId" = c."id" AND e."type" = 'disputed')`)} END`,
    "Substantiated categories": categories(`AND "alleged" = TRUE AND "substantiated" = TRUE`),
    "Categories found by reviewer": categories(`AND "alleged" = FALSE AND "substantiated" = TRUE`),
    "Consumer consent provided?": `CASE WHEN c."consent" THEN 'Consent provided' ELSE 'Consent not provided' END`,
    "Consumer complaint narrative": `CASE WHEN c."consent" THEN COALESCE(c."publicNarrative", '') ELSE '' END`,
    "Complaint ID": `c."code"`,
  };
  const objects = format === "json" && d.engine === "sqlite";
  const select = objects
    ? `json_object(${EXPORT_COLUMNS.map((name) => `${text(name)}, ${columns[name]}`).join(",\n  ")})`
    : EXPORT_COLUMNS.map((name) => columns[name]).join(",\n  ");
  // The institution's key counted in two halves, each of which an index can answer without reading
  // the rows (a scan of a million wide rows for COALESCE(institutionId, institutionName) took a fifth of the export).
  const sql = `WITH
  common_institution AS (${common(`c."institutionId"`, `c."institutionId" IS NOT NULL`)}
    UNION ALL ${common(`c."institutionName"`, `c."institutionId" IS NULL`)}),
  common_agency AS (${common(GROUPED_COLUMNS.agency)}),
  common_region AS (${common(GROUPED_COLUMNS.region)})
SELECT
  ${select}
FROM "Complaint" c
  LEFT JOIN "Institution" i ON i."id" = c."institutionId"
${where.sql}
ORDER BY c."id"`;
  return { sql, params: [...params, ...where.params], objects };
}
