import { assembleDashboard, type DashboardCounts } from "~/domain/stats/dashboard";
import { creditorDueSql, timelySql } from "~/domain/timely";
import { NUMBERS_BANDS, OUTSIDE_HOURS_BANDS, type StatsDimension, type StatsFilter } from "~/domain/stats/shape";
import { GROUPED_COLUMNS } from "./export-sql.server";
import type { Dialect } from "./sql-dialect.server";
import type { ReadConnection } from "./read-connection.server";
import { isoText, statsWhere } from "./stats-where.server";

/**
 * The dashboard counted from scratch with SQL aggregates over every complaint: the reference the
 * statistics index is checked against (`npm run stats:verify`, test/stats-index.test.ts), too slow
 * for the page at scale (41 s at a million complaints, issue 12). The same statements on both
 * engines, with the dialect's days, instants and JSON.
 */

type Row = Record<string, unknown>;
type Where = { sql: string; params: unknown[] };
const num = (value: unknown) => Number(value ?? 0);

export async function dashboardFromScratch(connection: ReadConnection, filter: StatsFilter, locale: string, now: Date) {
  return assembleDashboard(await countFromScratch(connection, filter, locale, now), filter, locale);
}

// A condition counted: SUM of a comparison is SQLite's idiom, PostgreSQL sums no booleans.
const countIf = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

export async function countFromScratch(connection: ReadConnection, filter: StatsFilter, locale: string, now: Date): Promise<DashboardCounts> {
  const query = (sql: string, params: unknown[]) => connection.all<Row>(sql, params);
  const { dialect } = connection;
  const where = statsWhere(filter);
  const [totals] = await query(
    `SELECT COUNT(*) AS "total",
       ${countIf(`c."routedTo" = 'bank'`)} AS "routedToBank",
       ${countIf(`c."respondedAt" IS NOT NULL`)} AS "responded",
       ${countIf(creditorDueSql("?", "c", dialect.instant))} AS "bankDue",
       SUM(${timelySql("c", dialect.instant)}) AS "answeredInTime",
       ${countIf(`EXISTS (SELECT 1 FROM "Event" e WHERE e."complaintId" = c."id" AND e."type" IN ('miss_deadline', 'disputed'))`)} AS "escalated",
       ${countIf(`EXISTS (SELECT 1 FROM "Event" e WHERE e."complaintId" = c."id" AND e."type" = 'disputed')`)} AS "disputed"
     FROM "Complaint" c ${where.sql}`,
    [isoText(now), ...where.params],
  );
  const byCategory = await query(
    // A category a reviewer found (alleged false) is counted apart, and only when substantiated.
    `SELECT cc."category" AS "category", ${countIf(`cc."alleged" = TRUE`)} AS "alleged",
       ${countIf(`cc."alleged" = TRUE AND cc."substantiated" = TRUE`)} AS "substantiated",
       ${countIf(`cc."alleged" = FALSE AND cc."substantiated" = TRUE`)} AS "foundByReviewer"
     FROM "ComplaintCategory" cc JOIN "Complaint" c ON c."id" = cc."complaintId" ${where.sql}
     GROUP BY cc."category" HAVING ${countIf(`cc."alleged" = TRUE`)} > 0 OR ${countIf(`cc."alleged" = FALSE AND cc."substantiated" = TRUE`)} > 0`,
    where.params,
  );
  const name = `COALESCE(${locale === "en" ? `i."nameEn"` : `i."nameZh"`}, c."institutionName")`;
  const byInstitution = await query(
    `SELECT c."institutionId" AS "id", ${name} AS "name", COUNT(*) AS "count",
       ${countIf(creditorDueSql("?", "c", dialect.instant))} AS "due",
       SUM(${timelySql("c", dialect.instant)}) AS "inTime"
     FROM "Complaint" c LEFT JOIN "Institution" i ON i."id" = c."institutionId" ${where.sql}
     GROUP BY c."institutionId", ${name}`,
    [isoText(now), ...where.params],
  );
  const groupCount = async (column: string, within: Where = where) =>
    (await query(`SELECT ${column} AS "key", COUNT(*) AS "count" FROM "Complaint" c ${within.sql} GROUP BY ${column}`, within.params)).map((r) => ({
      key: String(r.key),
      count: num(r.count),
    }));
  // Months in China's calendar.
  const month = dialect.chinaMonth(`c."createdAt"`);
  const months = await query(`SELECT ${month} AS "month", COUNT(*) AS "count" FROM "Complaint" c ${where.sql} GROUP BY ${month}`, where.params);
  return {
    totals: {
      total: num(totals.total),
      routedToBank: num(totals.routedToBank),
      responded: num(totals.responded),
      bankDue: num(totals.bankDue),
      answeredInTime: num(totals.answeredInTime),
      escalated: num(totals.escalated),
      disputed: num(totals.disputed),
    },
    byCategory: byCategory.map((r) => ({
      category: String(r.category),
      alleged: num(r.alleged),
      substantiated: num(r.substantiated),
      foundByReviewer: num(r.foundByReviewer),
    })),
    byInstitution: byInstitution.map((r) => ({
      id: typeof r.id === "string" ? r.id : null,
      name: String(r.name),
      count: num(r.count),
      due: num(r.due),
      inTime: num(r.inTime),
    })),
    byProduct: await groupCount(`c."product"`),
    byRegion: await groupCount(`c."region"`),
    byStatus: await groupCount(`c."status"`),
    outcomes: await groupCount(`c."outcome"`, statsWhere(filter, `c."outcome" IS NOT NULL`)),
    months: months.map((m) => ({ month: String(m.month), count: num(m.count) })),
    callLogs: await callLogDistribution(connection, statsWhere(filter, `c."callLogFindings" IS NOT NULL`)),
  };
}

function bucketSql(expression: string, bounds: readonly number[]): string {
  return `CASE ${bounds.map((bound, i) => `WHEN ${expression} <= ${bound} THEN ${i}`).join(" ")} ELSE ${bounds.length} END`;
}

/**
 * What the complaints' call logs show, counted across complaints: how many breach each
 * written rule (a heuristic such as a burst is never a breach, and in analyses stored
 * before it was told apart it is the one finding marked breached but not strong), and how many fall in each band of night calls and of distinct calling numbers.
 * Read from the stored analyses (each under its complaint's default pack) with the engine's JSON functions.
 */
async function callLogDistribution(connection: ReadConnection, withLog: Where): Promise<DashboardCounts["callLogs"]> {
  const query = (sql: string, params: unknown[]) => connection.all<Row>(sql, params);
  const { dialect } = connection;
  const log = dialect.parsedJson(`c."callLogFindings"`, "log");
  const findings = log.value;
  const from = `"Complaint" c ${log.join}`;
  const [totals] = await query(
    `SELECT COUNT(*) AS "complaints",
       SUM(${dialect.jsonNumber(findings, "totalCalls")}) AS "calls",
       SUM(${dialect.jsonNumber(findings, "outsideHours", "count")}) AS "outside",
       ${countIf(`${dialect.jsonNumber(findings, "strongFindings")} > 0`)} AS "withStrong"
     FROM ${from} ${withLog.sql}`,
    withLog.params,
  );
  const ruleId = dialect.elementText("r", "ruleId");
  const byRule = await query(
    // Grouped by the expression: SQLite's json_each has a column named "key", which GROUP BY key would take.
    `SELECT ${ruleId} AS "ruleId", COUNT(*) AS "count"
     FROM ${from} CROSS JOIN ${dialect.jsonElements(findings, "results", "r")} ${withLog.sql} AND ${dialect.elementNumber("r", "breached")} = 1
       AND ${dialect.elementNumber("r", "strong")} = 1
     GROUP BY ${ruleId}`,
    withLog.params,
  );
  const buckets = async (expression: string, bounds: readonly number[]) => {
    const bucket = bucketSql(expression, bounds);
    const rows = await query(`SELECT ${bucket} AS "bucket", COUNT(*) AS "count" FROM ${from} ${withLog.sql} GROUP BY ${bucket}`, withLog.params);
    return Array.from({ length: bounds.length + 1 }, (_, i) => num(rows.find((r) => num(r.bucket) === i)?.count));
  };
  return {
    complaints: num(totals.complaints),
    calls: num(totals.calls),
    outside: num(totals.outside),
    withStrong: num(totals.withStrong),
    byRule: byRule.map((r) => ({ ruleId: String(r.ruleId), count: num(r.count) })),
    byOutsideHours: await buckets(dialect.jsonNumber(findings, "outsideHours", "count"), OUTSIDE_HOURS_BANDS),
    byNumbers: await buckets(dialect.jsonNumber(findings, "distinctNumbers"), NUMBERS_BANDS),
  };
}

/** Complaints counted by one dimension from scratch, as the `?by=` tables (before suppression): [key, count] rows in the keys' byte order. */
export function countsStatement(filter: StatsFilter, by: StatsDimension, d: Dialect) {
  const where = statsWhere(filter);
  const dimension = {
    ...GROUPED_COLUMNS,
    product: `c."product"`,
    status: `c."status"`,
    month: d.chinaMonth(`c."createdAt"`),
    category: `cc."category"`,
  }[by];
  const from = by === "category" ? `"ComplaintCategory" cc JOIN "Complaint" c ON c."id" = cc."complaintId" AND cc."alleged" = TRUE` : `"Complaint" c`;
  return {
    sql: `SELECT ${dimension} AS "key", COUNT(*) AS "complaints" FROM ${from} ${where.sql} GROUP BY ${dimension} ORDER BY ${dimension}${d.byteOrder}`,
    params: where.params,
  };
}

export async function countsFromScratch(connection: ReadConnection, filter: StatsFilter, by: StatsDimension): Promise<[string, number][]> {
  const { sql, params } = countsStatement(filter, by, connection.dialect);
  return (await connection.all<{ key: string; complaints: number | string }>(sql, params)).map((row) => [row.key, Number(row.complaints)]);
}
