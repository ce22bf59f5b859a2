import { isoDateIn } from "~/domain/dates";
import { fillMonths, NUMBERS_BANDS, OUTSIDE_HOURS_BANDS, rankInstitutions, rate, shareAnsweredInTime, type StatsFilter } from "~/domain/stats/shape";
import { db } from "./db.server";
import { deadlineSettings } from "./env.server";
import { statsWhere } from "./stats-where.server";

/**
 * Violation statistics as SQL aggregates: nothing here loads complaints into memory.
 * Dates are stored as ISO text with "+00:00", so bounds are passed in the same form.
 */

const iso = (date: Date) => date.toISOString().replace("Z", "+00:00");

type Row = Record<string, unknown>;
const num = (value: unknown) => Number(value ?? 0); // SQLite counts come back as BigInt

async function query(sql: string, params: unknown[]): Promise<Row[]> {
  return db.$queryRawUnsafe<Row[]>(sql, ...params);
}

export async function getDashboard(filter: StatsFilter, locale: string, now = new Date()) {
  const where = statsWhere(filter);
  const { bankResponseDays, bankExtendedDays } = deadlineSettings;
  const limit = `(CASE WHEN c.extended THEN ${Number(bankExtendedDays)} ELSE ${Number(bankResponseDays)} END)`;
  const [totals] = await query(
    `SELECT COUNT(*) AS total,
       SUM(c.routedTo = 'bank') AS routedToBank,
       SUM(c.respondedAt IS NOT NULL) AS responded,
       SUM(c.routedTo = 'bank' AND (c.respondedAt IS NOT NULL OR julianday(?) - julianday(c.routedAt) > ${limit})) AS bankDue,
       SUM(c.respondedAt IS NOT NULL AND julianday(c.respondedAt) - julianday(c.routedAt) <= ${limit}) AS answeredInTime,
       SUM(EXISTS (SELECT 1 FROM Event e WHERE e.complaintId = c.id AND e.type IN ('miss_deadline', 'disputed'))) AS escalated,
       SUM(EXISTS (SELECT 1 FROM Event e WHERE e.complaintId = c.id AND e.type = 'disputed')) AS disputed
     FROM Complaint c ${where.sql}`,
    [iso(now), ...where.params],
  );
  const byCategory = await query(
    `SELECT cc.category AS category, COUNT(*) AS alleged, SUM(cc.substantiated = 1) AS substantiated
     FROM ComplaintCategory cc JOIN Complaint c ON c.id = cc.complaintId ${where.sql}
     GROUP BY cc.category ORDER BY alleged DESC`,
    where.params,
  );
  const byInstitution = await query(
    `SELECT c.institutionId AS id, COALESCE(${locale === "en" ? "i.nameEn" : "i.nameZh"}, c.institutionName) AS name, COUNT(*) AS count,
       SUM(c.routedTo = 'bank' AND (c.respondedAt IS NOT NULL OR julianday(?) - julianday(c.routedAt) > ${limit})) AS due,
       SUM(c.respondedAt IS NOT NULL AND julianday(c.respondedAt) - julianday(c.routedAt) <= ${limit}) AS inTime
     FROM Complaint c LEFT JOIN Institution i ON i.id = c.institutionId ${where.sql}
     GROUP BY c.institutionId, name`,
    [iso(now), ...where.params],
  );
  const groupCount = (column: string, within = where) =>
    query(`SELECT ${column} AS key, COUNT(*) AS count FROM Complaint c ${within.sql} GROUP BY key ORDER BY count DESC`, within.params);
  const [byProduct, byRegion, byStatus, outcomes] = await Promise.all([
    groupCount("c.product"),
    groupCount("c.region"),
    groupCount("c.status"),
    groupCount("c.outcome", statsWhere(filter, "c.outcome IS NOT NULL")),
  ]);
  // Months in China's calendar.
  const months = await query(
    `SELECT strftime('%Y-%m', c.createdAt, '+8 hours') AS month, COUNT(*) AS count FROM Complaint c ${where.sql} GROUP BY month ORDER BY month`,
    where.params,
  );

  const callLogs = await callLogDistribution(statsWhere(filter, "c.callLogFindings IS NOT NULL"));

  const counted = (rows: Row[]) => rows.map((r) => ({ key: String(r.key), count: num(r.count) }));
  const monthRows = months.map((m) => ({ month: String(m.month), count: num(m.count) }));
  const firstMonth = filter.from?.slice(0, 7) ?? monthRows[0]?.month;
  // No complaint is filed in the future: a far "to" does not draw decades of empty months.
  const latest = [isoDateIn(new Date()).slice(0, 7), monthRows.at(-1)?.month ?? ""].sort()[1];
  const lastMonth = filter.to ? (filter.to.slice(0, 7) < latest ? filter.to.slice(0, 7) : latest) : monthRows.at(-1)?.month;
  return {
    total: num(totals.total),
    byCategory: byCategory.map((r) => ({ category: String(r.category), alleged: num(r.alleged), substantiated: num(r.substantiated) })),
    byInstitution: rankInstitutions(
      byInstitution.map((r) => ({
        id: typeof r.id === "string" ? r.id : null,
        name: String(r.name),
        count: num(r.count),
        due: num(r.due),
        inTime: num(r.inTime),
      })),
      locale,
    ).map((r) => ({ ...r, share: r.due ? shareAnsweredInTime(Math.min(r.inTime, r.due), r.due) : null })),
    byProduct: counted(byProduct),
    byRegion: counted(byRegion),
    byStatus: counted(byStatus),
    outcomes: counted(outcomes),
    byMonth: firstMonth && lastMonth ? fillMonths(monthRows, firstMonth, lastMonth) : [],
    callLogs,
    rates: {
      answeredInTime: totals.bankDue ? shareAnsweredInTime(Math.min(num(totals.answeredInTime), num(totals.bankDue)), num(totals.bankDue)) : null,
      escalation: rate(num(totals.escalated), num(totals.routedToBank)),
      dispute: rate(num(totals.disputed), num(totals.responded)),
    },
  };
}

function bucketSql(expression: string, bounds: readonly number[]): string {
  return `CASE ${bounds.map((bound, i) => `WHEN ${expression} <= ${bound} THEN ${i}`).join(" ")} ELSE ${bounds.length} END`;
}

/**
 * What the complaints' call logs show, counted across complaints: how many breach each
 * rule, and how many fall in each band of night calls and of distinct calling numbers.
 * Read from the stored analyses (China's rules) with SQLite's JSON functions.
 */
async function callLogDistribution(withLog: { sql: string; params: unknown[] }) {
  const [totals] = await query(
    `SELECT COUNT(*) AS complaints,
       SUM(json_extract(c.callLogFindings, '$.totalCalls')) AS calls,
       SUM(json_extract(c.callLogFindings, '$.outsideHours.count')) AS outside,
       SUM(json_extract(c.callLogFindings, '$.strongFindings') > 0) AS withStrong
     FROM Complaint c ${withLog.sql}`,
    withLog.params,
  );
  const byRule = await query(
    `SELECT json_extract(r.value, '$.ruleId') AS key, COUNT(*) AS count
     FROM Complaint c, json_each(c.callLogFindings, '$.results') r ${withLog.sql} AND json_extract(r.value, '$.breached') = 1
     GROUP BY key ORDER BY count DESC`,
    withLog.params,
  );
  const buckets = (expression: string, bounds: readonly number[]) =>
    query(`SELECT ${bucketSql(expression, bounds)} AS bucket, COUNT(*) AS count FROM Complaint c ${withLog.sql} GROUP BY bucket`, withLog.params);
  const filled = (rows: Row[], bounds: readonly number[]) =>
    Array.from({ length: bounds.length + 1 }, (_, i) => num(rows.find((r) => num(r.bucket) === i)?.count));
  const [outside, numbers] = await Promise.all([
    buckets("json_extract(c.callLogFindings, '$.outsideHours.count')", OUTSIDE_HOURS_BANDS),
    buckets("json_extract(c.callLogFindings, '$.distinctNumbers')", NUMBERS_BANDS),
  ]);
  return {
    complaints: num(totals.complaints),
    calls: num(totals.calls),
    outside: num(totals.outside),
    withStrong: num(totals.withStrong),
    byRule: byRule.map((r) => ({ ruleId: String(r.key), count: num(r.count) })),
    byOutsideHours: filled(outside, OUTSIDE_HOURS_BANDS),
    byNumbers: filled(numbers, NUMBERS_BANDS),
  };
}

export type Dashboard = Awaited<ReturnType<typeof getDashboard>>;
