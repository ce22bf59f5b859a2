import type Database from "better-sqlite3";
import { assembleDashboard, type DashboardCounts } from "~/domain/stats/dashboard";
import { creditorDueSql, timelySql } from "~/domain/timely";
import { NUMBERS_BANDS, OUTSIDE_HOURS_BANDS, type StatsFilter } from "~/domain/stats/shape";
import { isoText, statsWhere } from "./stats-where.server";

/**
 * The dashboard counted from scratch with SQL aggregates over every complaint: the reference the
 * statistics index is checked against (`npm run stats:verify`, test/stats-index.test.ts), too slow
 * for the page at scale (41 s at a million complaints, issue 12).
 */

type Row = Record<string, unknown>;
type Where = { sql: string; params: unknown[] };
const num = (value: unknown) => Number(value ?? 0);

export function dashboardFromScratch(connection: Database.Database, filter: StatsFilter, locale: string, now: Date) {
  return assembleDashboard(countFromScratch(connection, filter, locale, now), filter, locale);
}

export function countFromScratch(connection: Database.Database, filter: StatsFilter, locale: string, now: Date): DashboardCounts {
  const query = (sql: string, params: unknown[]) => connection.prepare(sql).all(...params) as Row[];
  const where = statsWhere(filter);
  const [totals] = query(
    `SELECT COUNT(*) AS total,
       SUM(c.routedTo = 'bank') AS routedToBank,
       SUM(c.respondedAt IS NOT NULL) AS responded,
       SUM(${creditorDueSql("?")}) AS bankDue,
       SUM(${timelySql()}) AS answeredInTime,
       SUM(EXISTS (SELECT 1 FROM Event e WHERE e.complaintId = c.id AND e.type IN ('miss_deadline', 'disputed'))) AS escalated,
       SUM(EXISTS (SELECT 1 FROM Event e WHERE e.complaintId = c.id AND e.type = 'disputed')) AS disputed
     FROM Complaint c ${where.sql}`,
    [isoText(now), ...where.params],
  );
  const byCategory = query(
    // A category a reviewer found (alleged = 0) is counted apart, and only when substantiated.
    `SELECT cc.category AS category, SUM(cc.alleged = 1) AS alleged, SUM(cc.alleged = 1 AND cc.substantiated = 1) AS substantiated,
       SUM(cc.alleged = 0 AND cc.substantiated = 1) AS foundByReviewer
     FROM ComplaintCategory cc JOIN Complaint c ON c.id = cc.complaintId ${where.sql}
     GROUP BY cc.category HAVING SUM(cc.alleged = 1) > 0 OR SUM(cc.alleged = 0 AND cc.substantiated = 1) > 0`,
    where.params,
  );
  const byInstitution = query(
    `SELECT c.institutionId AS id, COALESCE(${locale === "en" ? "i.nameEn" : "i.nameZh"}, c.institutionName) AS name, COUNT(*) AS count,
       SUM(${creditorDueSql("?")}) AS due,
       SUM(${timelySql()}) AS inTime
     FROM Complaint c LEFT JOIN Institution i ON i.id = c.institutionId ${where.sql}
     GROUP BY c.institutionId, name`,
    [isoText(now), ...where.params],
  );
  const groupCount = (column: string, within: Where = where) =>
    query(`SELECT ${column} AS key, COUNT(*) AS count FROM Complaint c ${within.sql} GROUP BY key`, within.params).map((r) => ({
      key: String(r.key),
      count: num(r.count),
    }));
  // Months in China's calendar.
  const months = query(
    `SELECT strftime('%Y-%m', c.createdAt, '+8 hours') AS month, COUNT(*) AS count FROM Complaint c ${where.sql} GROUP BY month`,
    where.params,
  );
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
    byProduct: groupCount("c.product"),
    byRegion: groupCount("c.region"),
    byStatus: groupCount("c.status"),
    outcomes: groupCount("c.outcome", statsWhere(filter, "c.outcome IS NOT NULL")),
    months: months.map((m) => ({ month: String(m.month), count: num(m.count) })),
    callLogs: callLogDistribution(query, statsWhere(filter, "c.callLogFindings IS NOT NULL")),
  };
}

function bucketSql(expression: string, bounds: readonly number[]): string {
  return `CASE ${bounds.map((bound, i) => `WHEN ${expression} <= ${bound} THEN ${i}`).join(" ")} ELSE ${bounds.length} END`;
}

/**
 * What the complaints' call logs show, counted across complaints: how many breach each
 * written rule (a heuristic such as a burst is never a breach, and in analyses stored
 * before it was told apart it is the one finding marked breached but not strong), and how many fall in each band of night calls and of distinct calling numbers.
 * Read from the stored analyses (each under its complaint's default pack) with SQLite's JSON functions.
 */
function callLogDistribution(query: (sql: string, params: unknown[]) => Row[], withLog: Where): DashboardCounts["callLogs"] {
  const [totals] = query(
    `SELECT COUNT(*) AS complaints,
       SUM(json_extract(c.callLogFindings, '$.totalCalls')) AS calls,
       SUM(json_extract(c.callLogFindings, '$.outsideHours.count')) AS outside,
       SUM(json_extract(c.callLogFindings, '$.strongFindings') > 0) AS withStrong
     FROM Complaint c ${withLog.sql}`,
    withLog.params,
  );
  const byRule = query(
    // Not "AS key": json_each has a column of that name, which GROUP BY would take (the finding's place in the list).
    `SELECT json_extract(r.value, '$.ruleId') AS ruleId, COUNT(*) AS count
     FROM Complaint c, json_each(c.callLogFindings, '$.results') r ${withLog.sql} AND json_extract(r.value, '$.breached') = 1
       AND json_extract(r.value, '$.strong') = 1
     GROUP BY ruleId`,
    withLog.params,
  );
  const buckets = (expression: string, bounds: readonly number[]) => {
    const rows = query(`SELECT ${bucketSql(expression, bounds)} AS bucket, COUNT(*) AS count FROM Complaint c ${withLog.sql} GROUP BY bucket`, withLog.params);
    return Array.from({ length: bounds.length + 1 }, (_, i) => num(rows.find((r) => num(r.bucket) === i)?.count));
  };
  return {
    complaints: num(totals.complaints),
    calls: num(totals.calls),
    outside: num(totals.outside),
    withStrong: num(totals.withStrong),
    byRule: byRule.map((r) => ({ ruleId: String(r.ruleId), count: num(r.count) })),
    byOutsideHours: buckets("json_extract(c.callLogFindings, '$.outsideHours.count')", OUTSIDE_HOURS_BANDS),
    byNumbers: buckets("json_extract(c.callLogFindings, '$.distinctNumbers')", NUMBERS_BANDS),
  };
}
