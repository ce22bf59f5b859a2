import { isoDateIn } from "../dates";
import { fillMonths, rankInstitutions, rate, shareAnsweredInTime, type StatsFilter } from "./shape";

/**
 * The dashboard's counts, however they were counted (the statistics index or the SQL reference),
 * and the one function that turns them into what the page shows. Both ways go through it, so
 * comparing two dashboards compares the counts.
 */

export interface KeyCount {
  key: string;
  count: number;
}

export interface DashboardCounts {
  totals: {
    total: number;
    routedToBank: number;
    responded: number;
    /** Routed to a bank and either answered or past the deadline in force at `now` (domain/timely.ts). */
    bankDue: number;
    /** Answered by the deadline in force (domain/timely.ts): the export's "Timely response? Yes". */
    answeredInTime: number;
    /** With a missed deadline or a dispute. */
    escalated: number;
    disputed: number;
  };
  /** `foundByReviewer`: complaints where a reviewer found the category though the consumer did not allege it, apart from the alleged ones. */
  byCategory: { category: string; alleged: number; substantiated: number; foundByReviewer: number }[];
  /** One row per institution of the directory (id) or per typed name (id null); name in the page's language. */
  byInstitution: { id: string | null; name: string; count: number; due: number; inTime: number }[];
  byProduct: KeyCount[];
  byRegion: KeyCount[];
  byStatus: KeyCount[];
  outcomes: KeyCount[];
  /** Months of filing in China's calendar ("YYYY-MM"), only those with complaints. */
  months: { month: string; count: number }[];
  callLogs: {
    complaints: number;
    calls: number;
    outside: number;
    withStrong: number;
    byRule: { ruleId: string; count: number }[];
    byOutsideHours: number[];
    byNumbers: number[];
  };
}

// Equal counts in a fixed order, so two ways of counting give the same lists.
const byCountThenKey = (a: KeyCount, b: KeyCount) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const counted = (rows: KeyCount[]) => [...rows].sort(byCountThenKey);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function assembleDashboard(counts: DashboardCounts, filter: StatsFilter, locale: string) {
  const { totals } = counts;
  const monthRows = [...counts.months].sort((a, b) => compareText(a.month, b.month));
  const firstMonth = filter.from?.slice(0, 7) ?? monthRows[0]?.month;
  // No complaint is filed in the future: a far "to" does not draw decades of empty months.
  const latest = [isoDateIn(new Date()).slice(0, 7), monthRows.at(-1)?.month ?? ""].sort()[1];
  const lastMonth = filter.to ? (filter.to.slice(0, 7) < latest ? filter.to.slice(0, 7) : latest) : monthRows.at(-1)?.month;
  // rankInstitutions keeps the order of rows it cannot tell apart (same count, same name): make it fixed.
  const institutions = [...counts.byInstitution].sort((a, b) => compareText(a.id ?? "", b.id ?? "") || compareText(a.name, b.name));
  return {
    total: totals.total,
    timelyResponses: totals.answeredInTime,
    byCategory: [...counts.byCategory].sort((a, b) => b.alleged - a.alleged || compareText(a.category, b.category)),
    byInstitution: rankInstitutions(institutions, locale).map((r) => ({ ...r, share: r.due ? shareAnsweredInTime(Math.min(r.inTime, r.due), r.due) : null })),
    byProduct: counted(counts.byProduct),
    byRegion: counted(counts.byRegion),
    byStatus: counted(counts.byStatus),
    outcomes: counted(counts.outcomes),
    byMonth: firstMonth && lastMonth ? fillMonths(monthRows, firstMonth, lastMonth) : [],
    callLogs: {
      ...counts.callLogs,
      byRule: [...counts.callLogs.byRule].sort((a, b) => b.count - a.count || compareText(a.ruleId, b.ruleId)),
    },
    rates: {
      answeredInTime: totals.bankDue ? shareAnsweredInTime(Math.min(totals.answeredInTime, totals.bankDue), totals.bankDue) : null,
      escalation: rate(totals.escalated, totals.routedToBank),
      dispute: rate(totals.disputed, totals.responded),
    },
  };
}

export type Dashboard = ReturnType<typeof assembleDashboard>;
